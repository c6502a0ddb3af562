import { columnNames } from './column-names';
import type { GridWindow } from './format-a1-range';
import { SheetsApiError } from './sheets-api-error';
import type { StoredSheet } from './stored-spreadsheet';

/** A parsed A1 range: its sheet and its window, unbounded where the text left an edge open. */
export interface A1Range {
  sheet: StoredSheet;
  window: GridWindow;
}

interface Corner {
  column?: number;
  row?: number;
}

const MAX_COLUMN_LETTERS = 3; // ZZZ, column 18,278, is the widest grid Google allows.
const A1_CORNER = /^\$?([A-Za-z]{1,3})?\$?([1-9]\d*)?$/;
const R1C1 = /^[Rr]([1-9]\d*)[Cc]([1-9]\d*)(?::[Rr]([1-9]\d*)[Cc]([1-9]\d*))?$/;

function parseCorner(text: string): Corner | undefined {
  const match = A1_CORNER.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  if (match[1] && match[1].length > MAX_COLUMN_LETTERS) return undefined;
  return {
    column: match[1] === undefined ? undefined : columnNames.index(match[1]),
    row: match[2] === undefined ? undefined : Number(match[2]) - 1,
  };
}

function ordered(
  a: number | undefined,
  b: number | undefined,
): [number | undefined, number | undefined] {
  return a !== undefined && b !== undefined && b < a ? [b, a] : [a, b];
}

/** The window of a cell reference (`B2`, `A1:C`, `A:A`, `1:2`, `R1C1:R2C2`); undefined if it is not one. */
function parseCells(text: string): GridWindow | undefined {
  const r1c1 = R1C1.exec(text);
  if (r1c1) {
    const [startRow, endRow] = ordered(Number(r1c1[1]) - 1, Number(r1c1[3] ?? r1c1[1]) - 1);
    const [startColumn, endColumn] = ordered(Number(r1c1[2]) - 1, Number(r1c1[4] ?? r1c1[2]) - 1);
    return {
      startRow,
      endRow: (endRow ?? 0) + 1,
      startColumn,
      endColumn: (endColumn ?? 0) + 1,
    };
  }
  const parts = text.split(':');
  if (parts.length > 2) return undefined;
  const first = parseCorner(parts[0] ?? '');
  if (!first) return undefined;
  if (parts.length === 1) {
    // A lone corner must be a whole cell: `A` or `5` alone is not a range.
    if (first.column === undefined || first.row === undefined) return undefined;
    return {
      startRow: first.row,
      endRow: first.row + 1,
      startColumn: first.column,
      endColumn: first.column + 1,
    };
  }
  const second = parseCorner(parts[1] ?? '');
  if (!second) return undefined;
  // `A:5` or `1:B` mixes a bare column with a bare row.
  if (first.row === undefined && second.column === undefined) return undefined;
  if (first.column === undefined && second.row === undefined) return undefined;
  const [startRow, lastRow] = ordered(first.row, second.row);
  const [startColumn, lastColumn] = ordered(first.column, second.column);
  return {
    startRow,
    endRow: lastRow === undefined ? undefined : lastRow + 1,
    startColumn,
    endColumn: lastColumn === undefined ? undefined : lastColumn + 1,
  };
}

function findSheet(sheets: readonly StoredSheet[], title: string): StoredSheet | undefined {
  const grids = sheets.filter((sheet) => sheet.properties.sheetType !== 'OBJECT');
  const exact = grids.find((sheet) => sheet.properties.title === title);
  if (exact) return exact;
  const folded = title.toLowerCase();
  return grids.find((sheet) => sheet.properties.title?.toLowerCase() === folded);
}

function readQuotedTitle(text: string): { title: string; rest: string } | undefined {
  let title = '';
  for (let i = 1; i < text.length; i++) {
    if (text[i] !== "'") {
      title += text[i];
    } else if (text[i + 1] === "'") {
      title += "'";
      i++;
    } else {
      return { title, rest: text.slice(i + 1) };
    }
  }
  return undefined;
}

/**
 * Parses an A1 (or R1C1) range the way the Sheets API does (§0.3): quoted or unquoted titles,
 * a missing title meaning the first visible sheet, open ends and reversed corners. Throws 400
 * `Unable to parse range: <text>` for anything it cannot place on a sheet.
 */
export function parseA1Range(text: string, sheets: readonly StoredSheet[]): A1Range {
  const fail = (): never => {
    throw SheetsApiError.invalid(`Unable to parse range: ${text}`);
  };
  if (text.startsWith("'")) {
    const quoted = readQuotedTitle(text) ?? fail();
    const sheet = findSheet(sheets, quoted.title) ?? fail();
    if (quoted.rest === '') return { sheet, window: {} };
    if (!quoted.rest.startsWith('!')) return fail();
    return { sheet, window: parseCells(quoted.rest.slice(1)) ?? fail() };
  }
  const bang = text.lastIndexOf('!');
  if (bang >= 0) {
    const sheet = findSheet(sheets, text.slice(0, bang));
    const window = parseCells(text.slice(bang + 1));
    if (sheet && window) return { sheet, window };
  } else {
    // Unquoted `D3` is a cell, never a sheet called D3.
    const window = parseCells(text);
    if (window) {
      const first = sheets.find(
        (sheet) => !sheet.properties.hidden && sheet.properties.sheetType !== 'OBJECT',
      );
      return { sheet: first ?? fail(), window };
    }
  }
  return { sheet: findSheet(sheets, text) ?? fail(), window: {} };
}
