import type { Analysis, Summary } from './analysis';
import { parseDateCell } from './calendar-date';
import { layOutTab } from './lay-out-tab';
import { cellText } from './normalise-text';
import type { HistoryUpdate, StyledRange } from './output-tab';
import { printLayout, rateStyle, rateValue } from './tab-builder';

const HISTORY_TAB = '历史';
const HEADER = [
  '日期',
  '周期',
  '组织覆盖率',
  '工作覆盖率',
  '联系落实率',
  '覆盖缺口数',
  '责任缺口数',
  '数据问题数',
];

/**
 * The 历史 update: one row per as-of date. The as-of date's row is replaced where it is; a new
 * date takes the first row after the last filled one. Rows staff added are never touched.
 */
export function renderHistory(analysis: Analysis, summary: Summary): HistoryUpdate {
  const grid = analysis.input.tabs.get(HISTORY_TAB) ?? [];
  let rowIndex = -1;
  let lastFilled = 0;
  for (let r = 1; r < grid.length; r++) {
    const cells = grid[r];
    if (!cells?.some((c) => cellText(c) !== '')) continue;
    lastFilled = r;
    const first = cells[0];
    if (
      rowIndex < 0 &&
      parseDateCell(typeof first === 'string' ? cellText(first) : first) === analysis.asOf
    )
      rowIndex = r;
  }
  if (rowIndex < 0) rowIndex = lastFilled + 1;

  const { rates } = summary;
  const row = [
    summary.asOf,
    summary.period.label,
    rateValue(rates.org),
    rateValue(rates.work),
    rateValue(rates.contact),
    summary.coverageGaps.length,
    summary.responsibilityGaps.length,
    summary.dataIssues.length,
  ];
  const styles: StyledRange[] = [
    { row: 0, column: 0, rows: 1, columns: HEADER.length, style: 'header' },
  ];
  [rates.org, rates.work, rates.contact].forEach((rate, i) => {
    if (rate.total === 0) return;
    styles.push({ row: rowIndex, column: 2 + i, rows: 1, columns: 1, style: 'percent' });
    const band = rateStyle(rate);
    if (band) styles.push({ row: rowIndex, column: 2 + i, rows: 1, columns: 1, style: band });
  });
  // Widths fit the header and the row written now; rows staff added may be wider.
  const { columnWidths } = layOutTab(
    [HEADER, row],
    styles.map((s) => ({ ...s, row: Math.min(s.row, 1) })),
    new Set(),
  );
  return {
    header: HEADER,
    rowIndex,
    row,
    styles,
    columnWidths,
    print: printLayout(analysis, HISTORY_TAB, columnWidths),
    chart: {
      title: '覆盖率变化趋势',
      headerRow: 0,
      rows: Math.max(rowIndex, lastFilled),
      labelColumn: 0,
      valueColumns: [2, 3, 4],
    },
  };
}
