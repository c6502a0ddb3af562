import type { Analysis } from './analysis';
import { parseDateCell, type Serial } from './calendar-date';
import { compareText } from './compare-text';
import type { Rate } from './compute-coverage';
import type { Ledger } from './compute-ledger';
import { computePeriod, type Period } from './compute-period';
import { byCodeOrder, type LedgerCategory, type LedgerRow, PERIOD_BOUND_CODES } from './ledger-row';
import { cellText } from './normalise-text';
import { readTab } from './read-tab';
import type { CellValue, Grid } from './workbook-input';
import type { TabSpec } from './workbook-schema';

/** The three rates of contract §4.1, in the order every table lists them. */
export const RATE_NAMES = ['org', 'work', 'contact'] as const;
export type RateName = (typeof RATE_NAMES)[number];

/**
 * 历史's columns as the comparison reads them. The counts columns (`组织 已/应` …, cells such
 * as `14/17`) are what the summary's `previous` needs; a row without them still gives its rate.
 */
export const HISTORY_TAB: TabSpec<'date' | RateName | `${RateName}Counts`> = {
  name: '历史',
  alias: 'History',
  columns: {
    date: ['日期', 'Date'],
    org: ['组织覆盖率', 'Org coverage'],
    work: ['工作覆盖率', 'Work coverage'],
    contact: ['联系落实率', 'Contact rate'],
    orgCounts: ['组织 已/应', 'Org covered/total'],
    workCounts: ['工作 已/应', 'Work covered/total'],
    contactCounts: ['联系 已/应', 'Contact covered/total'],
  },
  required: [],
  dateColumns: ['date'],
};

/** A rate at the previous period's close, as 历史 recorded it. */
export interface RateAtClose {
  /** The fraction; `null` when 历史 shows `—` or nothing readable. */
  value: number | null;
  /** Covered and total, when 历史 has them. */
  counts: Rate | null;
}

interface RateChange {
  now: Rate;
  previous: RateAtClose | null;
  /** now − previous in percentage points, one decimal; `null` when either side is `—`. */
  points: number | null;
}

export type CategoryCounts = Record<LedgerCategory, number>;

/** An open gap that was already open at the previous period's end (contract §7.2). */
interface PersistentGap {
  row: LedgerRow;
  /** Consecutive periods, this one included, with the gap open at the period's end. */
  periods: number;
}

/** The comparison of contract §7.2. */
export interface Comparison {
  previousPeriod: Period;
  /** The 历史 row with the latest date on or before the previous period's end. */
  previousClose: { date: Serial; rates: Record<RateName, RateAtClose> } | null;
  rates: Record<RateName, RateChange>;
  /** Ledger rows first found in [P.start, D]. */
  opened: CategoryCounts;
  /** Ledger rows resolved in [P.start, D]. */
  closed: CategoryCounts;
  /** Ledger rows open now. */
  open: CategoryCounts;
  /** Most periods first, then category, code (the contract's tables' order) and subject. */
  persistent: PersistentGap[];
}

/**
 * Compares this period with the previous one (contract §7.2): the rates against the previous
 * close in 历史, what the ledger opened and closed this period, and the gaps that persist.
 */
export function comparePeriods(analysis: Analysis, ledger: Ledger): Comparison {
  const { period, asOf, coverage } = analysis;
  const kind = analysis.workbook.settings.periodKind;
  const previousPeriod = computePeriod(kind, period.start - 1);
  const previousClose = readPreviousClose(analysis, previousPeriod.end);
  const rates = Object.fromEntries(
    RATE_NAMES.map((name) => {
      const now = coverage.rates[name];
      const previous = previousClose?.rates[name] ?? null;
      const points =
        now.total === 0 || previous?.value == null
          ? null
          : Math.round((now.covered / now.total - previous.value) * 1000) / 10;
      return [name, { now, previous, points }];
    }),
  ) as Record<RateName, RateChange>;

  const rows = ledger.entries.flatMap((e) => (e.kind === 'row' ? [e.row] : []));
  const counts = (test: (row: LedgerRow) => boolean): CategoryCounts => {
    const result: CategoryCounts = { coverage: 0, responsibility: 0 };
    for (const row of rows) if (test(row)) result[row.category]++;
    return result;
  };
  const inPeriod = (date: Serial | null) => date !== null && date >= period.start && date <= asOf;

  return {
    previousPeriod,
    previousClose,
    rates,
    opened: counts((row) => inPeriod(row.firstFound)),
    closed: counts((row) => inPeriod(row.resolved)),
    open: counts((row) => row.status === '未解决'),
    persistent: persistentGaps(rows, previousPeriod, (p) => computePeriod(kind, p.start - 1)),
  };
}

/** A dated row of 历史 as the review reads it: its date and the three rates it shows. */
export interface HistoryRow {
  date: Serial;
  rates: Record<RateName, RateAtClose>;
}

/** Every row of 历史 with a readable date, in sheet order (rows staff added included). */
export function readHistory(tabs: ReadonlyMap<string, Grid>): HistoryRow[] {
  const history = readTab(tabs, HISTORY_TAB, [], { reportMissing: false });
  const rows: HistoryRow[] = [];
  history.forEachRow(({ cells }) => {
    const date = cells.date === undefined ? undefined : parseDateCell(cells.date);
    if (date === undefined) return;
    const rates = Object.fromEntries(
      RATE_NAMES.map((name) => {
        const counts = countsOf(cells[`${name}Counts`]);
        const value = counts
          ? counts.total === 0
            ? null
            : counts.covered / counts.total
          : fractionOf(cells[name]);
        return [name, { value, counts }];
      }),
    ) as Record<RateName, RateAtClose>;
    rows.push({ date, rates });
  });
  return rows;
}

function readPreviousClose(analysis: Analysis, previousEnd: Serial): Comparison['previousClose'] {
  let best: HistoryRow | null = null;
  for (const row of readHistory(analysis.input.tabs))
    if (row.date <= previousEnd && (best === null || row.date > best.date)) best = row;
  return best;
}

/** `14/17` → covered 14 of 17. */
function countsOf(value: CellValue): Rate | null {
  const m = /^(\d+)\s*\/\s*(\d+)$/.exec(cellText(value));
  if (!m) return null;
  const covered = Number(m[1]);
  const total = Number(m[2]);
  return covered <= total ? { covered, total } : null;
}

/** A rate as 历史 shows it: a fraction (`0.85`) or a percentage (`85%`, `85.0 %`). */
function fractionOf(value: CellValue): number | null {
  const text = cellText(value);
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  const fraction = percent
    ? Number(percent[1]) / 100
    : /^\d+(?:\.\d+)?$/.test(text)
      ? Number(text)
      : NaN;
  return fraction >= 0 && fraction <= 1 ? fraction : null;
}

/**
 * Open rows that were open at the previous period's end too: a row first found by then, or
 * for a period-bound code, the same object's row of that period ended `期末未解决`. The streak
 * walks back period by period while the object had the code open at the period's end.
 */
function persistentGaps(
  rows: LedgerRow[],
  previousPeriod: Period,
  before: (period: Period) => Period,
): PersistentGap[] {
  const byObject = new Map<string, LedgerRow[]>();
  for (const row of rows) {
    const key = `${row.category}\u001f${row.code}\u001f${row.subject}`;
    const list = byObject.get(key);
    if (list) list.push(row);
    else byObject.set(key, [row]);
  }
  const openAtEnd = (history: LedgerRow[], p: Period) =>
    history.some((r) =>
      PERIOD_BOUND_CODES.has(r.code)
        ? r.period === p.label && r.status === '期末未解决'
        : r.firstFound <= p.end &&
          (r.status === '未解决' || (r.resolved !== null && r.resolved > p.end)),
    );

  const persistent: PersistentGap[] = [];
  for (const history of byObject.values()) {
    const earliest = Math.min(...history.map((r) => r.firstFound));
    for (const row of history) {
      if (row.status !== '未解决') continue;
      let streak = 0;
      for (let p = previousPeriod; p.end >= earliest && openAtEnd(history, p); p = before(p))
        streak++;
      if (streak > 0) persistent.push({ row, periods: streak + 1 });
    }
  }
  return persistent.sort(
    (a, b) =>
      b.periods - a.periods ||
      byCodeOrder(a.row.code, b.row.code) ||
      compareText(a.row.subject, b.row.subject),
  );
}
