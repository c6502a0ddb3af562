import { serialFromIso } from '../domain/calendar-date';
import { GAP_REASONS } from '../domain/compute-coverage';
import { computePeriod } from '../domain/compute-period';
import { RESPONSIBILITY_CODES } from '../domain/compute-responsibility';
import {
  type GapCode,
  LEDGER_FIELDS,
  LEDGER_TAB,
  type LedgerRow,
  ledgerCells,
  PERIOD_BOUND_CODES,
} from '../domain/ledger-row';
import type { CellValue } from '../domain/workbook-input';

const CODES: Array<[LedgerRow['category'], GapCode]> = [
  ...GAP_REASONS.map((code) => ['coverage', code] as [LedgerRow['category'], GapCode]),
  ...RESPONSIBILITY_CODES.map(
    (code) => ['responsibility', code] as [LedgerRow['category'], GapCode],
  ),
];

/**
 * The closed history of a national committee's 缺口台账, for `npm run bench`: `count` rows the
 * sync wrote in the five years before the synthetic workbook's records (header first), each
 * with its valid 校验码 — gaps of synthetic members and duty groups, resolved within days, or
 * ending their quarter 期末未解决.
 */
export function benchLedgerRows(count: number): CellValue[][] {
  const rows: CellValue[][] = [LEDGER_FIELDS.map((field) => LEDGER_TAB.columns[field][0])];
  // The quarter before the synthetic records' first (they start on 2026-01-01), going back.
  let quarter = computePeriod('季度', serialFromIso('2025-12-31') as number);
  const perQuarter = Math.ceil(count / 20);
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % perQuarter === 0) quarter = computePeriod('季度', quarter.start - 1);
    const [category, code] = CODES[i % CODES.length] as [LedgerRow['category'], GapCode];
    const subject =
      category === 'coverage'
        ? `M${String((i % 2_200) + 1).padStart(5, '0')}`
        : `第${(i % 55) + 1}履职小组`;
    const firstFound = quarter.start + (i % 60);
    const bound = PERIOD_BOUND_CODES.has(code);
    rows.push(
      ledgerCells({
        category,
        code,
        subject,
        subjectName: subject,
        period: bound ? quarter.label : '',
        owner: '书记甲',
        firstFound,
        lastFound: firstFound + 7,
        resolved: bound ? null : firstFound + 14,
        status: bound ? '期末未解决' : '已解决',
      }),
    );
  }
  return rows;
}
