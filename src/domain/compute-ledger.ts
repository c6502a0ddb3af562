import type { Analysis } from './analysis';
import { compareText } from './compare-text';
import type { ResponsibilityGap } from './compute-responsibility';
import { coverageGapOwner } from './coverage-gap-owner';
import type { DataIssue } from './data-issue';
import { ledgerIssue } from './ledger-issue';
import {
  byCodeOrder,
  EDITED_MARK,
  type GapCode,
  LEDGER_FIELDS,
  type LedgerCategory,
  type LedgerEntry,
  type LedgerRow,
  ledgerKey,
  NO_OWNER,
  PERIOD_BOUND_CODES,
  periodEnd,
} from './ledger-row';
import { normaliseText } from './normalise-text';
import { parseLedger } from './parse-ledger';
import { personText } from './person-text';
import { REVIEW_TAB_NAMES } from './review-tab-names';
import type { Person, Workbook } from './workbook-model';

/** At most this many rows are kept; beyond it the oldest closed rows go first (contract §7.1). */
export const LEDGER_CAP = 20_000;

/** The ledger after a sync: every line in tab order, and what the sync had to say about it. */
export interface Ledger {
  entries: LedgerEntry[];
  /** The as-of date is before the ledger's latest 最近发现: nothing was changed. */
  backdated: boolean;
  /** The tab was deleted or emptied, so the ledger started again from this sync. */
  restarted: boolean;
  /** BACKDATED, LEDGER_RESTARTED, LEDGER_TRIMMED, LEDGER_EDITED, and header conflicts. */
  issues: DataIssue[];
}

/**
 * Brings the gap ledger up to the analysis's as-of date (contract §7.1): refreshes the open row of
 * each current gap, opens a row for each new one, closes the rest (`期末未解决` for a
 * period-bound row of an earlier period), and never changes a closed row. A back-dated run
 * leaves every line as it was.
 */
export function computeLedger(analysis: Analysis): Ledger {
  const { asOf, period, input } = analysis;
  const issues: DataIssue[] = [];
  const parsed = parseLedger(input.tabs, issues);
  const restarted =
    !parsed.present &&
    [...input.tabs.keys()].some((title) =>
      REVIEW_TAB_NAMES.some((name) => name !== '缺口台账' && normaliseText(title) === name),
    );
  if (restarted) issues.push(ledgerIssue({ code: 'LEDGER_RESTARTED', asOf }));
  const result = { backdated: false, restarted, issues };

  let latest = -Infinity;
  for (const entry of parsed.entries)
    if (entry.kind === 'row') latest = Math.max(latest, entry.row.lastFound);
  if (latest > asOf) {
    issues.push(ledgerIssue({ code: 'BACKDATED', asOf, latest }));
    return { ...result, entries: parsed.entries, backdated: true };
  }

  const current = currentGaps(analysis);
  const refreshed = new Set<string>();
  const entries = parsed.entries.map((entry): LedgerEntry => {
    if (entry.kind !== 'row' || entry.row.status !== '未解决') return entry;
    const row = entry.row;
    const key = ledgerKey(row);
    const gap = current.get(key);
    if (gap && !refreshed.has(key)) {
      refreshed.add(key);
      return {
        ...entry,
        row: { ...row, subjectName: gap.subjectName, owner: gap.owner, lastFound: asOf },
      };
    }
    if (PERIOD_BOUND_CODES.has(row.code) && row.period !== period.label)
      return { ...entry, row: { ...row, status: '期末未解决' } };
    return { ...entry, row: { ...row, status: '已解决', resolved: asOf } };
  });
  for (const [key, row] of current) if (!refreshed.has(key)) entries.push({ kind: 'row', row });

  if (parsed.newlyEdited.length > 0) {
    const check = LEDGER_FIELDS.indexOf('check');
    for (const { index } of parsed.newlyEdited) {
      const entry = entries[index];
      if (entry?.kind === 'edited') entry.cells[check] = EDITED_MARK;
    }
    issues.push(
      ledgerIssue({ code: 'LEDGER_EDITED', rows: parsed.newlyEdited.map((e) => e.sheetRow) }),
    );
  }

  const kept = trimToCap(entries);
  const dropped = entries.length - kept.length;
  if (dropped > 0) issues.push(ledgerIssue({ code: 'LEDGER_TRIMMED', dropped, cap: LEDGER_CAP }));
  return { ...result, entries: kept };
}

const LONGEST_SUBJECT = 200;

/**
 * Today's gaps as new ledger rows, by key. A coverage gap gives one row per reason; gaps that
 * share a key (two overdue tasks with the same text) are one instance, the first one's owner.
 * New rows are listed by category, code (the contract's tables' order) and subject.
 */
function currentGaps(analysis: Analysis): Map<string, LedgerRow> {
  const { workbook, period, asOf } = analysis;
  const rows: LedgerRow[] = [];
  const add = (
    category: LedgerCategory,
    code: GapCode,
    subject: string,
    subjectName: string,
    owner: Person | null,
  ) =>
    rows.push({
      category,
      code,
      subject: shortened(subject),
      subjectName: shortened(subjectName),
      period: PERIOD_BOUND_CODES.has(code) ? period.label : '',
      owner: owner ? personText(owner) : NO_OWNER,
      firstFound: asOf,
      lastFound: asOf,
      resolved: null,
      status: '未解决',
    });

  const ownerOf = coverageGapOwner(workbook);
  for (const { member, reasons } of analysis.gaps) {
    const owner = ownerOf(member);
    for (const reason of reasons) add('coverage', reason, member.id, member.name, owner);
  }
  for (const gap of analysis.responsibility)
    add('responsibility', gap.code, gap.subject, subjectName(gap, workbook), gap.owner);

  rows.sort((a, b) => byCodeOrder(a.code, b.code) || compareText(a.subject, b.subject));
  const byKey = new Map<string, LedgerRow>();
  for (const row of rows) {
    const key = ledgerKey(row);
    if (!byKey.has(key)) byKey.set(key, row);
  }
  return byKey;
}

function subjectName(gap: ResponsibilityGap, workbook: Workbook): string {
  if (gap.code === 'NO_SECRETARY') return '分党组';
  if (gap.person) return gap.person.name;
  if (gap.code === 'ITEM_NO_CONSULTATION' || gap.code === 'ITEM_NOT_BRIEFED')
    return workbook.items.find((item) => item.id === gap.subject)?.title ?? gap.subject;
  return gap.subject;
}

/**
 * Cuts a long subject (a task's text) by code points, so the key survives the write and the
 * read back unchanged and the tab stays readable.
 */
function shortened(text: string): string {
  // No more code points than UTF-16 units: most texts need no splitting to be counted.
  if (text.length <= LONGEST_SUBJECT) return text;
  const points = Array.from(text);
  return points.length > LONGEST_SUBJECT ? `${points.slice(0, LONGEST_SUBJECT).join('')}…` : text;
}

/** Drops the oldest closed lines beyond the cap; edited lines count as oldest. Open rows stay. */
function trimToCap(entries: LedgerEntry[]): LedgerEntry[] {
  const excess = entries.length - LEDGER_CAP;
  if (excess <= 0) return entries;
  const closedOn = (entry: LedgerEntry): number | null => {
    if (entry.kind === 'edited') return -Infinity;
    const { row } = entry;
    if (row.status === '已解决') return row.resolved;
    if (row.status === '期末未解决') return periodEnd(row.period) ?? row.lastFound;
    return null;
  };
  const candidates = entries
    .map((entry, index) => ({ index, on: closedOn(entry) }))
    .filter((c): c is { index: number; on: number } => c.on !== null)
    .sort((a, b) => a.on - b.on || a.index - b.index);
  const drop = new Set(candidates.slice(0, excess).map((c) => c.index));
  return entries.filter((_, index) => !drop.has(index));
}
