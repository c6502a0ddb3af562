import type { GridProperties } from '../sheets/sheets-api-types';
import { SheetsApiError } from './sheets-api-error';

/**
 * Google refuses a grid whose frozen rows (or columns) reach its last row (or column): at least
 * one must scroll. The row sentence is observed (node-google-spreadsheet#528); the column one is
 * assumed to follow it.
 */
export function checkFrozenPanes(grid: GridProperties | undefined): void {
  if ((grid?.frozenRowCount ?? 0) >= (grid?.rowCount ?? 1))
    throw SheetsApiError.invalid("You can't freeze all visible rows on the sheet.");
  if ((grid?.frozenColumnCount ?? 0) >= (grid?.columnCount ?? 1))
    throw SheetsApiError.invalid("You can't freeze all visible columns on the sheet.");
}
