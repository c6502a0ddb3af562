import type { SheetProperties } from '../sheets/sheets-api-types';
import type { StoredSheet } from './stored-spreadsheet';

/** A sheet's properties as the API shows them: sheetId and index always present, even when 0. */
export function sheetPropertiesView(sheet: StoredSheet, index: number): SheetProperties {
  const { sheetId = 0, title, ...rest } = sheet.properties;
  return { sheetId, title, index, ...rest };
}
