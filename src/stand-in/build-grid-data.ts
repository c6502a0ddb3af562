import type {
  CellData,
  DeveloperMetadata,
  DimensionProperties,
  GridData,
  RowData,
} from '../sheets/sheets-api-types';
import type { BoundedWindow } from './grid-limits';
import type { FieldMask } from './parse-field-mask';
import { projectFields } from './project-fields';
import { renderCellValue } from './render-cell-value';
import { StoredCell } from './stored-cell';
import type { StoredSheet } from './stored-spreadsheet';

// Google's default row height and column width, in pixels.
const DEFAULT_ROW_PIXELS = 21;
const DEFAULT_COLUMN_PIXELS = 100;

function selects(mask: FieldMask | true, field: string): FieldMask | true | undefined {
  if (mask === true || mask.has('*')) return true;
  return mask.get(field);
}

function fullView(cell: StoredCell, withFormatted: boolean): CellData {
  const formatted = withFormatted
    ? renderCellValue(cell, 'FORMATTED_VALUE', 'SERIAL_NUMBER')
    : undefined;
  if (typeof cell !== 'object') {
    const value = StoredCell.plainValue(cell);
    const view: CellData = { userEnteredValue: value, effectiveValue: value };
    if (formatted !== undefined) view.formattedValue = String(formatted);
    return view;
  }
  const { userEnteredValue, effectiveValue, ...rest } = cell;
  const view: CellData = {};
  if (userEnteredValue) view.userEnteredValue = userEnteredValue;
  if (effectiveValue) view.effectiveValue = effectiveValue;
  if (formatted !== undefined) view.formattedValue = String(formatted);
  return Object.assign(view, rest);
}

// Compiles the mask once per block: grid reads can cover millions of cells.
function cellViewer(mask: FieldMask | true): (cell: StoredCell) => CellData {
  const withFormatted = selects(mask, 'formattedValue') !== undefined;
  if (mask === true || mask.has('*')) return (cell) => fullView(cell, withFormatted);
  const keys = [...mask.keys()] as Array<keyof CellData>;
  if ([...mask.values()].some((sub) => sub !== true)) {
    return (cell) => projectFields(fullView(cell, withFormatted), mask) as CellData;
  }
  return (cell) => {
    const view = fullView(cell, withFormatted);
    const picked: CellData = {};
    for (const key of keys)
      if (view[key] !== undefined) (picked as Record<string, unknown>)[key] = view[key];
    return picked;
  };
}

function dimensionMetadata(
  sheet: StoredSheet,
  locationType: 'ROW' | 'COLUMN',
): Map<number, DeveloperMetadata[]> {
  const byIndex = new Map<number, DeveloperMetadata[]>();
  for (const metadata of sheet.developerMetadata) {
    if (metadata.location?.locationType !== locationType) continue;
    const index = metadata.location.dimensionRange?.startIndex ?? 0;
    byIndex.set(index, [...(byIndex.get(index) ?? []), metadata]);
  }
  return byIndex;
}

function dimensionView(
  stored: Array<DimensionProperties | undefined>,
  start: number,
  end: number,
  defaultPixels: number,
  metadata: Map<number, DeveloperMetadata[]>,
  mask: FieldMask | true,
): DimensionProperties[] {
  const out: DimensionProperties[] = [];
  for (let index = start; index < end; index++) {
    const entry: DimensionProperties = { pixelSize: stored[index]?.pixelSize ?? defaultPixels };
    if (stored[index]?.hiddenByUser) entry.hiddenByUser = true;
    const attached = metadata.get(index);
    if (attached) entry.developerMetadata = attached;
    out.push(mask === true ? entry : (projectFields(entry, mask) as DimensionProperties));
  }
  return out;
}

function rowData(sheet: StoredSheet, window: BoundedWindow, mask: FieldMask | true): RowData[] {
  const { grid } = sheet;
  let lastRow = Math.min(window.endRow, grid.height) - 1;
  while (
    lastRow >= window.startRow &&
    !grid.hasCellIn(lastRow, window.startColumn, window.endColumn)
  ) {
    lastRow--;
  }
  const view = cellViewer(mask);
  const rows: RowData[] = [];
  for (let row = window.startRow; row <= lastRow; row++) {
    const cells = grid.row(row);
    const values: CellData[] = [];
    if (cells) {
      let lastColumn = Math.min(window.endColumn, cells.length) - 1;
      while (lastColumn >= window.startColumn && cells[lastColumn] === undefined) lastColumn--;
      for (let column = window.startColumn; column <= lastColumn; column++) {
        const cell = cells[column];
        values.push(cell === undefined ? {} : view(cell));
      }
    }
    rows.push(values.length > 0 ? { values } : {});
  }
  return rows;
}

/**
 * One GridData block of spreadsheets.get: rowData trimmed after the last non-empty row, `{}` for
 * empty interior cells, full-length row and column metadata, and only what the mask selects.
 */
export function buildGridData(
  sheet: StoredSheet,
  window: BoundedWindow,
  mask: FieldMask | true,
): GridData {
  const data: GridData = {};
  if (window.startRow > 0) data.startRow = window.startRow;
  if (window.startColumn > 0) data.startColumn = window.startColumn;
  const rowMask = selects(mask, 'rowData');
  if (rowMask !== undefined) {
    const valuesMask = rowMask === true ? true : selects(rowMask, 'values');
    const rows = rowData(sheet, window, valuesMask ?? new Map());
    if (rows.length > 0) data.rowData = valuesMask === undefined ? rows.map(() => ({})) : rows;
  }
  const rowMetadataMask = selects(mask, 'rowMetadata');
  if (rowMetadataMask !== undefined) {
    data.rowMetadata = dimensionView(
      sheet.rowMetadata,
      window.startRow,
      window.endRow,
      DEFAULT_ROW_PIXELS,
      dimensionMetadata(sheet, 'ROW'),
      rowMetadataMask,
    );
  }
  const columnMetadataMask = selects(mask, 'columnMetadata');
  if (columnMetadataMask !== undefined) {
    data.columnMetadata = dimensionView(
      sheet.columnMetadata,
      window.startColumn,
      window.endColumn,
      DEFAULT_COLUMN_PIXELS,
      dimensionMetadata(sheet, 'COLUMN'),
      columnMetadataMask,
    );
  }
  return data;
}
