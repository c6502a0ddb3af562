import { errorLiterals } from '../sheets/error-literals';
import type { DeveloperMetadata } from '../sheets/sheets-api-types';
import type { SeedValue } from './seed-spreadsheet';
import { StoredCell } from './stored-cell';
import type { StoredSheet, StoredSpreadsheet } from './stored-spreadsheet';

/** A plain copy of a spreadsheet for assertions, shaped like a seed. */
export interface SpreadsheetSnapshot {
  spreadsheetId: string;
  title: string;
  timeZone: string;
  locale: string;
  sheets: Array<{
    sheetId: number;
    title: string;
    index: number;
    rowCount: number;
    columnCount: number;
    hidden: boolean;
    /**
     * The entered values, trailing empties trimmed and interior empties null: a formula shows as
     * its text (`=SUM(A1:A2)`), an error cell as its literal (`#REF!`).
     */
    rows: SeedValue[][];
    /** Metadata on the sheet and on its rows and columns. */
    developerMetadata: DeveloperMetadata[];
  }>;
  developerMetadata: DeveloperMetadata[];
}

function enteredValue(cell: StoredCell | undefined): SeedValue {
  if (cell === undefined) return null;
  const value = StoredCell.entered(cell);
  if (!value) return null;
  if (value.formulaValue !== undefined) return value.formulaValue;
  if (value.errorValue) return errorLiterals.literal(value.errorValue);
  return value.stringValue ?? value.numberValue ?? value.boolValue ?? null;
}

function rowsOf(sheet: StoredSheet): SeedValue[][] {
  const rows: SeedValue[][] = [];
  let lastNonEmpty = -1;
  for (let r = 0; r < sheet.grid.height; r++) {
    const cells = sheet.grid.row(r) ?? [];
    const row = Array.from(cells, enteredValue);
    while (row.length > 0 && row[row.length - 1] === null) row.pop();
    rows.push(row);
    if (row.length > 0) lastNonEmpty = r;
  }
  rows.length = lastNonEmpty + 1;
  return rows;
}

/** The spreadsheet's current state as plain data (deep copies, safe to keep). */
export function snapshotSpreadsheet(spreadsheet: StoredSpreadsheet): SpreadsheetSnapshot {
  return {
    spreadsheetId: spreadsheet.spreadsheetId,
    title: spreadsheet.properties.title ?? '',
    timeZone: spreadsheet.properties.timeZone ?? '',
    locale: spreadsheet.properties.locale ?? '',
    sheets: spreadsheet.sheets.map((sheet, index) => ({
      sheetId: sheet.properties.sheetId ?? 0,
      title: sheet.properties.title ?? '',
      index,
      rowCount: sheet.properties.gridProperties?.rowCount ?? 0,
      columnCount: sheet.properties.gridProperties?.columnCount ?? 0,
      hidden: sheet.properties.hidden === true,
      rows: rowsOf(sheet),
      developerMetadata: structuredClone(sheet.developerMetadata),
    })),
    developerMetadata: structuredClone(spreadsheet.developerMetadata),
  };
}
