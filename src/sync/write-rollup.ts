import {
  ROLLUP_TAB_NAMES,
  type RollupEntry,
  type RollupTab,
  renderRollup,
  standingOf,
} from '../domain/render-rollup';
import type { Request } from '../sheets/sheets-api-types';
import type { SheetsClient } from '../sheets/sheets-client';
import { locateOutputTabs, rewriteTabRequests, sheetIdAllocator } from './build-write-requests';
import { CHART_COLUMN, CHART_ROW_STEP, chartSpec, placedChart } from './chart-requests';
import { readLayout } from './read-layout';
import { refuseForeignTabs } from './run-sync';

/** The rollup's charts' ids: fixed, so a later write finds the charts the first one added. */
const FIRST_CHART_ID = 1_770_600_001;
/** The charts sit on 汇总, right of its tables, one under the other, like the overview's. */
const CHART_TAB = '汇总';

/** What one write of the rollup did. */
export interface RollupWrite {
  committees: number;
  /** Committees whose figures are current; the others are shown as failed, never synced or stale. */
  current: number;
  sheetsApiCalls: number;
  cellsWritten: number;
}

/**
 * Writes the 机关党组汇总 (docs/rollup.md) into its spreadsheet the way a sync writes a
 * committee's tabs: one layout read, then one atomic batch that rewrites 各专委会, 汇总 and 趋势
 * whole (marker, protection, widths, print setup) and adds or re-points the charts on 汇总 — the
 * rates of 各专委会 as bars, each rate of 趋势 as lines. A staff tab of one of those names stops
 * it before anything is written. Other tabs are never touched.
 */
export async function writeRollup(request: {
  client: SheetsClient;
  spreadsheetId: string;
  entries: readonly RollupEntry[];
  now: number;
}): Promise<RollupWrite> {
  const { client, spreadsheetId } = request;
  const callsBefore = client.roundTrips;
  const layout = await readLayout(client, spreadsheetId);
  refuseForeignTabs(layout, ROLLUP_TAB_NAMES);
  const tabs = renderRollup(request.entries, request.now);
  const existing = locateOutputTabs(layout, ROLLUP_TAB_NAMES);
  const newSheetId = sheetIdAllocator(layout);
  const sheetIds = new Map(
    tabs.map((tab) => [tab.name, existing.get(tab.name)?.sheetId ?? newSheetId()]),
  );
  const charts = rollupCharts(tabs, sheetIds);
  const requests: Request[] = [];
  let cellsWritten = 0;
  for (const tab of tabs) {
    const room =
      tab.name === CHART_TAB
        ? { rows: charts.length * CHART_ROW_STEP, columns: CHART_COLUMN + 8 }
        : { rows: 1, columns: 1 };
    const written = rewriteTabRequests(
      tab,
      sheetIds.get(tab.name) as number,
      existing.get(tab.name),
      room,
    );
    requests.push(...written.requests);
    cellsWritten += written.cells;
  }
  const chartIds = new Set(
    (layout.sheets ?? []).flatMap((s) => (s.charts ?? []).map((c) => c.chartId ?? 0)),
  );
  const host = sheetIds.get(CHART_TAB) as number;
  charts.forEach(({ chartId, spec }, i) => {
    requests.push(
      placedChart(chartIds, chartId, spec, {
        sheetId: host,
        rowIndex: i * CHART_ROW_STEP,
        columnIndex: CHART_COLUMN,
      }),
    );
    chartIds.delete(chartId);
  });
  // A chart of ours with nothing to show now (no committee yet) goes rather than show stale ranges.
  for (const id of chartIds)
    if (id >= FIRST_CHART_ID && id < FIRST_CHART_ID + 100)
      requests.push({ deleteEmbeddedObject: { objectId: id } });
  await client.batchUpdate(spreadsheetId, { requests });
  return {
    committees: request.entries.length,
    current: request.entries.filter((e) => standingOf(e, request.now) === 'current').length,
    sheetsApiCalls: client.roundTrips - callsBefore,
    cellsWritten,
  };
}

/** Every chart region of the tabs with something to draw, with its fixed id and spec. */
function rollupCharts(
  tabs: readonly RollupTab[],
  sheetIds: ReadonlyMap<string, number>,
): Array<{ chartId: number; spec: Record<string, unknown> }> {
  const charts: Array<{ chartId: number; spec: Record<string, unknown> }> = [];
  let index = 0;
  for (const tab of tabs)
    for (const region of tab.charts) {
      const chartId = FIRST_CHART_ID + index++;
      if (region.rows === 0 || region.valueColumns.length === 0) continue;
      const kind = tab.name === '趋势' ? 'LINE' : 'BAR';
      charts.push({ chartId, spec: chartSpec(sheetIds.get(tab.name) as number, region, kind) });
    }
  return charts;
}
