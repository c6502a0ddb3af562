import type { Analysis, Summary } from './analysis';
import { parseDateCell } from './calendar-date';
import { HISTORY_TAB as HISTORY_COLUMNS, RATE_NAMES } from './compare-periods';
import type { Rate } from './compute-coverage';
import { layOutTab } from './lay-out-tab';
import { cellText } from './normalise-text';
import type { HistoryUpdate, StyledRange } from './output-tab';
import { printLayout, rateStyle, rateValue } from './tab-builder';
import type { CellValue } from './workbook-input';

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
/** `组织 已/应`, `工作 已/应`, `联系 已/应`: the counts of each rate (cells such as `14/17`). */
const COUNTS_HEADER = RATE_NAMES.map((name) => HISTORY_COLUMNS.columns[`${name}Counts`][0]);

/**
 * The 历史 update: one row per as-of date. The as-of date's row is replaced where it is; a new
 * date takes the first row after the last filled one. Rows staff added are never touched, nor
 * are columns staff wrote in: the three count columns (contract §7.5's `previous` needs them)
 * stay where a sync first put them, right of every column in use then — column I on a new tab.
 */
export function renderHistory(analysis: Analysis, summary: Summary): HistoryUpdate {
  const grid = analysis.input.tabs.get(HISTORY_TAB) ?? [];
  let rowIndex = -1;
  let lastFilled = 0;
  let widest = HEADER.length;
  for (let r = 1; r < grid.length; r++) {
    const cells = grid[r];
    if (!cells?.some((c) => cellText(c) !== '')) continue;
    lastFilled = r;
    widest = Math.max(widest, usedWidth(cells));
    const first = cells[0];
    if (
      rowIndex < 0 &&
      parseDateCell(typeof first === 'string' ? cellText(first) : first) === analysis.asOf
    )
      rowIndex = r;
  }
  if (rowIndex < 0) rowIndex = lastFilled + 1;
  const headerRow = grid[0] ?? [];
  const found = headerRow.findIndex((cell) => cellText(cell) === COUNTS_HEADER[0]);
  const countsColumn = found >= HEADER.length ? found : Math.max(widest, usedWidth(headerRow));

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
    ...RATE_NAMES.map((name) => countsText(rates[name])),
  ];
  const header = [...HEADER, ...COUNTS_HEADER];
  const styles: StyledRange[] = [
    { row: 0, column: 0, rows: 1, columns: header.length, style: 'header' },
  ];
  // The counts are text (`14/17`): centred, not pressed against the numbers to their left.
  styles.push({ row: rowIndex, column: HEADER.length, rows: 1, columns: 3, style: 'center' });
  [rates.org, rates.work, rates.contact].forEach((rate, i) => {
    if (rate.total === 0) return;
    styles.push({ row: rowIndex, column: 2 + i, rows: 1, columns: 1, style: 'percent' });
    const band = rateStyle(rate);
    if (band) styles.push({ row: rowIndex, column: 2 + i, rows: 1, columns: 1, style: band });
  });
  // Widths fit the header and the row written now; rows staff added may be wider.
  const { columnWidths } = layOutTab(
    [header, row],
    styles.map((s) => ({ ...s, row: Math.min(s.row, 1) })),
    [],
  );
  return {
    header,
    rowIndex,
    row,
    columns: header.map((_, i) => (i < HEADER.length ? i : countsColumn + i - HEADER.length)),
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

/** Columns up to the last non-blank cell. */
function usedWidth(cells: ReadonlyArray<CellValue>): number {
  for (let c = cells.length - 1; c >= 0; c--) if (cellText(cells[c]) !== '') return c + 1;
  return 0;
}

/** `14/17`: as text, so no spreadsheet takes it for a date or a fraction. */
function countsText(rate: Rate): string {
  return `${rate.covered}/${rate.total}`;
}
