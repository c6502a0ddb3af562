import type { Serial } from './calendar-date';
import type { Review } from './compose-review';
import type { Coverage, GapReason, MemberCoverage, Rate } from './compute-coverage';
import type { Period } from './compute-period';
import type { ResponsibilityCode, ResponsibilityGap } from './compute-responsibility';
import type { DataIssue, DataIssueCode } from './data-issue';
import type { HistoryUpdate, OutputTab } from './output-tab';
import type { Suggestion } from './suggest-contacts';
import type { ReviewSummary } from './summarise-review';
import type { WorkbookInput } from './workbook-input';
import type { Member, Workbook } from './workbook-model';

/**
 * The domain's shared types: what the rules found (`Analysis`), the contract §6 summary and the
 * rendered outputs. Kept apart so the render steps and the entry point import types from here,
 * not from each other.
 */

/** Everything the rules found, before it is rendered. */
export interface Analysis {
  input: WorkbookInput;
  workbook: Workbook;
  asOf: Serial;
  period: Period;
  coverage: Coverage;
  /** Active members with at least one reason, most urgent first. */
  gaps: MemberCoverage[];
  suggestions: Map<Member, Suggestion>;
  responsibility: ResponsibilityGap[];
  /** Data issues by tab (in contract order), then row. */
  issues: DataIssue[];
}

/** The outputs of one sync: the summary, the tabs rewritten whole, 历史's one row, the review. */
export interface RenderedOutputs {
  /** The contract §6 summary with §7.5's `review`, without `stats` (the sync adds them). */
  summary: Summary;
  /** 覆盖总览, 覆盖缺口, 责任缺口, 数据问题, 缺口台账, 责任落实, 评估报告: rewritten whole on each sync. */
  tabs: OutputTab[];
  history: HistoryUpdate;
  /** The review of contract §7.4 as data: the 评估报告 tab's content, for the Word document. */
  review: Review;
}

/** The machine-readable summary of contract §6. */
export interface Summary {
  asOf: string;
  period: { label: string; start: string; end: string };
  rates: { org: Rate; work: Rate; contact: Rate };
  coverageGaps: Array<{
    memberId: string;
    name: string;
    reasons: GapReason[];
    suggestion: { partyGroup?: string; contact?: string | null };
  }>;
  responsibilityGaps: Array<{
    code: ResponsibilityCode;
    subject: string;
    owner: string | null;
    detail: string;
  }>;
  dataIssues: Array<{
    tab: string;
    row: number | null;
    column: string;
    code: DataIssueCode;
    message: string;
  }>;
  /** The periodic review's figures (contract §7.5). */
  review: ReviewSummary;
}
