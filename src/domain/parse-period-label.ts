import { serialFromParts } from './calendar-date';
import { computePeriod, type Period, type PeriodKind } from './compute-period';

const QUARTERS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4 };

/**
 * The period a label of `computePeriod` names (`2026年5月`, `2026年第二季度`, `2026年上半年`,
 * `2026年`), or `undefined` for any other text. The ledger stores periods by label only.
 */
export function parsePeriodLabel(label: string): Period | undefined {
  const m = /^(\d{4})年(?:(\d{1,2})月|第([一二三四])季度|([上下])半年)?$/.exec(label);
  if (!m) return undefined;
  const year = Number(m[1]);
  let kind: PeriodKind = '年';
  let month = 1;
  if (m[2] !== undefined) {
    kind = '月';
    month = Number(m[2]);
  } else if (m[3] !== undefined) {
    kind = '季度';
    month = ((QUARTERS[m[3]] as number) - 1) * 3 + 1;
  } else if (m[4] !== undefined) {
    kind = '半年';
    month = m[4] === '上' ? 1 : 7;
  }
  const start = serialFromParts(year, month, 1);
  if (start === undefined) return undefined;
  const period = computePeriod(kind, start);
  return period.label === label ? period : undefined;
}
