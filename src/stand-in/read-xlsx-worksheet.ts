import type ExcelJS from 'exceljs';
import type { DimensionProperties, GridRange } from '../sheets/sheets-api-types';
import { columnNames } from './column-names';
import { createStoredSheet } from './create-stored-sheet';
import { readXlsxCell } from './read-xlsx-cell';
import { StoredCell } from './stored-cell';
import type { StoredSheet } from './stored-spreadsheet';
import { xlsxColors } from './xlsx-colors';
import { xlsxWorksheetGeometry } from './xlsx-worksheet-geometry';

// An imported tab gets at least Google's default grid of 1000 × 26.
const MIN_ROWS = 1000;
const MIN_COLUMNS = 26;

function dimension(
  pixels: number | undefined,
  hidden: boolean | undefined,
): DimensionProperties | undefined {
  if (pixels === undefined && !hidden) return undefined;
  const properties: DimensionProperties = {};
  if (pixels !== undefined) properties.pixelSize = pixels;
  if (hidden) properties.hiddenByUser = true;
  return properties;
}

/**
 * A worksheet as a stand-in sheet: cells (see readXlsxCell), grid size, frozen rows and
 * columns, tab colour, hidden state, column widths, row heights and merges.
 */
export function readXlsxWorksheet(
  worksheet: ExcelJS.Worksheet,
  sheetId: number,
  title: string,
): StoredSheet {
  const view = worksheet.views?.[0];
  const frozen = view?.state === 'frozen' ? (view as ExcelJS.WorksheetViewFrozen) : undefined;
  const tabColor = xlsxColors.fromArgb(worksheet.properties?.tabColor?.argb);
  const sheet = createStoredSheet({
    sheetId,
    title,
    gridProperties: {
      rowCount: Math.max(MIN_ROWS, worksheet.rowCount),
      columnCount: Math.max(MIN_COLUMNS, worksheet.columnCount),
      ...(frozen?.ySplit ? { frozenRowCount: frozen.ySplit } : {}),
      ...(frozen?.xSplit ? { frozenColumnCount: frozen.xSplit } : {}),
    },
    ...(worksheet.state === 'visible' ? {} : { hidden: true }),
    ...(tabColor ? { tabColorStyle: { rgbColor: tabColor } } : {}),
  });
  const rowCount = sheet.properties.gridProperties?.rowCount ?? MIN_ROWS;
  const read = (cell: ExcelJS.Cell) => {
    const data = readXlsxCell(cell);
    if (data) sheet.grid.set(Number(cell.row) - 1, Number(cell.col) - 1, StoredCell.compact(data));
  };
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    sheet.rowMetadata[rowNumber - 1] = dimension(
      row.height === undefined ? undefined : xlsxWorksheetGeometry.rowPixels(row.height),
      row.hidden,
    );
    row.eachCell({ includeEmpty: true }, read);
  });
  // Validations live apart from cells: a template's drop-downs usually sit on rows still empty.
  for (const address of xlsxWorksheetGeometry.validatedAddresses(worksheet)) {
    const match = /^\$?([A-Z]+)\$?(\d+)$/.exec(address);
    if (!match?.[1] || !match[2]) continue;
    const row = Number(match[2]) - 1;
    const column = columnNames.index(match[1]);
    // Checked before getCell, which would add cells (and rows) to the workbook.
    if (row < rowCount && sheet.grid.get(row, column) === undefined)
      read(worksheet.getCell(address));
  }
  const columns = Math.max(worksheet.columnCount, worksheet.columns?.length ?? 0);
  for (let c = 1; c <= columns; c++) {
    const column = worksheet.getColumn(c);
    const pixels =
      column.width === undefined ? undefined : xlsxWorksheetGeometry.columnPixels(column.width);
    sheet.columnMetadata[c - 1] = dimension(pixels, column.hidden);
  }
  sheet.merges = xlsxWorksheetGeometry.merges(worksheet).map(
    (merge): GridRange => ({
      ...(sheetId === 0 ? {} : { sheetId }),
      startRowIndex: merge.top - 1,
      endRowIndex: merge.bottom,
      startColumnIndex: merge.left - 1,
      endColumnIndex: merge.right,
    }),
  );
  return sheet;
}
