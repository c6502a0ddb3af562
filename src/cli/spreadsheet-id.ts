import { SPREADSHEET_ID } from '../sheets/spreadsheet-id';
import { UsageError } from './usage-error';

/** `--spreadsheet ID`, checked: the part of the sheet's URL between /d/ and /edit. */
export function spreadsheetId(value: string | undefined): string {
  if (!value || !SPREADSHEET_ID.test(value))
    throw new UsageError('需要 --spreadsheet ID：表格网址中 /d/ 与 /edit 之间的部分。');
  return value;
}
