import type { DeveloperMetadata, SpreadsheetProperties } from '../sheets/sheets-api-types';
import type { StoredSheet, StoredSpreadsheet } from './stored-spreadsheet';

/**
 * A working copy of a spreadsheet for one write call. Requests edit the draft in order, so later
 * ones see earlier effects; the caller commits it only when every request succeeded, which is
 * what makes a batch atomic. Sheets are copied on first edit only.
 */
export class SpreadsheetDraft {
  readonly spreadsheetId: string;
  properties: SpreadsheetProperties;
  sheets: StoredSheet[];
  developerMetadata: DeveloperMetadata[];
  private readonly access: Pick<StoredSpreadsheet, 'sharedWith' | 'viewers'>;
  private readonly writable = new WeakSet<StoredSheet>();

  constructor(base: StoredSpreadsheet) {
    this.spreadsheetId = base.spreadsheetId;
    this.properties = { ...base.properties };
    this.sheets = base.sheets.slice();
    this.developerMetadata = base.developerMetadata.slice();
    this.access = { sharedWith: base.sharedWith, viewers: base.viewers };
  }

  sheetById(sheetId: number): StoredSheet | undefined {
    return this.sheets.find((sheet) => (sheet.properties.sheetId ?? 0) === sheetId);
  }

  /**
   * A copy of the sheet that this draft may change, put in the original's place. The copy is
   * shallow: handlers add, remove and replace entries but never mutate a stored object in place.
   */
  edit(sheet: StoredSheet): StoredSheet {
    if (this.writable.has(sheet)) return sheet;
    const copy: StoredSheet = {
      properties: { ...sheet.properties },
      grid: sheet.grid.clone(),
      rowMetadata: sheet.rowMetadata.slice(),
      columnMetadata: sheet.columnMetadata.slice(),
      merges: sheet.merges.slice(),
      protectedRanges: sheet.protectedRanges.slice(),
      conditionalFormats: sheet.conditionalFormats.slice(),
      charts: sheet.charts.slice(),
      developerMetadata: sheet.developerMetadata.slice(),
    };
    this.writable.add(copy);
    const position = this.sheets.indexOf(sheet);
    if (position >= 0) this.sheets[position] = copy;
    return copy;
  }

  /** Adds a new sheet at `index` (clamped), which this draft may then change freely. */
  insert(sheet: StoredSheet, index: number): void {
    this.writable.add(sheet);
    this.sheets.splice(Math.max(0, Math.min(index, this.sheets.length)), 0, sheet);
  }

  /** The grid cells of every sheet, which Google caps at 10,000,000 per spreadsheet. */
  gridCells(): number {
    let total = 0;
    for (const sheet of this.sheets) {
      const grid = sheet.properties.gridProperties;
      total += (grid?.rowCount ?? 0) * (grid?.columnCount ?? 0);
    }
    return total;
  }

  /** The spreadsheet as it stands after the requests applied so far. */
  commit(): StoredSpreadsheet {
    return {
      spreadsheetId: this.spreadsheetId,
      properties: this.properties,
      sheets: this.sheets,
      developerMetadata: this.developerMetadata,
      ...this.access,
    };
  }
}
