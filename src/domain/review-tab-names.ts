/**
 * The output tabs of the periodic review (contract §7), written in the sync's one atomic batch:
 * the gap ledger, each owner's account, and the printable review.
 */
export const REVIEW_TAB_NAMES = ['缺口台账', '责任落实', '评估报告'] as const;
export type ReviewTabName = (typeof REVIEW_TAB_NAMES)[number];
