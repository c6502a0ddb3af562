import type { CellValue, Grid } from '../domain/workbook-input';
import { errorLiterals } from '../sheets/error-literals';
import type { ExtendedValue, Sheet, Spreadsheet } from '../sheets/sheets-api-types';

/**
 * The one read of a sync: every tab's properties, our markers and every cell's effective
 * value (formulas as their results, dates as serials), in a single `spreadsheets.get`.
 */
export const READ_FIELDS = [
  'properties.timeZone',
  'sheets(properties(sheetId,title,index,sheetType,gridProperties(rowCount,columnCount,frozenRowCount))',
  'developerMetadata(metadataId,metadataKey,metadataValue)',
  'charts(chartId,spec.title)',
  'data(startRow,startColumn,rowData.values.effectiveValue))',
].join(',');

/** The tabs of a spreadsheet as the domain reads them, and how many cells were read. */
export interface WorkbookGrids {
  tabs: Map<string, Grid>;
  cellsRead: number;
}

/** A cell's effective value as the domain sees it; error cells read as their display text. */
function cellValueOf(value: ExtendedValue | undefined): CellValue {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.numberValue !== undefined) return value.numberValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.errorValue !== undefined) return errorLiterals.literal(value.errorValue);
  return undefined;
}

function gridOf(sheet: Sheet): { grid: CellValue[][]; cells: number } {
  const grid: CellValue[][] = [];
  let cells = 0;
  for (const block of sheet.data ?? []) {
    const top = block.startRow ?? 0;
    const left = block.startColumn ?? 0;
    block.rowData?.forEach((row, r) => {
      const values = row.values;
      if (!values || values.length === 0) return;
      let target = grid[top + r];
      if (!target) {
        target = [];
        grid[top + r] = target;
      }
      for (let c = 0; c < values.length; c++) {
        const value = cellValueOf(values[c]?.effectiveValue);
        if (value === undefined) continue;
        target[left + c] = value;
        cells++;
      }
    });
  }
  return { grid, cells };
}

/** Turns the read's grid data into the domain's tabs; chart and object sheets are left out. */
export function readWorkbook(spreadsheet: Spreadsheet): WorkbookGrids {
  const tabs = new Map<string, Grid>();
  let cellsRead = 0;
  for (const sheet of spreadsheet.sheets ?? []) {
    const { title, sheetType } = sheet.properties ?? {};
    if (title === undefined || (sheetType !== undefined && sheetType !== 'GRID')) continue;
    const { grid, cells } = gridOf(sheet);
    tabs.set(title, grid);
    cellsRead += cells;
  }
  return { tabs, cellsRead };
}
