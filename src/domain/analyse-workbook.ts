import type { Analysis, RenderedOutputs } from './analysis';
import { serialFromIso, serialInZone } from './calendar-date';
import { compareText } from './compare-text';
import { computeCoverage, GAP_REASONS, type MemberCoverage } from './compute-coverage';
import { computePeriod } from './compute-period';
import { computeResponsibility } from './compute-responsibility';
import type { DataIssue } from './data-issue';
import { type FatalProblem, parseWorkbook } from './parse-workbook';
import { renderGapTabs } from './render-gap-tabs';
import { renderHistory } from './render-history';
import { renderOverview } from './render-overview';
import { renderSummary } from './render-summary';
import { type ReviewOutputs, reviewWorkbook } from './review-workbook';
import { suggestContacts } from './suggest-contacts';
import type { WorkbookInput } from './workbook-input';
import type { Workbook } from './workbook-model';
import { INPUT_TABS } from './workbook-schema';

export type AnalyseResult = ({ ok: true } & RenderedOutputs) | { ok: false; problem: FatalProblem };

/**
 * The domain's one entry: reads the input tabs, applies every rule of contract §3–§4, brings the
 * periodic review of §7 up to date and renders the summary and the output tabs. Pure: the clock
 * and time zone arrive in `input`. Its steps are exported too, so a shell can measure them.
 */
export function analyseWorkbook(input: WorkbookInput): AnalyseResult {
  const parsed = parseWorkbook(input);
  if (!parsed.ok) return parsed;
  const analysis = computeAnalysis(input, parsed.workbook, parsed.issues);
  return { ok: true, ...renderOutputs(analysis, reviewWorkbook(analysis)) };
}

/** Applies the rules of contract §4 to a parsed workbook (step two; `reviewWorkbook` is three). */
export function computeAnalysis(
  input: WorkbookInput,
  workbook: Workbook,
  issues: DataIssue[],
): Analysis {
  const asOf =
    (input.asOf === undefined ? undefined : serialFromIso(input.asOf)) ??
    serialInZone(input.now, workbook.settings.timeZone);
  const period = computePeriod(workbook.settings.periodKind, asOf);
  const coverage = computeCoverage(workbook, period, asOf);
  return {
    input,
    workbook,
    asOf,
    period,
    coverage,
    gaps: coverage.members.filter((m) => m.reasons.length > 0).sort(byUrgency),
    suggestions: suggestContacts(workbook, coverage),
    responsibility: computeResponsibility(workbook, coverage, period, asOf),
    issues: sortIssues(issues),
  };
}

/**
 * Renders the summary and the output tabs of an analysis and its review (the last step): the
 * ledger's data issues join the others, after them, in 数据问题 and the summary.
 */
export function renderOutputs(analysis: Analysis, review: ReviewOutputs): RenderedOutputs {
  const reviewed = { ...analysis, issues: [...analysis.issues, ...review.issues] };
  const summary = { ...renderSummary(reviewed), review: review.summary };
  return {
    summary,
    tabs: [renderOverview(reviewed), ...renderGapTabs(reviewed), ...review.tabs],
    history: renderHistory(reviewed, summary),
    review: review.review,
  };
}

const REASON_ORDER = new Map(GAP_REASONS.map((r, i) => [r, i]));

/** The rank of a gap's first reason. */
function firstReason(m: MemberCoverage): number {
  return REASON_ORDER.get(m.reasons[0] ?? 'NOT_REACHED') as number;
}

/** Structural gaps before activity gaps, more reasons first, then by 委员编号. */
function byUrgency(a: MemberCoverage, b: MemberCoverage): number {
  return (
    firstReason(a) - firstReason(b) ||
    b.reasons.length - a.reasons.length ||
    compareText(a.member.id, b.member.id)
  );
}

const TAB_ORDER = new Map(INPUT_TABS.map((t, i) => [t.name, i]));

/** By tab, then row; issues of one row keep the order they were found in (the sort is stable). */
function sortIssues(issues: DataIssue[]): DataIssue[] {
  return [...issues].sort(
    (a, b) =>
      (TAB_ORDER.get(a.tab) ?? 99) - (TAB_ORDER.get(b.tab) ?? 99) || (a.row ?? 0) - (b.row ?? 0),
  );
}
