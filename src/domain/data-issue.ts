/**
 * The data issue codes of contract §6, then the gap ledger's own (contract §7.1, docs/review.md): a
 * back-dated sync, a restarted ledger, rows dropped at the cap, rows edited by hand.
 */
export const DATA_ISSUE_CODES = [
  'MISSING_TAB',
  'MISSING_COLUMN',
  'MISSING_VALUE',
  'DUPLICATE_ID',
  'BAD_VALUE',
  'BAD_DATE',
  'UNKNOWN_KEY',
  'UNKNOWN_GROUP',
  'UNKNOWN_PERSON',
  'AMBIGUOUS_NAME',
  'DUPLICATE_SECRETARY',
  'CONFLICT',
  'BACKDATED',
  'LEDGER_RESTARTED',
  'LEDGER_TRIMMED',
  'LEDGER_EDITED',
] as const;

export type DataIssueCode = (typeof DATA_ISSUE_CODES)[number];

/** One problem in what staff entered, located as the spreadsheet shows it. */
export interface DataIssue {
  /** The tab's canonical Chinese name. */
  tab: string;
  /** The row number the spreadsheet shows (header = 1); `null` for a whole tab. */
  row: number | null;
  /** The column's header as found in the sheet (or its canonical name when missing). */
  column: string;
  code: DataIssueCode;
  /** What is wrong, in Chinese. */
  message: string;
  /** The cell's text as entered (may be blank). */
  value: string;
  /** How to fix it, in Chinese. */
  fix: string;
}
