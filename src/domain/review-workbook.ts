import type { Analysis } from './analysis';
import { type Comparison, comparePeriods } from './compare-periods';
import { composeReview, type Review } from './compose-review';
import { computeLedger, type Ledger } from './compute-ledger';
import { type Account, computeResponsibilityLedger } from './compute-responsibility-ledger';
import type { DataIssue } from './data-issue';
import type { OutputTab } from './output-tab';
import { renderReviewTabs } from './render-review-tabs';
import { type ReviewSummary, summariseReview } from './summarise-review';

/** Everything the periodic review adds to a sync (contract §7). */
export interface ReviewOutputs {
  ledger: Ledger;
  comparison: Comparison;
  accounts: Account[];
  /** The review as data, for the 评估报告 tab and the Word document. */
  review: Review;
  /** The summary's `review`. */
  summary: ReviewSummary;
  /** 缺口台账, 责任落实 and 评估报告. */
  tabs: OutputTab[];
  /** The ledger's data issues, for 数据问题 and the summary's `dataIssues`. */
  issues: DataIssue[];
}

/**
 * The periodic review of an analysis (contract §7): the ledger brought up to date from the
 * 缺口台账 and 历史 grids the sync read, the comparison with the previous period, each owner's
 * account, and the review. Pure, like the rest of the domain.
 */
export function reviewWorkbook(analysis: Analysis): ReviewOutputs {
  const ledger = computeLedger(analysis);
  const comparison = comparePeriods(analysis, ledger);
  const accounts = computeResponsibilityLedger(analysis, ledger);
  const review = composeReview(analysis, ledger, comparison, accounts);
  return {
    ledger,
    comparison,
    accounts,
    review,
    summary: summariseReview(comparison, ledger),
    tabs: renderReviewTabs(analysis, ledger, accounts, review),
    issues: ledger.issues,
  };
}
