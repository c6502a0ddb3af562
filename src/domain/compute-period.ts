import { isoFromSerial, type Serial, serialFromParts } from './calendar-date';

/** The review cycles of 设置 评估周期. */
export const PERIOD_KINDS = ['月', '季度', '半年', '年'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  /** Chinese label, e.g. `2026年第二季度`. */
  label: string;
  start: Serial;
  end: Serial;
}

const QUARTER_NAMES = ['一', '二', '三', '四'];

/** The calendar month, quarter, half-year or year that contains the as-of date (contract §3.3). */
export function computePeriod(kind: PeriodKind, asOf: Serial): Period {
  const [year, month] = isoFromSerial(asOf).split('-').map(Number) as [number, number];
  const span = { 月: 1, 季度: 3, 半年: 6, 年: 12 }[kind];
  const firstMonth = Math.floor((month - 1) / span) * span + 1;
  const start = serialFromParts(year, firstMonth, 1) as Serial;
  const end =
    firstMonth + span > 12
      ? (serialFromParts(year + 1, 1, 1) as Serial) - 1
      : (serialFromParts(year, firstMonth + span, 1) as Serial) - 1;
  const index = (firstMonth - 1) / span;
  const label = {
    月: `${year}年${month}月`,
    季度: `${year}年第${QUARTER_NAMES[index]}季度`,
    半年: `${year}年${index === 0 ? '上' : '下'}半年`,
    年: `${year}年`,
  }[kind];
  return { label, start, end };
}
