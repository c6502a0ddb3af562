import type { Analysis, Summary } from './analysis';
import { isoFromSerial } from './calendar-date';
import { RATE_NAMES, type RateName, readHistory } from './compare-periods';
import type { GapReason, Rate } from './compute-coverage';
import { computePeriod } from './compute-period';

/** How many periods of a committee's 历史 the rollup's 趋势 keeps. */
export const TREND_PERIODS = 8;

/** One period of a committee's trend: the rates of the period's last dated row of 历史. */
export interface TrendPoint {
  /** The period's label, e.g. `2026年第二季度`. */
  period: string;
  /** The period's first day, `YYYY-MM-DD`: orders periods of different kinds. */
  start: string;
  /** Each rate as a fraction; `null` where 历史 shows `—` or nothing readable. */
  rates: Record<RateName, number | null>;
}

/**
 * What the 机关党组汇总 keeps of one committee's successful sync (docs/rollup.md): counts and
 * rates, the 书记's name, the trend, and the active members' 委员编号 with the reasons of those
 * who have a coverage gap — no other name. A few kilobytes for a national committee.
 */
export interface CommitteeFigures {
  /** 专委会名称 from 设置 (blank when staff left it blank). */
  name: string;
  /** The 书记's 姓名, `null` when 分党组 names none. */
  secretary: string | null;
  asOf: string;
  period: Summary['period'];
  rates: Summary['rates'];
  /** The rates at the previous period's close (the summary's `review.previous`); `null` unknown. */
  previous: Record<RateName, Rate | null> | null;
  /** Members with a coverage gap, as 覆盖总览 counts them. */
  coverageGaps: number;
  responsibilityGaps: number;
  dataIssues: number;
  /** The summary's `review.persistent` count: gaps open since before the previous period's close. */
  persistentGaps: number;
  /** Oldest period first, at most TREND_PERIODS, ending with the as-of date's. */
  trend: TrendPoint[];
  /** Every active member's 委员编号. */
  members: string[];
  /** The active members with a coverage gap and their reasons (contract §4.2). */
  uncovered: Array<{ id: string; reasons: GapReason[] }>;
}

/**
 * The rollup's figures of a committee from its sync: the summary it returned and the analysis
 * behind it (for the members, the 书记 and 历史, which the summary does not carry). Pure; the
 * same for the Worker's syncs and the command line's.
 */
export function committeeFigures(analysis: Analysis, summary: Summary): CommitteeFigures {
  const { workbook } = analysis;
  const { previous } = summary.review;
  return {
    name: workbook.settings.committeeName,
    secretary: workbook.secretary?.name ?? null,
    asOf: summary.asOf,
    period: summary.period,
    rates: summary.rates,
    previous: previous && { org: previous.org, work: previous.work, contact: previous.contact },
    coverageGaps: summary.coverageGaps.length,
    responsibilityGaps: summary.responsibilityGaps.length,
    dataIssues: summary.dataIssues.length,
    persistentGaps: summary.review.persistent.length,
    trend: trend(analysis),
    members: analysis.coverage.members.map((m) => m.member.id),
    uncovered: summary.coverageGaps.map((gap) => ({ id: gap.memberId, reasons: gap.reasons })),
  };
}

/**
 * Each period's last row of 历史 as the sync read it, this sync's figures standing for today
 * (the row it writes). Periods are those of the committee's 评估周期 today.
 */
function trend(analysis: Analysis): TrendPoint[] {
  const kind = analysis.workbook.settings.periodKind;
  const latest = new Map<string, { date: number; point: TrendPoint }>();
  const keep = (date: number, rates: TrendPoint['rates']) => {
    const period = computePeriod(kind, date);
    const known = latest.get(period.label);
    if (known && known.date > date) return;
    latest.set(period.label, {
      date,
      point: { period: period.label, start: isoFromSerial(period.start), rates },
    });
  };
  // Rows of later dates belong to a run after this one (this one is back-dated): not its trend.
  for (const row of readHistory(analysis.input.tabs))
    if (row.date < analysis.asOf)
      keep(
        row.date,
        Object.fromEntries(RATE_NAMES.map((name) => [name, row.rates[name].value])) as Record<
          RateName,
          number | null
        >,
      );
  const { rates } = analysis.coverage;
  keep(
    analysis.asOf,
    Object.fromEntries(
      RATE_NAMES.map((name) => [
        name,
        rates[name].total === 0 ? null : rates[name].covered / rates[name].total,
      ]),
    ) as Record<RateName, number | null>,
  );
  return [...latest.values()]
    .map(({ point }) => point)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
    .slice(-TREND_PERIODS);
}
