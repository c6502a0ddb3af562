import type { CellStyle, OutputValue, StyledRange } from './output-tab';

/**
 * Column widths and row heights fitted to the content, in pixels, decided here once so that a
 * Google Sheet and an .xlsx opened in Excel, WPS or LibreOffice look the same. Widths are
 * estimated from the text: a CJK or other full-width character counts as two units, anything
 * else as one; a unit is about 7.5 px in the sheets' default fonts at 10–11 pt.
 */

const UNIT_PX = 7.5;
const PADDING_PX = 14;
const MIN_COLUMN_PX = 48;
/** Wider text wraps inside the column instead of widening it further. */
const MAX_COLUMN_PX = 300;
/**
 * Past this total width the widest columns narrow (their text wraps), down to NARROWEST_PX
 * each, so a wide tab still prints at a readable size on one A4 page across.
 */
const PAGE_PX = 1100;
const NARROWEST_PX = 150;
/** A header of six characters fits; a longer one wraps rather than widen a column of short values. */
const MIN_HEADER_PX = 120;
const BOLD_FACTOR = 1.1;
const ROW_PX = 21;
const TITLE_ROW_PX = 30;
const LINE_PX = 20;
/** Excel's tallest row is 409 pt; longer text is cut on screen, not in the cell. */
const MAX_ROW_PX = 540;

/** Text units a line of a cell this wide holds, padding left out. */
export function unitsIn(widthPx: number): number {
  return Math.floor((widthPx - PADDING_PX) / UNIT_PX);
}

/** What layOutTab decides for one tab. */
export interface TabLayout {
  columnWidths: number[];
  rowHeights: number[];
  /** `wrap` over each cell whose text is wider than its column, `top` over rows it heightens. */
  wraps: StyledRange[];
}

/**
 * Display units of a text (of `text[from, to)`): two for each wide (CJK, full-width) character,
 * one for others.
 */
export function textUnits(text: string, from = 0, to = text.length): number {
  let units = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x1100) units++;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair: emoji and the rarer CJK ideographs, both wide.
      units += isWide(text.codePointAt(i) ?? 0) ? 2 : 1;
      i++;
    } else units += isWide(code) ? 2 : 1;
  }
  return units;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** The text a spreadsheet shows for a value, a number as a percentage when `percent`. */
function shownText(value: string | number | boolean, percent: boolean): string {
  if (typeof value === 'number') return percent ? `${(value * 100).toFixed(1)}%` : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return value;
}

/** Pixels of a line of text, `text[from, to)`. */
function linePixels(text: string, bold: boolean, from: number, to: number): number {
  return Math.ceil(textUnits(text, from, to) * UNIT_PX * (bold ? BOLD_FACTOR : 1));
}

function textPixels(text: string, bold: boolean): number {
  // Only the longest line counts: explicit line breaks wrap by themselves.
  let widest = 0;
  for (let from = 0; ; ) {
    const end = text.indexOf('\n', from);
    widest = Math.max(widest, linePixels(text, bold, from, end < 0 ? text.length : end));
    if (end < 0) return widest;
    from = end + 1;
  }
}

function lineCount(text: string, bold: boolean, width: number): number {
  const inner = Math.max(width - PADDING_PX, UNIT_PX);
  let lines = 0;
  for (let from = 0; ; ) {
    const end = text.indexOf('\n', from);
    const px = linePixels(text, bold, from, end < 0 ? text.length : end);
    lines += Math.max(1, Math.ceil(px / inner));
    if (end < 0) break;
    from = end + 1;
  }
  return lines;
}

/** Narrows the widest columns alike until the tab fits PAGE_PX or they reach NARROWEST_PX. */
function fitToPage(widths: number[]): number[] {
  const total = (cap: number) => widths.reduce((sum, w) => sum + Math.min(w, cap), 0);
  let cap = Math.max(...widths);
  while (cap > NARROWEST_PX && total(cap) > PAGE_PX) cap -= 10;
  cap = Math.max(cap, NARROWEST_PX);
  return widths.map((w) => Math.min(w, cap));
}

/** The bit of each style that layOutTab looks at in a cell. */
const TITLE = 1;
const HEADER = 2;
const BOLD = 4;
const PERCENT = 8;
/** A cell whose text runs on over the empty cells to its right. */
const SPILL = 16;
const STYLE_BITS: Partial<Record<CellStyle, number>> = {
  title: TITLE | BOLD,
  header: HEADER | BOLD,
  label: BOLD,
  percent: PERCENT,
};

/** A cell: its row and column, 0-based. */
export interface CellAt {
  row: number;
  column: number;
}

/**
 * The style and spill bits of each cell of a `rows` × `columns` grid, row by row: one typed
 * array, not a list per cell, as a style over a whole column (缺口台账's) covers every row.
 */
function cellBits(
  styles: readonly StyledRange[],
  spills: readonly CellAt[],
  rows: number,
  columns: number,
): Uint8Array {
  const bits = new Uint8Array(rows * columns);
  for (const s of styles) {
    const bit = STYLE_BITS[s.style];
    if (bit === undefined) continue;
    for (let r = s.row; r < Math.min(s.row + s.rows, rows); r++)
      for (let c = s.column; c < Math.min(s.column + s.columns, columns); c++)
        bits[r * columns + c] = (bits[r * columns + c] as number) | bit;
  }
  for (const { row, column } of spills)
    if (row < rows && column >= 0 && column < columns)
      bits[row * columns + column] = (bits[row * columns + column] as number) | SPILL;
  return bits;
}

/** How a tab's columns are laid out when the default (fitted, wrapping) does not suit it. */
export interface ColumnFit {
  /** Widths the tab keeps whatever its content (with `wrap` only); fitted when absent. */
  columnWidths?: readonly number[];
  /**
   * Without wrapping every row keeps one line and a fitted column widens to its longest text
   * (within MAX_COLUMN_PX, not narrowed to the page): a long register stays a list to filter.
   */
  wrap: boolean;
}

/**
 * Fits columns to their cells: each column is as wide as its widest value (within
 * MAX_COLUMN_PX), headers wrap rather than widen a column past its values, and every row is
 * as tall as its most wrapped cell. `spills` holds cells whose text runs on over the empty
 * cells to their right — titles, notes — and so sets no width. `fit` gives the widths
 * instead, or keeps every row to one line.
 */
export function layOutTab(
  rows: readonly OutputValue[][],
  styles: readonly StyledRange[],
  spills: readonly CellAt[],
  fit: ColumnFit = { wrap: true },
): TabLayout {
  // A loop, not Math.max(...rows): a tab may have more rows than a call takes arguments.
  const columns = rows.reduce((widest, r) => Math.max(widest, r.length), 1);
  const bits = cellBits(styles, spills, rows.length, columns);
  const rowHeights = rows.map((_, r): number =>
    (bits[r * columns] as number) & TITLE ? TITLE_ROW_PX : ROW_PX,
  );
  const cells: Array<{ row: number; column: number; text: string; bold: boolean; px: number }> = [];
  const dataPx = new Array<number>(columns).fill(MIN_COLUMN_PX);
  const headerPx = new Array<number>(columns).fill(0);
  for (let r = 0; r < rows.length; r++) {
    const values = rows[r] as OutputValue[];
    for (let c = 0; c < values.length; c++) {
      const value = values[c];
      const flags = bits[r * columns + c] as number;
      if (value == null || value === '' || flags & SPILL) continue;
      const bold = (flags & BOLD) !== 0;
      const text = shownText(value, (flags & PERCENT) !== 0);
      const px = textPixels(text, bold) + PADDING_PX;
      // Only a cell that may wrap is looked at again: without wrapping none (20,000 ledger
      // rows keep no list); in fitted columns none up to MIN_HEADER_PX wide without a line
      // break, as a fitted column holds each of its values up to NARROWEST_PX and its header
      // up to MIN_HEADER_PX.
      if (fit.wrap && (fit.columnWidths || px > MIN_HEADER_PX || text.includes('\n')))
        cells.push({ row: r, column: c, text, bold, px });
      if (flags & HEADER) headerPx[c] = Math.max(headerPx[c] ?? 0, px);
      else dataPx[c] = Math.max(dataPx[c] ?? 0, Math.min(px, MAX_COLUMN_PX));
    }
  }
  const fitted = dataPx.map((data, c) =>
    Math.max(data, Math.min(headerPx[c] ?? 0, Math.max(data, MIN_HEADER_PX))),
  );
  if (!fit.wrap) return { columnWidths: fitted, rowHeights, wraps: [] };
  const columnWidths = fit.columnWidths ? [...fit.columnWidths] : fitToPage(fitted);

  const wraps: StyledRange[] = [];
  const tall = new Set<number>();
  for (const cell of cells) {
    const width = columnWidths[cell.column] ?? MIN_COLUMN_PX;
    if (cell.px <= width && !cell.text.includes('\n')) continue;
    wraps.push({ row: cell.row, column: cell.column, rows: 1, columns: 1, style: 'wrap' });
    const height = lineCount(cell.text, cell.bold, width) * LINE_PX + 4;
    rowHeights[cell.row] = Math.min(MAX_ROW_PX, Math.max(rowHeights[cell.row] ?? ROW_PX, height));
    tall.add(cell.row);
  }
  // In a row of several lines every cell starts at the top, where the eye reads the row.
  for (const row of tall)
    wraps.push({ row, column: 0, rows: 1, columns: rows[row]?.length ?? 1, style: 'top' });
  return { columnWidths, rowHeights, wraps };
}
