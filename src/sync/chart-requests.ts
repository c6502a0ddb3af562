import type { ChartRegion } from '../domain/output-tab';
import type { GridRange, Request } from '../sheets/sheets-api-types';
import { BAND_COLORS } from './cell-format';

/** Our charts' ids: fixed, so a later sync finds and updates the charts the first one added. */
const CHART_IDS = {
  bySector: 1_770_500_001,
  byGroup: 1_770_500_002,
  trend: 1_770_500_003,
} as const;

const CHART_WIDTH = 620;
const CHART_HEIGHT = 340;
/** Charts sit to the right of the overview's tables (column K), one under the other. */
export const CHART_COLUMN = 10;
export const CHART_ROW_STEP = 18;
/** The overview's grid keeps at least this size, so the charts' anchor cells always exist. */
export const CHART_GRID = { rows: 3 * CHART_ROW_STEP, columns: CHART_COLUMN + 8 } as const;

function column(sheetId: number, region: ChartRegion, index: number): GridRange {
  return {
    sheetId,
    startRowIndex: region.headerRow,
    endRowIndex: region.headerRow + 1 + region.rows,
    startColumnIndex: index,
    endColumnIndex: index + 1,
  };
}

/** A bar or line chart of `region` (on the tab `sheetId`): labels down one column, series in others. */
export function chartSpec(
  sheetId: number,
  region: ChartRegion,
  kind: 'BAR' | 'LINE',
): Record<string, unknown> {
  const valueAxis = kind === 'BAR' ? 'BOTTOM_AXIS' : 'LEFT_AXIS';
  return {
    title: region.title,
    basicChart: {
      chartType: kind,
      legendPosition: 'BOTTOM_LEGEND',
      headerCount: 1,
      axis: [{ position: valueAxis, title: '覆盖率' }],
      domains: [
        { domain: { sourceRange: { sources: [column(sheetId, region, region.labelColumn)] } } },
      ],
      series: region.valueColumns.map((c) => ({
        series: { sourceRange: { sources: [column(sheetId, region, c)] } },
        targetAxis: valueAxis,
      })),
    },
  };
}

/**
 * The overview's three charts — rates per 界别 and per 履职小组 (bars) and the trend from 历史
 * (lines) — added on the first sync and re-pointed at the current tables on every later one,
 * so they follow the tables as they grow or shrink.
 */
export function chartRequests(
  existingChartIds: ReadonlySet<number>,
  overviewSheetId: number,
  overviewCharts: readonly ChartRegion[],
  historySheetId: number,
  trend: ChartRegion,
): Request[] {
  const charts = [
    ...overviewCharts.map((region, i) => ({
      chartId: i === 0 ? CHART_IDS.bySector : CHART_IDS.byGroup,
      spec: chartSpec(overviewSheetId, region, 'BAR'),
    })),
    { chartId: CHART_IDS.trend, spec: chartSpec(historySheetId, trend, 'LINE') },
  ];
  return charts.map(({ chartId, spec }, i) =>
    placedChart(existingChartIds, chartId, spec, {
      sheetId: overviewSheetId,
      rowIndex: i * CHART_ROW_STEP,
      columnIndex: CHART_COLUMN,
    }),
  );
}

/**
 * Adds a chart of our fixed id at `anchor`, or, when the spreadsheet has it already, points it
 * at the current tables (where it sits, staff may have moved it: that is left as it is).
 */
export function placedChart(
  existingChartIds: ReadonlySet<number>,
  chartId: number,
  spec: Record<string, unknown>,
  anchor: { sheetId: number; rowIndex: number; columnIndex: number },
): Request {
  return existingChartIds.has(chartId)
    ? { updateChartSpec: { chartId, spec } }
    : {
        addChart: {
          chart: {
            chartId,
            spec,
            position: {
              overlayPosition: {
                anchorCell: anchor,
                widthPixels: CHART_WIDTH,
                heightPixels: CHART_HEIGHT,
              },
            },
          },
        },
      };
}

const BANDS = [
  { type: 'NUMBER_GREATER_THAN_EQ', values: ['1'], color: BAND_COLORS.good },
  { type: 'NUMBER_GREATER_THAN_EQ', values: ['0.9'], color: BAND_COLORS.warn },
  { type: 'NUMBER_LESS', values: ['0.9'], color: BAND_COLORS.bad },
];

/**
 * Conditional colours on 历史's three rate columns (green at 100 %, amber from 90 %, red
 * below), so rows staff add are coloured like the sync's. Added once, with the tab.
 */
export function historyRateRules(sheetId: number): Request[] {
  const range: GridRange = { sheetId, startRowIndex: 1, startColumnIndex: 2, endColumnIndex: 5 };
  return BANDS.map((band, index) => ({
    addConditionalFormatRule: {
      index,
      rule: {
        ranges: [range],
        booleanRule: {
          condition: {
            type: band.type,
            values: band.values.map((userEnteredValue) => ({ userEnteredValue })),
          },
          format: { backgroundColor: band.color },
        },
      },
    },
  }));
}
