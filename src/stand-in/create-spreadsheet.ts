import type { Spreadsheet } from '../sheets/sheets-api-types';
import { checkFrozenPanes } from './check-frozen-panes';
import { createStoredSheet } from './create-stored-sheet';
import type { FieldMask } from './parse-field-mask';
import { SheetsApiError } from './sheets-api-error';
import type { StoredSheet, StoredSpreadsheet } from './stored-spreadsheet';
import { writeCell } from './write-cell';

const ALL_FIELDS: FieldMask = new Map([['*', true]]);
// Sheet members the stand-in cannot take at creation; better refused than silently dropped.
const UNSUPPORTED_SHEET_MEMBERS = [
  'merges',
  'conditionalFormats',
  'protectedRanges',
  'charts',
  'developerMetadata',
  'filterViews',
  'bandedRanges',
  'basicFilter',
  'rowGroups',
  'columnGroups',
  'slicers',
  'tables',
];
const UNSUPPORTED_MEMBERS = ['namedRanges', 'developerMetadata', 'dataSources'];

function unsupported(path: string): SheetsApiError {
  return new SheetsApiError(
    'UNIMPLEMENTED',
    `${path} is not supported by the local Sheets stand-in's spreadsheets.create.`,
  );
}

function createSheet(
  body: NonNullable<Spreadsheet['sheets']>[number],
  index: number,
  sheetId: number,
  taken: Set<string>,
): StoredSheet {
  const title = body.properties?.title ?? `Sheet${index + 1}`;
  if (taken.has(title.toLowerCase())) {
    throw SheetsApiError.invalid(
      `A sheet with the name "${title}" already exists. Please enter another name.`,
    );
  }
  taken.add(title.toLowerCase());
  const sheet = createStoredSheet({ ...body.properties, sheetId, title });
  checkFrozenPanes(sheet.properties.gridProperties);
  for (const member of UNSUPPORTED_SHEET_MEMBERS) {
    if ((body as Record<string, unknown>)[member] !== undefined)
      throw unsupported(`sheets[${index}].${member}`);
  }
  const rowCount = sheet.properties.gridProperties?.rowCount ?? 0;
  const columnCount = sheet.properties.gridProperties?.columnCount ?? 0;
  for (const block of body.data ?? []) {
    const startRow = block.startRow ?? 0;
    const startColumn = block.startColumn ?? 0;
    (block.rowData ?? []).forEach((row, r) => {
      (row.values ?? []).forEach((cell, c) => {
        if (startRow + r >= rowCount || startColumn + c >= columnCount) {
          throw SheetsApiError.invalid(
            `sheets[${index}].data lies outside the sheet's ${rowCount} × ${columnCount} grid.`,
          );
        }
        sheet.grid.set(
          startRow + r,
          startColumn + c,
          writeCell.update(undefined, cell, ALL_FIELDS),
        );
      });
    });
  }
  return sheet;
}

/**
 * spreadsheets.create: a new spreadsheet from a (validated, proto3-normalised) Spreadsheet body:
 * properties, sheets with their properties and initial grid data. Without sheets it gets one
 * `Sheet1` with id 0. The creator, when known, is the only one it is shared with.
 */
export function createSpreadsheet(
  body: Spreadsheet,
  spreadsheetId: string,
  newSheetId: (taken: Set<number>) => number,
  creatorEmail: string | undefined,
): StoredSpreadsheet {
  for (const member of UNSUPPORTED_MEMBERS) {
    if ((body as Record<string, unknown>)[member] !== undefined) throw unsupported(member);
  }
  const requested = body.sheets?.length ? body.sheets : [{ properties: { title: 'Sheet1' } }];
  const ids = new Set<number>();
  for (const sheet of requested) {
    const id = sheet.properties?.sheetId;
    if (id === undefined) continue;
    if (ids.has(id)) throw SheetsApiError.invalid(`A sheet with the id ${id} already exists.`);
    ids.add(id);
  }
  const titles = new Set<string>();
  const sheets = requested.map((sheet, index) => {
    let sheetId = sheet.properties?.sheetId;
    if (sheetId === undefined) {
      sheetId = index === 0 && !ids.has(0) ? 0 : newSheetId(ids);
      ids.add(sheetId);
    }
    return createSheet(sheet, index, sheetId, titles);
  });
  return {
    spreadsheetId,
    properties: {
      ...body.properties,
      title: body.properties?.title ?? 'Untitled spreadsheet',
      locale: body.properties?.locale ?? 'en_US',
      // What Google reports for a spreadsheet a service account created without one [O].
      timeZone: body.properties?.timeZone ?? 'Etc/GMT',
    },
    sheets,
    developerMetadata: [],
    sharedWith: creatorEmail === undefined ? undefined : [creatorEmail],
  };
}
