/**
 * What the domain is given: the cell grids of a workbook's tabs, as the Sheets API returns
 * them (ragged rows, omitted trailing cells, numbers, booleans, strings, date serials), and
 * the clock and time zone as plain values.
 */

/** One cell: a string, a number (dates are serials, epoch 1899-12-30), a boolean, or blank. */
export type CellValue = string | number | boolean | null | undefined;

/** Rows of cells; row 0 is the header row. Rows may be ragged, missing, or empty. */
export type Grid = ReadonlyArray<ReadonlyArray<CellValue> | undefined>;

/** How a sync was started; shown on the overview. */
export type SyncTrigger = 'menu' | 'schedule' | 'cli';

export interface WorkbookInput {
  /** Every tab of the workbook by its title, output tabs included (历史 is read back). */
  tabs: ReadonlyMap<string, Grid>;
  /** The moment of the sync (epoch milliseconds): "today" unless `asOf` is given. */
  now: number;
  /** The as-of date `YYYY-MM-DD`, for reproducible runs. */
  asOf?: string;
  /** The spreadsheet's own time zone, used when 设置 names none. */
  spreadsheetTimeZone?: string;
  trigger: SyncTrigger;
}
