import type { GridRange, Request, Response } from '../sheets/sheets-api-types';
import { checkFieldMask } from './check-field-mask';
import { type BoundedWindow, gridLimits } from './grid-limits';
import { type FieldMask, parseFieldMask } from './parse-field-mask';
import { randomId } from './random-id';
import { SheetsApiError } from './sheets-api-error';
import type { SpreadsheetDraft } from './spreadsheet-draft';
import type { StoredSheet } from './stored-spreadsheet';

/** The handlers of some `spreadsheets:batchUpdate` request kinds, by kind. */
export type RequestHandlers = {
  [K in keyof Request]?: (
    context: RequestContext,
    body: NonNullable<Request[K]>,
  ) => Response | undefined;
};

/**
 * What a batchUpdate request handler works with: the draft, id generation, the caller, and the
 * lookups whose failures read as Google's (`No sheet with id: 5`, `No grid with id: 5`).
 */
export class RequestContext {
  readonly draft: SpreadsheetDraft;
  readonly callerEmail: string | undefined;
  private readonly random: () => number;

  constructor(draft: SpreadsheetDraft, random: () => number, callerEmail: string | undefined) {
    this.draft = draft;
    this.random = random;
    this.callerEmail = callerEmail;
  }

  /** A random positive int32 for which `taken` is false. */
  newId(taken: (id: number) => boolean): number {
    return randomId(this.random, taken);
  }

  /** The sheet with this id (any type), or 400 `No sheet with id: N`. */
  sheet(sheetId: number | undefined): StoredSheet {
    const sheet = this.draft.sheetById(sheetId ?? 0);
    if (!sheet) throw SheetsApiError.invalid(`No sheet with id: ${sheetId ?? 0}`);
    return sheet;
  }

  /** The grid sheet with this id, or 400 `No grid with id: N`. */
  grid(sheetId: number | undefined): StoredSheet {
    const sheet = this.draft.sheetById(sheetId ?? 0);
    if (!sheet || sheet.properties.sheetType === 'OBJECT') {
      throw SheetsApiError.invalid(`No grid with id: ${sheetId ?? 0}`);
    }
    return sheet;
  }

  /** A GridRange with its open edges bounded to the grid; 400 if any part lies outside it. */
  window(sheet: StoredSheet, range: GridRange): BoundedWindow {
    const rowCount = sheet.properties.gridProperties?.rowCount ?? 0;
    const columnCount = sheet.properties.gridProperties?.columnCount ?? 0;
    const window = {
      startRow: range.startRowIndex ?? 0,
      endRow: range.endRowIndex ?? rowCount,
      startColumn: range.startColumnIndex ?? 0,
      endColumn: range.endColumnIndex ?? columnCount,
    };
    gridLimits.check(sheet, window);
    if (window.startRow > window.endRow || window.startColumn > window.endColumn) {
      throw SheetsApiError.invalid('The start index must be less than or equal to the end index.');
    }
    return window;
  }

  /** A request's required `fields`, parsed and checked against the schema it is relative to. */
  fieldMask(fields: string | undefined, schemaName: string): FieldMask {
    if (fields === undefined || fields.trim() === '') {
      throw SheetsApiError.invalid(
        "At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)",
      );
    }
    const mask = parseFieldMask(fields);
    const unknown = checkFieldMask(schemaName, mask);
    if (unknown) throw SheetsApiError.invalid(`Invalid field selection: ${unknown}`);
    return mask;
  }
}
