import { isoFromSerial } from './calendar-date';
import type { CategoryCounts, Comparison, RateName } from './compare-periods';
import type { Rate } from './compute-coverage';
import type { Ledger } from './compute-ledger';
import type { GapCode, LedgerCategory } from './ledger-row';

/** `review` of the contract §7.5 summary. */
export interface ReviewSummary {
  /**
   * The previous period's close from 历史; `null` when 历史 has no row for it. A rate is
   * `null` when that row holds no counts for it (a row written before 历史 had them).
   */
  previous: ({ date: string } & Record<RateName, Rate | null>) | null;
  opened: CategoryCounts;
  closed: CategoryCounts;
  open: CategoryCounts;
  /** By `periods` descending, then category, code (the contract's tables' order) and subject. */
  persistent: Array<{ category: LedgerCategory; code: GapCode; subject: string; periods: number }>;
  ledgerRestarted: boolean;
}

/** The summary's `review` (contract §7.5) from the comparison and the ledger. */
export function summariseReview(comparison: Comparison, ledger: Ledger): ReviewSummary {
  const close = comparison.previousClose;
  return {
    previous: close && {
      date: isoFromSerial(close.date),
      org: close.rates.org.counts,
      work: close.rates.work.counts,
      contact: close.rates.contact.counts,
    },
    opened: comparison.opened,
    closed: comparison.closed,
    open: comparison.open,
    persistent: comparison.persistent.map(({ row, periods }) => ({
      category: row.category,
      code: row.code,
      subject: row.subject,
      periods,
    })),
    ledgerRestarted: ledger.restarted,
  };
}
