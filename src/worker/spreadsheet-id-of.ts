import type { Context } from 'hono';
import { SPREADSHEET_ID } from '../sheets/spreadsheet-id';
import { HttpFailure } from './http-failure';

/** The route's `:spreadsheetId`, refused as BAD_SPREADSHEET_ID unless it is one. */
export function spreadsheetIdOf(c: Context): string {
  const id = c.req.param('spreadsheetId') ?? '';
  if (!SPREADSHEET_ID.test(id)) throw new HttpFailure('BAD_SPREADSHEET_ID');
  return id;
}
