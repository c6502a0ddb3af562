import type {
  CellStyle,
  HistoryUpdate,
  OutputTab,
  OutputValue,
  PrintLayout,
  StyledRange,
} from '../domain/output-tab';
import { OUTPUT_TAB_NAMES, type OutputTabName } from '../domain/workbook-schema';
import { PRINT_SETUP_KEY, type PrintSetup } from '../sheets/print-setup';
import type {
  CellData,
  ExtendedValue,
  GridRange,
  Request,
  RowData,
  Spreadsheet,
} from '../sheets/sheets-api-types';
import { cellFormat, OUTPUT_TAB_COLOR } from './cell-format';
import { CHART_GRID, chartRequests, historyRateRules } from './chart-requests';

/** The developer-metadata key that marks a tab as the system's (contract §5). */
export const MARKER_KEY = 'dual-coverage.output-tab';

/** An output tab that exists in the spreadsheet. */
export interface ExistingTab {
  sheetId: number;
  rowCount: number;
  columnCount: number;
  /** Carries our marker; a tab of an output name without it belongs to staff. */
  ours: boolean;
  /** Carries print-setup metadata, which every sync replaces. */
  hasPrintSetup: boolean;
}

/**
 * Finds the tabs that have output names (a committee's, unless `names` says otherwise), and
 * whether each carries our marker.
 */
export function locateOutputTabs<Name extends string = OutputTabName>(
  spreadsheet: Spreadsheet,
  names: readonly Name[] = OUTPUT_TAB_NAMES as readonly string[] as readonly Name[],
): Map<Name, ExistingTab> {
  const found = new Map<Name, ExistingTab>();
  const wanted = new Set<string>(names);
  for (const sheet of spreadsheet.sheets ?? []) {
    const p = sheet.properties;
    const title = p?.title;
    if (title === undefined || !wanted.has(title)) continue;
    const metadata = sheet.developerMetadata ?? [];
    found.set(title as Name, {
      sheetId: p?.sheetId ?? 0,
      rowCount: p?.gridProperties?.rowCount ?? 0,
      columnCount: p?.gridProperties?.columnCount ?? 0,
      ours: metadata.some((m) => m.metadataKey === MARKER_KEY && m.metadataValue === title),
      hasPrintSetup: metadata.some((m) => m.metadataKey === PRINT_SETUP_KEY),
    });
  }
  return found;
}

/** What one sync writes: one atomic batch, and how many cells it fills. */
export interface WritePlan {
  requests: Request[];
  cellsWritten: number;
}

/** The first sheet id we give a new output tab; ids already in use are skipped. */
const FIRST_OUTPUT_SHEET_ID = 1_770_000_000;

/**
 * Builds the single batchUpdate that writes every output tab: new tabs are added with our
 * sheet ids, marker and warning-only protection; the four summary tabs are resized, cleared of
 * every format and rewritten whole, so nothing of an earlier sync survives; in 历史 only the
 * header and the as-of date's row are cleared and written; every tab gets the render's column
 * widths, row heights, frozen header rows and print setup; the overview's charts are added
 * once and re-pointed after. Values are plain (a text that starts with `=` stays text).
 * Callers must have refused foreign tabs.
 */
export function buildWriteRequests(
  spreadsheet: Spreadsheet,
  tabs: readonly OutputTab[],
  history: HistoryUpdate,
): WritePlan {
  const existing = locateOutputTabs(spreadsheet);
  const newSheetId = sheetIdAllocator(spreadsheet);
  const requests: Request[] = [];
  let cellsWritten = 0;
  let overview: { sheetId: number; tab: OutputTab } | undefined;

  for (const tab of tabs) {
    const old = existing.get(tab.name);
    const sheetId = old?.sheetId ?? newSheetId();
    if (tab.name === '覆盖总览') overview = { sheetId, tab };
    // The overview's charts sit right of its tables: its grid keeps room for their anchors.
    const room = tab.name === '覆盖总览' ? CHART_GRID : { rows: 1, columns: 1 };
    const written = rewriteTabRequests(tab, sheetId, old, room);
    requests.push(...written.requests);
    cellsWritten += written.cells;
  }

  const width = history.header.length;
  const old = existing.get('历史');
  const sheetId = old?.sheetId ?? newSheetId();
  const rowCount = Math.max(history.rowIndex + 1, old?.rowCount ?? 2);
  if (old) {
    // Only ever grown, never shrunk: rows below ours may be staff's.
    requests.push({
      updateSheetProperties: {
        properties: {
          sheetId,
          title: '历史',
          gridProperties: {
            rowCount,
            columnCount: Math.max(old.columnCount, width),
            frozenRowCount: 1,
          },
        },
        fields:
          'title,gridProperties.rowCount,gridProperties.columnCount,gridProperties.frozenRowCount',
      },
    });
  } else {
    requests.push(...outputTabRequests(sheetId, '历史', Math.max(rowCount, 100), width, 1));
  }
  for (const [index, values] of [
    [0, history.header],
    [history.rowIndex, history.row],
  ] as const) {
    const range = {
      sheetId,
      startRowIndex: index,
      endRowIndex: index + 1,
      startColumnIndex: 0,
      endColumnIndex: width,
    };
    const { rows, cells } = rowData([values], history.styles, index, 1, width);
    cellsWritten += cells;
    requests.push(clearFormats(range), {
      updateCells: { range, rows, fields: 'userEnteredValue,userEnteredFormat' },
    });
  }
  requests.push(
    ...columnWidths(sheetId, history.columnWidths),
    ...printSetup(sheetId, old?.hasPrintSetup === true, history.print, 1),
  );
  if (overview) {
    const chartIds = new Set(
      (spreadsheet.sheets ?? []).flatMap((s) => (s.charts ?? []).map((c) => c.chartId ?? 0)),
    );
    requests.push(
      ...chartRequests(chartIds, overview.sheetId, overview.tab.charts, sheetId, history.chart),
    );
  }
  return { requests, cellsWritten };
}

/** Gives new output tabs our sheet ids, from FIRST_OUTPUT_SHEET_ID on, skipping ids in use. */
export function sheetIdAllocator(spreadsheet: Spreadsheet): () => number {
  const usedIds = new Set((spreadsheet.sheets ?? []).map((s) => s.properties?.sheetId ?? 0));
  let nextId = FIRST_OUTPUT_SHEET_ID;
  return () => {
    while (usedIds.has(nextId)) nextId++;
    usedIds.add(nextId);
    return nextId;
  };
}

/**
 * The requests that rewrite one output tab whole: added (with marker and protection) when new,
 * else resized; cleared of every format and written with the render's values and styles,
 * column widths, row heights, frozen header rows and print setup. `room` is the least grid
 * the tab keeps (for charts anchored on it).
 */
export function rewriteTabRequests(
  tab: OutputTab<string>,
  sheetId: number,
  old: ExistingTab | undefined,
  room: { rows: number; columns: number },
): { requests: Request[]; cells: number } {
  const columnCount = Math.max(
    tab.columnWidths.length,
    ...tab.rows.map((r) => r.length),
    room.columns,
  );
  const rowCount = Math.max(tab.rows.length, room.rows);
  const frozenRowCount = Math.min(tab.frozenRows, rowCount - 1);
  const requests: Request[] = [];
  if (old) {
    requests.push({
      updateSheetProperties: {
        // The title is the tab's own: a no-op, unless the layout was stale and another tab
        // took the name, when Google refuses the whole batch.
        properties: {
          sheetId,
          title: tab.name,
          gridProperties: { rowCount, columnCount, frozenRowCount },
        },
        fields:
          'title,gridProperties.rowCount,gridProperties.columnCount,gridProperties.frozenRowCount',
      },
    });
  } else {
    requests.push(...outputTabRequests(sheetId, tab.name, rowCount, columnCount, frozenRowCount));
  }
  const range = { sheetId, startRowIndex: 0, endRowIndex: rowCount };
  const { rows, cells } = rowData(tab.rows, tab.styles, 0, rowCount, columnCount);
  requests.push(
    clearFormats(range),
    {
      updateCells: {
        range: { ...range, startColumnIndex: 0, endColumnIndex: columnCount },
        rows,
        fields: 'userEnteredValue,userEnteredFormat',
      },
    },
    ...columnWidths(sheetId, tab.columnWidths),
    ...rowHeights(sheetId, tab.rowHeights, rowCount),
    ...printSetup(sheetId, old?.hasPrintSetup === true, tab.print, frozenRowCount),
  );
  return { requests, cells };
}

/** Adds an output tab: our sheet id, tab colour, marker, warning-only protection (and 历史's colours). */
export function outputTabRequests(
  sheetId: number,
  title: string,
  rowCount: number,
  columnCount: number,
  frozenRowCount: number,
): Request[] {
  const requests: Request[] = [
    {
      addSheet: {
        properties: {
          sheetId,
          title,
          gridProperties: { rowCount, columnCount, frozenRowCount },
          tabColorStyle: { rgbColor: OUTPUT_TAB_COLOR },
        },
      },
    },
    {
      createDeveloperMetadata: {
        developerMetadata: {
          metadataKey: MARKER_KEY,
          metadataValue: title,
          location: { sheetId },
          visibility: 'DOCUMENT',
        },
      },
    },
    {
      addProtectedRange: {
        protectedRange: {
          range: { sheetId },
          description:
            title === '历史'
              ? '此表由“两个全覆盖”同步维护：每次只写表头和当天一行，您添加的行会保留。'
              : '此表由“两个全覆盖”同步自动生成，手工修改会在下次同步时被覆盖。',
          warningOnly: true,
        },
      },
    },
  ];
  // 历史 keeps its rows: its colours are conditional, so rows staff add are coloured too.
  if (title === '历史') requests.push(...historyRateRules(sheetId));
  return requests;
}

/** Clears every format in a range, so colours of an earlier sync cannot survive. */
function clearFormats(range: GridRange): Request {
  return { repeatCell: { range, cell: {}, fields: 'userEnteredFormat' } };
}

/** One request per run of equal sizes, from index 0. */
function dimensionRuns(
  sheetId: number,
  dimension: 'ROWS' | 'COLUMNS',
  sizes: readonly number[],
): Request[] {
  const requests: Request[] = [];
  for (let start = 0; start < sizes.length; ) {
    let end = start + 1;
    while (end < sizes.length && sizes[end] === sizes[start]) end++;
    requests.push({
      updateDimensionProperties: {
        range: { sheetId, dimension, startIndex: start, endIndex: end },
        properties: { pixelSize: sizes[start] },
        fields: 'pixelSize',
      },
    });
    start = end;
  }
  return requests;
}

function columnWidths(sheetId: number, widths: readonly number[]): Request[] {
  return dimensionRuns(sheetId, 'COLUMNS', widths);
}

/** Every row of the grid, those below the tab's rows at the default height. */
function rowHeights(sheetId: number, heights: readonly number[], rowCount: number): Request[] {
  const all = Array.from({ length: rowCount }, (_, r) => heights[r] ?? DEFAULT_ROW_PX);
  return dimensionRuns(sheetId, 'ROWS', all);
}

/** Google's default row height. */
const DEFAULT_ROW_PX = 21;

/**
 * Replaces the tab's print-setup metadata (see src/sheets/print-setup.ts). The old one goes by
 * key and tab, not by id, so a batch sent again after a lost answer replaces the copy the
 * first sending made instead of adding a second; it is only asked for when the read found
 * one, so it always has something to delete.
 */
function printSetup(
  sheetId: number,
  hasOld: boolean,
  layout: PrintLayout,
  repeatRows: number,
): Request[] {
  const setup: PrintSetup = { ...layout, repeatRows };
  const lookup = { metadataKey: PRINT_SETUP_KEY, metadataLocation: { sheetId } };
  return [
    ...(hasOld
      ? [{ deleteDeveloperMetadata: { dataFilter: { developerMetadataLookup: lookup } } }]
      : []),
    {
      createDeveloperMetadata: {
        developerMetadata: {
          metadataKey: PRINT_SETUP_KEY,
          metadataValue: JSON.stringify(setup),
          location: { sheetId },
          visibility: 'DOCUMENT',
        },
      },
    },
  ];
}

/** Google refuses a cell of more than 50,000 characters, and with it the whole batch. */
const CELL_CHARACTER_LIMIT = 50_000;

/**
 * Text cut to what one cell holds, ending in `…`. Output cells quote staff's cells inside
 * longer sentences, and NFKC can lengthen a cell (`ﷺ` is 18 characters), so a legal input
 * cell can make an illegal output cell.
 */
function fitCell(text: string): string {
  if (text.length <= CELL_CHARACTER_LIMIT) return text;
  let end = CELL_CHARACTER_LIMIT - 1;
  // Never split a surrogate pair: a lone half is not valid text.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

function extendedValue(value: OutputValue): ExtendedValue | undefined {
  if (value === null || value === '') return undefined;
  if (typeof value === 'number') return { numberValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return { stringValue: fitCell(value) };
}

/**
 * The cells of rows `[top, top + count)` with their formats. Every cell of the range is
 * sent, so values and formats left from an earlier sync are cleared.
 */
function rowData(
  values: readonly OutputValue[][],
  styles: readonly StyledRange[],
  top: number,
  count: number,
  width: number,
): { rows: RowData[]; cells: number } {
  const styleGrid: CellStyle[][][] = Array.from({ length: count }, () => []);
  for (const s of styles)
    for (let r = Math.max(s.row, top); r < Math.min(s.row + s.rows, top + count); r++)
      for (let c = s.column; c < Math.min(s.column + s.columns, width); c++) {
        const row = styleGrid[r - top] as CellStyle[][];
        const cell = row[c];
        if (cell) cell.push(s.style);
        else row[c] = [s.style];
      }
  let cells = 0;
  const rows: RowData[] = [];
  for (let r = 0; r < count; r++) {
    const row = values[r] ?? [];
    const rowStyles = styleGrid[r] as CellStyle[][];
    const cellsOfRow: CellData[] = [];
    const length = Math.max(row.length, rowStyles.length);
    for (let c = 0; c < length; c++) {
      const cell: CellData = {};
      const value = extendedValue(row[c] ?? null);
      if (value) {
        cell.userEnteredValue = value;
        cells++;
      }
      const style = rowStyles[c];
      if (style) cell.userEnteredFormat = cellFormat(style);
      cellsOfRow.push(cell);
    }
    rows.push(cellsOfRow.length > 0 ? { values: cellsOfRow } : {});
  }
  return { rows, cells };
}
