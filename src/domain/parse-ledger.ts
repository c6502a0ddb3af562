import { parseDateCell, type Serial } from './calendar-date';
import { GAP_REASONS } from './compute-coverage';
import { RESPONSIBILITY_CODES } from './compute-responsibility';
import type { DataIssue } from './data-issue';
import {
  CATEGORY_LABELS,
  codeLabel,
  EDITED_MARK,
  type GapCode,
  LEDGER_FIELDS,
  LEDGER_STATUSES,
  LEDGER_TAB,
  type LedgerCategory,
  type LedgerEntry,
  type LedgerField,
  type LedgerRow,
  type LedgerStatus,
  ledgerCheck,
} from './ledger-row';
import type { OutputValue } from './output-tab';
import { findTab, readTab } from './read-tab';
import type { CellValue, Grid } from './workbook-input';

/** The ledger as the workbook holds it. */
export interface ParsedLedger {
  /** The tab exists and holds at least one non-blank cell (a sync always writes the header). */
  present: boolean;
  /** Every non-blank data row, in sheet order. */
  entries: LedgerEntry[];
  /**
   * Rows found edited for the first time (their index in `entries`, their sheet row): a sync
   * that updates the ledger marks and reports them.
   */
  newlyEdited: Array<{ index: number; sheetRow: number }>;
}

const CODES: ReadonlyArray<[LedgerCategory, readonly GapCode[]]> = [
  ['coverage', GAP_REASONS],
  ['responsibility', RESPONSIBILITY_CODES],
];
const BY_LABELS = new Map<string, [LedgerCategory, GapCode]>(
  CODES.flatMap(([category, codes]) =>
    codes.map((code): [string, [LedgerCategory, GapCode]] => [
      `${CATEGORY_LABELS[category]}\u001f${codeLabel(category, code)}`,
      [category, code],
    ]),
  ),
);

/**
 * Reads 缺口台账 back (contract §7.1), columns matched by header. Cells are taken as written (not
 * normalised: the sync reads back exactly what it wrote). A row counts as the sync's own only
 * when its 校验码 matches its cells; any other row — edited, typed in, or pasted — is kept as
 * it reads and never matched again, and is reported the first time it is seen.
 */
export function parseLedger(tabs: ReadonlyMap<string, Grid>, issues: DataIssue[]): ParsedLedger {
  const grid = findTab(tabs, LEDGER_TAB) ?? [];
  // The header alone goes through readTab: its rows would be normalised cell by cell, and
  // the ledger wants its cells as written.
  const { columns } = readTab(new Map([[LEDGER_TAB.name, grid.slice(0, 1)]]), LEDGER_TAB, issues, {
    reportMissing: false,
  });
  const entries: LedgerEntry[] = [];
  const newlyEdited: ParsedLedger['newlyEdited'] = [];
  for (let r = 1; r < grid.length; r++) {
    const raw = grid[r];
    if (!raw?.some((cell) => textOf(cell) !== '')) continue;
    const row = parseRow(raw, columns);
    if (row) {
      entries.push({ kind: 'row', row, readRow: r });
      continue;
    }
    if (textAt(raw, columns, 'check') !== EDITED_MARK)
      newlyEdited.push({ index: entries.length, sheetRow: r + 1 });
    const cells = LEDGER_FIELDS.map((field) => cellAt(raw, columns, field));
    entries.push({ kind: 'edited', cells, readRow: r });
  }
  const present = entries.length > 0 || (grid[0]?.some((cell) => textOf(cell) !== '') ?? false);
  return { present, entries, newlyEdited };
}

/** Where each field is in the tab as read; a field without its header has no column. */
type LedgerColumns = ReadonlyMap<LedgerField, number>;

// Module-level functions rather than closures made for each row: a 20,000-row ledger would
// make 40,000 of them on every sync.

/** A field's cell in a row as read, `null` when blank or without a column. */
function cellAt(
  raw: readonly CellValue[],
  columns: LedgerColumns,
  field: LedgerField,
): OutputValue {
  const index = columns.get(field);
  return index === undefined ? null : (raw[index] ?? null);
}

function textAt(raw: readonly CellValue[], columns: LedgerColumns, field: LedgerField): string {
  return textOf(cellAt(raw, columns, field));
}

/** A row the sync wrote, or `null` when its cells do not hold one. */
function parseRow(raw: readonly CellValue[], columns: LedgerColumns): LedgerRow | null {
  const labels = BY_LABELS.get(
    `${textAt(raw, columns, 'category')}\u001f${textAt(raw, columns, 'code')}`,
  );
  const status = textAt(raw, columns, 'status') as LedgerStatus;
  if (!labels || !LEDGER_STATUSES.includes(status)) return null;
  const firstFound = dateOf(cellAt(raw, columns, 'firstFound'));
  const lastFound = dateOf(cellAt(raw, columns, 'lastFound'));
  const resolved =
    textAt(raw, columns, 'resolved') === '' ? null : dateOf(cellAt(raw, columns, 'resolved'));
  if (firstFound === undefined || lastFound === undefined || resolved === undefined) return null;
  const row: LedgerRow = {
    category: labels[0],
    code: labels[1],
    subject: textAt(raw, columns, 'subject'),
    subjectName: textAt(raw, columns, 'subjectName'),
    period: textAt(raw, columns, 'period'),
    owner: textAt(raw, columns, 'owner'),
    firstFound,
    lastFound,
    resolved,
    status,
  };
  return ledgerCheck(row) === textAt(raw, columns, 'check') ? row : null;
}

const dateCache = new Map<string, Serial | undefined>();

/** A date cell; the ISO texts the sync writes are parsed once each, not once per row. */
function dateOf(value: OutputValue | undefined): Serial | undefined {
  if (typeof value === 'number') return parseDateCell(value);
  if (typeof value !== 'string') return undefined;
  if (dateCache.has(value)) return dateCache.get(value);
  const serial = parseDateCell(value.trim());
  if (dateCache.size < 100_000) dateCache.set(value, serial);
  return serial;
}

/** A cell as the sync wrote it: strings as they are (trimmed), numbers as plain text. */
function textOf(value: OutputValue | undefined): string {
  if (typeof value === 'string') return value.trim();
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
