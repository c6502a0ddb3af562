import { createStoredSheet } from './create-stored-sheet';
import type { StoredSheet, StoredSpreadsheet } from './stored-spreadsheet';

/** A cell value in a seed or a snapshot; null is an empty cell. */
export type SeedValue = string | number | boolean | null;

/** A compact description of a spreadsheet for tests: plain values, stored as RAW would store them. */
export interface SpreadsheetSeed {
  spreadsheetId?: string;
  title?: string;
  /** Defaults to Asia/Shanghai. */
  timeZone?: string;
  /** Defaults to en_US, what Google reports for API-created spreadsheets. */
  locale?: string;
  /** Restricts access to these e-mails (see SheetsStandIn.share); unset means everyone. */
  sharedWith?: string[];
  sheets: Array<{
    title: string;
    /** Defaults to 0 for the first sheet and a random id for the others, as Google does. */
    sheetId?: number;
    rows?: SeedValue[][];
    /** Default: 1000, or more if the rows need it. */
    rowCount?: number;
    /** Default: 26, or more if the rows need it. */
    columnCount?: number;
    hidden?: boolean;
  }>;
}

function seedSheet(seed: SpreadsheetSeed['sheets'][number], sheetId: number): StoredSheet {
  const rows = seed.rows ?? [];
  const width = rows.reduce((widest, row) => Math.max(widest, row.length), 0);
  const sheet = createStoredSheet({
    sheetId,
    title: seed.title,
    ...(seed.hidden ? { hidden: true } : {}),
    gridProperties: {
      rowCount: seed.rowCount ?? Math.max(1000, rows.length),
      columnCount: seed.columnCount ?? Math.max(26, width),
    },
  });
  rows.forEach((row, r) => {
    row.forEach((value, c) => {
      if (value !== null && value !== '') sheet.grid.set(r, c, value);
    });
  });
  return sheet;
}

/** Builds a stored spreadsheet from a seed; `newSheetId` supplies ids the seed leaves open. */
export function seedSpreadsheet(
  seed: SpreadsheetSeed,
  spreadsheetId: string,
  newSheetId: (taken: Set<number>) => number,
): StoredSpreadsheet {
  const taken = new Set(
    seed.sheets.flatMap((sheet) => (sheet.sheetId === undefined ? [] : [sheet.sheetId])),
  );
  const sheets = seed.sheets.map((sheet, index) => {
    let sheetId = sheet.sheetId;
    if (sheetId === undefined) {
      sheetId = index === 0 && !taken.has(0) ? 0 : newSheetId(taken);
      taken.add(sheetId);
    }
    return seedSheet(sheet, sheetId);
  });
  return {
    spreadsheetId,
    properties: {
      title: seed.title ?? 'Untitled spreadsheet',
      locale: seed.locale ?? 'en_US',
      timeZone: seed.timeZone ?? 'Asia/Shanghai',
    },
    sheets,
    developerMetadata: [],
    sharedWith: seed.sharedWith,
  };
}
