import type { Spreadsheet } from '../sheets/sheets-api-types';
import type { SheetsClient } from '../sheets/sheets-client';

/**
 * What a sync needs to know of a spreadsheet besides its cells: the time zone, every tab's id,
 * title, type and grid size, our markers and our charts. A few hundred bytes.
 */
export const LAYOUT_FIELDS =
  'properties.timeZone,sheets(properties(sheetId,title,index,sheetType,gridProperties(rowCount,columnCount)),developerMetadata(metadataKey,metadataValue),charts(chartId))';

/** Reads the layout of a spreadsheet: one small `spreadsheets.get` without cells. */
export function readLayout(client: SheetsClient, spreadsheetId: string): Promise<Spreadsheet> {
  return client.getSpreadsheet(spreadsheetId, { fields: LAYOUT_FIELDS });
}
