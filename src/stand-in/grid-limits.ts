import { formatA1Range, type GridWindow } from './format-a1-range';
import { SheetsApiError } from './sheets-api-error';
import type { StoredSheet } from './stored-spreadsheet';

/** A window with every edge set. */
export interface BoundedWindow {
  startRow: number;
  endRow: number;
  startColumn: number;
  endColumn: number;
}

function limitError(sheet: StoredSheet, window: GridWindow): SheetsApiError {
  const grid = sheet.properties.gridProperties;
  return SheetsApiError.invalid(
    `Range (${formatA1Range(sheet.properties.title ?? '', window)}) exceeds grid limits. Max rows: ${grid?.rowCount ?? 0}, max columns: ${grid?.columnCount ?? 0}`,
  );
}

/** Fitting ranges to a sheet's grid, and Google's error when they do not fit. */
export const gridLimits = {
  /**
   * Bounds open edges to the grid and clamps ends past it, as reads do (§0.3); a start outside
   * the grid is a 400 `Range (…) exceeds grid limits`.
   */
  bound(sheet: StoredSheet, window: GridWindow): BoundedWindow {
    const rowCount = sheet.properties.gridProperties?.rowCount ?? 0;
    const columnCount = sheet.properties.gridProperties?.columnCount ?? 0;
    const startRow = window.startRow ?? 0;
    const startColumn = window.startColumn ?? 0;
    if (startRow >= rowCount || startColumn >= columnCount) throw limitError(sheet, window);
    return {
      startRow,
      endRow: Math.min(window.endRow ?? rowCount, rowCount),
      startColumn,
      endColumn: Math.min(window.endColumn ?? columnCount, columnCount),
    };
  },

  /** Throws the grid-limits error unless the whole window lies inside the grid, as writes need. */
  check(sheet: StoredSheet, window: GridWindow): void {
    const rowCount = sheet.properties.gridProperties?.rowCount ?? 0;
    const columnCount = sheet.properties.gridProperties?.columnCount ?? 0;
    if (
      (window.startRow ?? 0) >= rowCount ||
      (window.startColumn ?? 0) >= columnCount ||
      (window.endRow ?? 0) > rowCount ||
      (window.endColumn ?? 0) > columnCount
    ) {
      throw limitError(sheet, window);
    }
  },
};
