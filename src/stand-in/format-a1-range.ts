import { columnNames } from './column-names';

/** A rectangle on a sheet, 0-based and half-open; a missing edge is unbounded. */
export interface GridWindow {
  startRow?: number;
  endRow?: number;
  startColumn?: number;
  endColumn?: number;
}

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Titles that would read back as a reference: a cell (D3), a column (AB), or R1C1 (R2C3, RC, R1).
const LOOKS_LIKE_REFERENCE = /^([A-Za-z]{1,3}\d*|[Rr]\d*[Cc]?\d*)$/;

function quoteTitle(title: string): string {
  if (PLAIN_IDENTIFIER.test(title) && !LOOKS_LIKE_REFERENCE.test(title)) return title;
  return `'${title.replaceAll("'", "''")}'`;
}

function corner(column: number | undefined, row: number | undefined): string {
  return `${column === undefined ? '' : columnNames.letters(column)}${row === undefined ? '' : row + 1}`;
}

/**
 * The A1 text Google echoes for a range (§0.4): the title always present and quoted unless it is
 * a plain identifier that cannot be read as a reference, and a 1×1 range collapsed to one cell.
 */
export function formatA1Range(title: string, window: GridWindow): string {
  const { startRow, endRow, startColumn, endColumn } = window;
  // An unbounded start next to a bounded end reads as the first row or column.
  const start = corner(
    startColumn ?? (endColumn === undefined ? undefined : 0),
    startRow ?? (endRow === undefined ? undefined : 0),
  );
  const end = corner(
    endColumn === undefined ? undefined : endColumn - 1,
    endRow === undefined ? undefined : endRow - 1,
  );
  const single =
    startRow !== undefined &&
    startColumn !== undefined &&
    endRow === startRow + 1 &&
    endColumn === startColumn + 1;
  const cells = single ? start : start === '' && end === '' ? '' : `${start}:${end}`;
  return cells === '' ? quoteTitle(title) : `${quoteTitle(title)}!${cells}`;
}
