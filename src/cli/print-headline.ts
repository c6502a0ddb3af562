import type { Rate } from '../domain/compute-coverage';
import type { SyncSummary } from '../sync/run-sync';

function percent(rate: Rate): string {
  return rate.total === 0
    ? '  —  '
    : `${((100 * rate.covered) / rate.total).toFixed(1).padStart(5)}%`;
}

/** The headline of a sync for a terminal: period, the three rates with counts, the gap counts. */
export function printHeadline(summary: SyncSummary, writtenTo: string): string {
  const { rates, stats } = summary;
  const line = (label: string, rate: Rate) =>
    `  ${label}  ${percent(rate)}  ${rate.covered}/${rate.total}`;
  return [
    `${summary.period.label}（${summary.period.start} 至 ${summary.period.end}），截至 ${summary.asOf}`,
    line('组织覆盖率', rates.org),
    line('工作覆盖率', rates.work),
    line('联系落实率', rates.contact),
    `  覆盖缺口 ${summary.coverageGaps.length} 人 · 责任缺口 ${summary.responsibilityGaps.length} 项 · 数据问题 ${summary.dataIssues.length} 条`,
    `已写入 ${writtenTo}（Sheets API 调用 ${stats.sheetsApiCalls} 次，读 ${stats.cellsRead} 格，写 ${stats.cellsWritten} 格，用时 ${stats.durationMs} ms）`,
  ].join('\n');
}
