import type { SheetProperties } from '../sheets/sheets-api-types';
import { CellGrid } from './cell-grid';
import type { StoredSheet } from './stored-spreadsheet';

// A new grid sheet is 1000 rows × 26 columns (§1).
const DEFAULT_ROWS = 1000;
const DEFAULT_COLUMNS = 26;

/** An empty sheet with the given properties; grid sheets get the default 1000 × 26 grid. */
export function createStoredSheet(
  properties: SheetProperties & { sheetId: number; title: string },
): StoredSheet {
  const { index: _index, sheetType = 'GRID', gridProperties, ...rest } = properties;
  const stored: SheetProperties = { ...rest, sheetType };
  if (sheetType === 'GRID') {
    stored.gridProperties = {
      ...gridProperties,
      rowCount: gridProperties?.rowCount || DEFAULT_ROWS,
      columnCount: gridProperties?.columnCount || DEFAULT_COLUMNS,
    };
  }
  return {
    properties: stored,
    grid: new CellGrid(),
    rowMetadata: [],
    columnMetadata: [],
    merges: [],
    protectedRanges: [],
    conditionalFormats: [],
    charts: [],
    developerMetadata: [],
  };
}
