import type { SheetProperties, SpreadsheetProperties } from '../sheets/sheets-api-types';
import { applyFieldMask } from './apply-field-mask';
import { checkFrozenPanes } from './check-frozen-panes';
import { createStoredSheet } from './create-stored-sheet';
import type { RequestContext, RequestHandlers } from './request-context';
import { sheetPropertiesView } from './sheet-properties-view';
import { SheetsApiError } from './sheets-api-error';
import type { StoredSheet } from './stored-spreadsheet';

const MAX_TITLE_LENGTH = 100;

function checkTitle(context: RequestContext, title: string, self?: StoredSheet): void {
  if (title.trim() === '') throw SheetsApiError.invalid('The sheet name cannot be empty.');
  if (title.length > MAX_TITLE_LENGTH) {
    throw SheetsApiError.invalid(
      `The sheet name cannot be greater than ${MAX_TITLE_LENGTH} characters.`,
    );
  }
  const folded = title.toLowerCase();
  const clash = context.draft.sheets.find(
    (sheet) => sheet !== self && sheet.properties.title?.toLowerCase() === folded,
  );
  if (clash) {
    throw SheetsApiError.invalid(
      `A sheet with the name "${title}" already exists. Please enter another name.`,
    );
  }
}

function defaultTitle(context: RequestContext): string {
  const titles = new Set(
    context.draft.sheets.map((sheet) => sheet.properties.title?.toLowerCase()),
  );
  let n = context.draft.sheets.length + 1;
  while (titles.has(`sheet${n}`)) n++;
  return `Sheet${n}`;
}

// Index moves count in "before the move" positions: moving to the current index or the one
// after it changes nothing (SheetProperties.index).
function move(context: RequestContext, sheet: StoredSheet, target: number | undefined): void {
  const { sheets } = context.draft;
  const from = sheets.indexOf(sheet);
  const to = Math.max(0, Math.min(target ?? sheets.length, sheets.length));
  if (to === from || to === from + 1) return;
  sheets.splice(from, 1);
  sheets.splice(to > from ? to - 1 : to, 0, sheet);
}

function resizeGrid(sheet: StoredSheet, rowCount: number, columnCount: number): void {
  sheet.grid.truncate(rowCount, columnCount);
  sheet.rowMetadata.length = Math.min(sheet.rowMetadata.length, rowCount);
  sheet.columnMetadata.length = Math.min(sheet.columnMetadata.length, columnCount);
  sheet.developerMetadata = sheet.developerMetadata.filter((metadata) => {
    const range = metadata.location?.dimensionRange;
    if (!range) return true;
    const count = range.dimension === 'ROWS' ? rowCount : columnCount;
    return (range.startIndex ?? 0) < count;
  });
}

/** addSheet, deleteSheet, updateSheetProperties and updateSpreadsheetProperties. */
export const sheetRequests: RequestHandlers = {
  addSheet(context, { properties = {} }) {
    const { draft } = context;
    const requestedId = properties.sheetId;
    if (requestedId !== undefined && requestedId < 0) {
      throw SheetsApiError.invalid(
        `Invalid sheet id ${requestedId}: sheet ids must be non-negative.`,
      );
    }
    if (requestedId !== undefined && draft.sheetById(requestedId)) {
      throw SheetsApiError.invalid(`A sheet with the id ${requestedId} already exists.`);
    }
    if (properties.sheetType !== undefined && properties.sheetType !== 'GRID') {
      throw SheetsApiError.invalid(`Cannot add a sheet of type ${properties.sheetType}.`);
    }
    const title = properties.title ?? defaultTitle(context);
    checkTitle(context, title);
    const sheetId = requestedId ?? context.newId((id) => draft.sheetById(id) !== undefined);
    const sheet = createStoredSheet({ ...properties, sheetId, title });
    checkFrozenPanes(sheet.properties.gridProperties);
    draft.insert(sheet, properties.index ?? draft.sheets.length);
    const index = draft.sheets.indexOf(sheet);
    return { addSheet: { properties: sheetPropertiesView(sheet, index) } };
  },

  deleteSheet(context, { sheetId }) {
    const sheet = context.sheet(sheetId);
    const { sheets } = context.draft;
    if (sheets.length === 1) {
      throw SheetsApiError.invalid("You can't remove all the sheets in a document.");
    }
    sheets.splice(sheets.indexOf(sheet), 1);
    return undefined;
  },

  updateSheetProperties(context, { properties = {}, fields }) {
    const mask = context.fieldMask(fields, 'SheetProperties');
    const original = context.sheet(properties.sheetId);
    const sheet = context.draft.edit(original);
    const before = sheet.properties;
    const { index: _index, ...incoming } = properties;
    const updated = applyFieldMask(before, incoming, mask) as SheetProperties;
    // sheetId and sheetType cannot change; index is the sheet's position, not a stored field.
    updated.sheetId = before.sheetId;
    updated.sheetType = before.sheetType;
    delete updated.index;
    if (updated.title !== before.title) checkTitle(context, updated.title ?? '', sheet);
    if (
      updated.hidden &&
      !context.draft.sheets.some((other) => other !== sheet && !other.properties.hidden)
    ) {
      throw SheetsApiError.invalid("You can't hide all the sheets in a document.");
    }
    if (before.sheetType === 'GRID') {
      const rowCount = updated.gridProperties?.rowCount ?? 0;
      const columnCount = updated.gridProperties?.columnCount ?? 0;
      if (rowCount < 1 || columnCount < 1) {
        throw SheetsApiError.invalid('A grid must have at least one row and one column.');
      }
      checkFrozenPanes(updated.gridProperties);
      resizeGrid(sheet, rowCount, columnCount);
    } else if (updated.gridProperties) {
      throw SheetsApiError.invalid('Cannot set grid properties on a sheet that is not a grid.');
    }
    sheet.properties = updated;
    if (mask.has('*') || mask.has('index')) move(context, sheet, properties.index);
    return undefined;
  },

  updateSpreadsheetProperties(context, { properties = {}, fields }) {
    const mask = context.fieldMask(fields, 'SpreadsheetProperties');
    const { draft } = context;
    draft.properties = applyFieldMask(draft.properties, properties, mask) as SpreadsheetProperties;
    return undefined;
  },
};
