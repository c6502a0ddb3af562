import type { OutputTabName } from './workbook-schema';

/**
 * The output tabs as data: values plus named styles over ranges. Writers (the Sheets
 * batchUpdate builder and the .xlsx writer) turn the styles into formatting, so the layout is
 * decided once, here.
 */

/** A value written to a cell; always a plain value, never a formula. */
export type OutputValue = string | number | boolean | null;

/**
 * - `title`: the tab's heading, large and bold.
 * - `section`: a section heading, bold.
 * - `header`: a table's header row: bold on a grey band.
 * - `label`: a row label, bold.
 * - `percent`: a number shown as a percentage.
 * - `good` / `warn` / `bad`: green, amber and red backgrounds for rates and states.
 * - `muted`: secondary text in grey.
 * - `wrap`: long text wrapped inside the column.
 * - `top`: aligned to the top of a row that wrapped text makes taller.
 * - `center`: centred (the `—` of a rate nobody is counted in).
 */
export type CellStyle =
  | 'title'
  | 'section'
  | 'header'
  | 'label'
  | 'percent'
  | 'good'
  | 'warn'
  | 'bad'
  | 'muted'
  | 'wrap'
  | 'top'
  | 'center';

/** A style over a block of cells (0-based, like the Sheets API's GridRange). */
export interface StyledRange {
  row: number;
  column: number;
  rows: number;
  columns: number;
  style: CellStyle;
}

/** A block the front end may chart: a label column and value columns with a header row. */
export interface ChartRegion {
  /** The chart's Chinese title. */
  title: string;
  /** The header row (0-based). */
  headerRow: number;
  /** Data rows below the header. */
  rows: number;
  labelColumn: number;
  valueColumns: number[];
}

/**
 * How a tab prints: on A4, one page wide (as many pages tall as it takes), its frozen header
 * rows repeated on every page, and a page header naming the committee, the tab and the date.
 */
export interface PrintLayout {
  /** Landscape when the columns are wider than a portrait page. */
  landscape: boolean;
  /** The page header's left, centre and right parts. */
  header: [string, string, string];
  /** The page footer; `{page}` and `{pages}` stand for the page number and count. */
  footer: string;
}

/** A tab the sync rewrites whole: a committee's by default, or the rollup's (`Name`). */
export interface OutputTab<Name extends string = Exclude<OutputTabName, '历史'>> {
  name: Name;
  rows: OutputValue[][];
  styles: StyledRange[];
  /** Pixel widths, one per column, fitted to the content. */
  columnWidths: number[];
  /** Pixel heights, one per row: taller where wrapped text takes more lines. */
  rowHeights: number[];
  /** Header rows kept in view on screen and repeated on every printed page. */
  frozenRows: number;
  charts: ChartRegion[];
  print: PrintLayout;
  /**
   * For a tab the sync reads back whole (缺口台账): the 0-based row of the tab as read that each
   * row of `rows` was read from, or -1 for a row this sync adds; rows read keep their order and
   * added rows come last. The write then edits the tab instead of rewriting it: it deletes the
   * rows read that are gone, rewrites the rows whose cells changed, and appends the new ones.
   */
  readRows?: number[];
}

/**
 * The 历史 update: row 1 is the header; exactly one other row is written, the as-of date's.
 * Every other row, including rows staff added, is left as it is (contract §2.2). `header`,
 * `row`, `styles` and `columnWidths` list the sync's columns in order; `columns` says where in
 * the tab each one is.
 */
export interface HistoryUpdate {
  header: OutputValue[];
  /** 0-based index of the row to write: the as-of date's existing row, or the first free row. */
  rowIndex: number;
  row: OutputValue[];
  /**
   * The 0-based tab column of each listed column: A–H for the first eight, then the three
   * counts (`组织 已/应` …) side by side, from column I or right of the columns staff use.
   */
  columns: number[];
  /** Styles for the header and the written row (0-based rows of the tab, columns as listed). */
  styles: StyledRange[];
  /** Pixel widths fitted to the header and the written row, one per listed column. */
  columnWidths: number[];
  /** A line chart of the three rates over time, drawn from the whole tab. */
  chart: ChartRegion;
  print: PrintLayout;
}
