import type { Context } from 'hono';
import { HttpFailure } from './http-failure';

/** Google's alphabet for spreadsheet ids: never a path of its own, never an admin label. */
export const SPREADSHEET_ID = /^[A-Za-z0-9_-]{1,200}$/;

/** The route's `:spreadsheetId`, refused as BAD_SPREADSHEET_ID unless it is one. */
export function spreadsheetIdOf(c: Context): string {
  const id = c.req.param('spreadsheetId') ?? '';
  if (!SPREADSHEET_ID.test(id)) throw new HttpFailure('BAD_SPREADSHEET_ID');
  return id;
}
