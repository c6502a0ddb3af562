import { isoFromSerial, type Serial } from './calendar-date';
import { GAP_REASONS, type GapReason } from './compute-coverage';
import { RESPONSIBILITY_CODES, type ResponsibilityCode } from './compute-responsibility';
import { GAP_REASON_LABELS, RESPONSIBILITY_LABELS } from './gap-labels';
import type { OutputValue } from './output-tab';
import { parsePeriodLabel } from './parse-period-label';
import type { TabSpec } from './workbook-schema';

/**
 * One row of the gap ledger 缺口台账 (contract §7.1) and how it is laid out in the tab: its
 * columns, the states, and the check code that tells a row the sync wrote from one staff edited.
 */

export type LedgerCategory = 'coverage' | 'responsibility';
export type GapCode = GapReason | ResponsibilityCode;
export const LEDGER_STATUSES = ['未解决', '已解决', '期末未解决'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

const CODE_ORDER = new Map<GapCode, number>(
  [...GAP_REASONS, ...RESPONSIBILITY_CODES].map((code, i) => [code, i]),
);

/** Orders codes as the contract's tables list them: coverage reasons, then responsibility gaps. */
export function byCodeOrder(a: GapCode, b: GapCode): number {
  return (CODE_ORDER.get(a) as number) - (CODE_ORDER.get(b) as number);
}

/** 类别 as the tab shows it. */
export const CATEGORY_LABELS: Readonly<Record<LedgerCategory, string>> = {
  coverage: '覆盖缺口',
  responsibility: '责任缺口',
};

/** Codes judged within a period: their key carries the period's label (contract §7.1). */
export const PERIOD_BOUND_CODES: ReadonlySet<GapCode> = new Set<GapCode>([
  'NOT_CONTACTED',
  'NOT_REACHED',
  'SUBGROUP_MEMBER_IDLE',
  'ITEM_NO_CONSULTATION',
  'ITEM_NOT_BRIEFED',
]);

/** 应由谁落实 of a row nobody answers for (no 书记 to fall back on), as contract §7.3 names it. */
export const NO_OWNER = '（无人负责）';

/** A gap instance the sync keeps: one row of the tab. */
export interface LedgerRow {
  category: LedgerCategory;
  code: GapCode;
  /** 对象: the `memberId` or `subject` of the summary. */
  subject: string;
  /** 对象名称: the member's or person's name, the item's title, else the subject. */
  subjectName: string;
  /** 期间: the period label for period-bound codes, else `''`. */
  period: string;
  /** 应由谁落实: the owner as `姓名（委员编号）` or `姓名`, or NO_OWNER. */
  owner: string;
  firstFound: Serial;
  lastFound: Serial;
  resolved: Serial | null;
  status: LedgerStatus;
}

/**
 * A line of the ledger: a row the sync keeps, or a row staff edited, kept as read (its cells in
 * the tab's column order) and never matched or counted again. `readRow` is the 0-based row of
 * the tab it was read from; a line this sync adds has none.
 */
export type LedgerEntry = (
  | { kind: 'row'; row: LedgerRow }
  | { kind: 'edited'; cells: OutputValue[] }
) & {
  readRow?: number;
};

/** A column of 缺口台账. */
export type LedgerField =
  | 'category'
  | 'code'
  | 'subject'
  | 'subjectName'
  | 'period'
  | 'owner'
  | 'firstFound'
  | 'lastFound'
  | 'resolved'
  | 'days'
  | 'status'
  | 'check';

/** The tab 缺口台账: the contract §7.1 columns, then 校验码. Read back by header, like every tab. */
export const LEDGER_TAB: TabSpec<LedgerField> = {
  name: '缺口台账',
  alias: 'Gap ledger',
  columns: {
    category: ['类别', 'Category'],
    code: ['代码', 'Code'],
    subject: ['对象', 'Subject'],
    subjectName: ['对象名称', 'Subject name'],
    period: ['期间', 'Period'],
    owner: ['应由谁落实', 'Owner'],
    firstFound: ['首次发现', 'First found'],
    lastFound: ['最近发现', 'Last found'],
    resolved: ['解决日期', 'Resolved on'],
    days: ['持续天数', 'Days open'],
    status: ['状态', 'Status'],
    check: ['校验码', 'Check'],
  },
  required: [],
  dateColumns: ['firstFound', 'lastFound', 'resolved'],
};

/** The fields in the tab's column order. */
export const LEDGER_FIELDS = Object.keys(LEDGER_TAB.columns) as LedgerField[];

/** 校验码 of a row staff edited, once the sync has reported it: kept as history, silently. */
export const EDITED_MARK = '人工修改';

/** 代码 as the tab shows it. */
export function codeLabel(category: LedgerCategory, code: GapCode): string {
  return category === 'coverage'
    ? GAP_REASON_LABELS[code as GapReason]
    : RESPONSIBILITY_LABELS[code as ResponsibilityCode];
}

const isoCache = new Map<Serial, string>();

/**
 * `YYYY-MM-DD` of a serial, remembered: a ledger of 20,000 rows writes and checks 120,000
 * dates on each sync, most of them the same few hundred.
 */
function isoDate(serial: Serial): string {
  let iso = isoCache.get(serial);
  if (iso === undefined) {
    iso = isoFromSerial(serial);
    if (isoCache.size < 100_000) isoCache.set(serial, iso);
  }
  return iso;
}

/** The key of contract §7.1: (类别, 代码, 对象, 期间). */
export function ledgerKey(
  row: Pick<LedgerRow, 'category' | 'code' | 'subject' | 'period'>,
): string {
  return `${row.category}\u001f${row.code}\u001f${row.subject}\u001f${row.period}`;
}

const periodEnds = new Map<string, Serial | undefined>();

/** The last day of a period named by its label; the few labels a ledger holds, parsed once. */
export function periodEnd(label: string): Serial | undefined {
  if (!periodEnds.has(label)) periodEnds.set(label, parsePeriodLabel(label)?.end);
  return periodEnds.get(label);
}

/**
 * 持续天数 (contract §7.1): to 解决日期, to the period's end for 期末未解决, else to 最近发现 —
 * which is the sync's date for every open row, since each sync refreshes them all.
 */
export function daysOpen(row: LedgerRow): number {
  if (row.status === '已解决' && row.resolved !== null) return row.resolved - row.firstFound;
  if (row.status === '期末未解决') return (periodEnd(row.period) ?? row.lastFound) - row.firstFound;
  return row.lastFound - row.firstFound;
}

/**
 * The check code of a row: FNV-1a over the cells the sync relies on (the key, the dates and
 * the state), joined by U+001F. A row whose cells no longer match it was edited by hand.
 * 应由谁落实, 对象名称 and 持续天数 are left out: the sync rewrites them on every open row
 * anyway.
 */
export function ledgerCheck(row: LedgerRow): string {
  const parts = [
    CATEGORY_LABELS[row.category],
    codeLabel(row.category, row.code),
    row.subject,
    row.period,
    isoDate(row.firstFound),
    isoDate(row.lastFound),
    row.resolved === null ? '' : isoDate(row.resolved),
    row.status,
  ];
  let hash = 0x811c9dc5;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p] as string;
    if (p > 0) hash = Math.imul(hash ^ 0x1f, 0x01000193);
    for (let c = 0; c < part.length; c++) hash = Math.imul(hash ^ part.charCodeAt(c), 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** A row's cells in the tab's column order. */
export function ledgerCells(row: LedgerRow): OutputValue[] {
  return [
    CATEGORY_LABELS[row.category],
    codeLabel(row.category, row.code),
    row.subject,
    row.subjectName,
    row.period,
    row.owner,
    isoDate(row.firstFound),
    isoDate(row.lastFound),
    row.resolved === null ? '' : isoDate(row.resolved),
    daysOpen(row),
    row.status,
    ledgerCheck(row),
  ];
}
