import type { Analysis, Summary } from './analysis';
import { isoFromSerial } from './calendar-date';

/** Renders the contract §6 summary (without `stats`, and without §7.5's `review`) from an analysis. */
export function renderSummary(analysis: Analysis): Omit<Summary, 'review'> {
  const { period, coverage } = analysis;
  return {
    asOf: isoFromSerial(analysis.asOf),
    period: {
      label: period.label,
      start: isoFromSerial(period.start),
      end: isoFromSerial(period.end),
    },
    rates: coverage.rates,
    coverageGaps: analysis.gaps.map(({ member, reasons }) => {
      const found = analysis.suggestions.get(member);
      const suggestion: Summary['coverageGaps'][number]['suggestion'] = {};
      if (found?.partyGroup !== undefined) suggestion.partyGroup = found.partyGroup;
      if (found?.contact !== undefined) suggestion.contact = found.contact?.ref ?? null;
      return { memberId: member.id, name: member.name, reasons, suggestion };
    }),
    responsibilityGaps: analysis.responsibility.map((gap) => ({
      code: gap.code,
      subject: gap.subject,
      owner: gap.owner?.name ?? null,
      detail: gap.detail,
    })),
    dataIssues: analysis.issues.map(({ tab, row, column, code, message }) => ({
      tab,
      row,
      column,
      code,
      message,
    })),
  };
}
