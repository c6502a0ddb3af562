import { locateTab } from '../domain/locate-tab';
import type { Grid } from '../domain/workbook-input';
import { INPUT_TABS, OUTPUT_TAB_NAMES, READ_BACK_TAB_NAMES } from '../domain/workbook-schema';
import type { Spreadsheet } from '../sheets/sheets-api-types';
import { quoteSheetTitle, type SheetsClient } from '../sheets/sheets-client';

/** The tabs the domain reads, by title, and the size of the read. */
export interface WorkbookGrids {
  /**
   * The input tabs and the read-back output tabs, each as the rows Google returned, and every
   * other output tab as its cell A1: the domain learns which exist (a deleted 缺口台账 beside
   * 责任落实 is a restart, contract §7.1).
   */
  tabs: Map<string, Grid>;
  /** Cells of the tabs read whole, interior blanks included. */
  cellsRead: number;
}

/**
 * The one values read of a sync (`values:batchGet`, UNFORMATTED_VALUE + SERIAL_NUMBER): every
 * input tab the domain would pick from `layout` and every output tab it reads back, whole —
 * so reordered or added columns are read right without knowing them — and cell A1 of the
 * other output tabs, so a renamed or deleted one fails the read instead of being written.
 * The answer's rows are handed to the domain as they are: numbers (dates as serials),
 * booleans, strings (error cells as their literal, `#DIV/0!`), `""` for interior blanks.
 * The grid size Google echoes for each tab read whole replaces the one in `layout`.
 */
export async function readWorkbook(
  client: SheetsClient,
  spreadsheetId: string,
  layout: Spreadsheet,
): Promise<WorkbookGrids> {
  const sheets = (layout.sheets ?? []).filter(
    (s) => s.properties?.title !== undefined && (s.properties.sheetType ?? 'GRID') === 'GRID',
  );
  const titles = sheets.map((s) => s.properties?.title as string);
  const whole = new Set<string>();
  for (const spec of INPUT_TABS) {
    const title = locateTab(titles, spec);
    if (title !== undefined) whole.add(title);
  }
  for (const name of READ_BACK_TAB_NAMES) if (titles.includes(name)) whole.add(name);
  const probed = OUTPUT_TAB_NAMES.filter((name) => !whole.has(name) && titles.includes(name));
  const ranges = [
    ...[...whole].map(quoteSheetTitle),
    ...probed.map((name) => `${quoteSheetTitle(name)}!A1`),
  ];
  const tabs = new Map<string, Grid>();
  if (ranges.length === 0) return { tabs, cellsRead: 0 };

  const { valueRanges = [] } = await client.batchGetValues(spreadsheetId, {
    ranges,
    valueRenderOption: 'UNFORMATTED_VALUE',
    dateTimeRenderOption: 'SERIAL_NUMBER',
    majorDimension: 'ROWS',
    fields: 'valueRanges(range,values)',
  });
  let cellsRead = 0;
  let index = 0;
  for (const title of whole) {
    const { range = '', values = [] } = valueRanges[index++] ?? {};
    tabs.set(title, values);
    for (const row of values) cellsRead += row.length;
    const size = gridSizeOf(range);
    const properties = sheets[titles.indexOf(title)]?.properties;
    if (size && properties) properties.gridProperties = { ...properties.gridProperties, ...size };
  }
  for (const title of probed) tabs.set(title, valueRanges[index++]?.values ?? []);
  return { tabs, cellsRead };
}

/** The grid size in an echoed whole-sheet range (`'历史'!A1:H1000`: 1000 rows, 8 columns). */
function gridSizeOf(range: string): { rowCount: number; columnCount: number } | undefined {
  const corner = /([A-Z]+)(\d+)$/.exec(range.slice(range.lastIndexOf('!') + 1));
  if (!corner) return undefined;
  let columnCount = 0;
  for (const letter of corner[1] as string)
    columnCount = columnCount * 26 + letter.charCodeAt(0) - 64;
  return { rowCount: Number(corner[2]), columnCount };
}
