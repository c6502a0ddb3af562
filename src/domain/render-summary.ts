import type { Analysis } from './analyse-workbook';
import { isoFromSerial } from './calendar-date';
import type { GapReason, Rate } from './compute-coverage';
import type { ResponsibilityCode } from './compute-responsibility';
import type { DataIssueCode } from './data-issue';

/** The machine-readable summary of SPEC §6. */
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
}

/** Renders the SPEC §6 summary (without `stats`) from an analysis. */
export function renderSummary(analysis: Analysis): Summary {
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
