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

export interface OutputTab {
  name: Exclude<OutputTabName, '历史'>;
  rows: OutputValue[][];
  styles: StyledRange[];
  /** Pixel widths, one per column. */
  columnWidths: number[];
  frozenRows: number;
  charts: ChartRegion[];
}

/**
 * The 历史 update: row 1 is the header; exactly one other row is written, the as-of date's.
 * Every other row, including rows staff added, is left as it is (SPEC §2.2).
 */
export interface HistoryUpdate {
  header: OutputValue[];
  /** 0-based index of the row to write: the as-of date's existing row, or the first free row. */
  rowIndex: number;
  row: OutputValue[];
  /** Styles for the header and the written row (0-based rows of the tab). */
  styles: StyledRange[];
  columnWidths: number[];
  /** A line chart of the three rates over time, drawn from the whole tab. */
  chart: ChartRegion;
}
