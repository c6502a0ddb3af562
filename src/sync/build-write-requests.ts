import type {
  HistoryUpdate,
  OutputTab,
  OutputValue,
  PrintLayout,
  StyledRange,
} from '../domain/output-tab';
import type { CellValue, Grid } from '../domain/workbook-input';
import { OUTPUT_TAB_NAMES, type OutputTabName } from '../domain/workbook-schema';
import { PRINT_SETUP_KEY, type PrintSetup } from '../sheets/print-setup';
import type {
  CellData,
  CellFormat,
  ExtendedValue,
  GridRange,
  Request,
  RowData,
  Spreadsheet,
} from '../sheets/sheets-api-types';
import { cellFormat, OUTPUT_TAB_COLOR, styleFields, withStyle } from './cell-format';
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
 * sheet ids, marker and warning-only protection; the summary tabs are resized, cleared of every
 * format and rewritten whole, so nothing of an earlier sync survives; a tab read back whole
 * (缺口台账, with `readRows`) is edited against `read`, the grids the sync read: rows gone are
 * deleted, rows whose cells changed rewritten, new rows appended; in 历史 only the header and
 * the as-of date's row are cleared and written, in the sync's own columns. Every tab gets the
 * render's column widths, row heights, frozen header rows and print setup; the overview's charts
 * are added once and re-pointed after. A style over several rows (缺口台账's 校验码 column) is
 * one repeatCell, not a format in every cell. So a ledger of 20,000 rows costs the write its
 * changed rows, not 20,000 rows of values and formats. Values are plain (a text that starts
 * with `=` stays text). Callers must have refused foreign tabs.
 */
export function buildWriteRequests(
  spreadsheet: Spreadsheet,
  tabs: readonly OutputTab[],
  history: HistoryUpdate,
  read: ReadonlyMap<string, Grid> = new Map(),
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
    const written = rewriteTabRequests(tab, sheetId, old, room, read.get(tab.name));
    requests.push(...written.requests);
    cellsWritten += written.cells;
  }

  const width = Math.max(...history.columns) + 1;
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
  // Each run of adjacent columns of the sync's is one range; columns between are staff's.
  for (const { from, to } of adjacentRuns(history.columns)) {
    const at = history.columns[from] as number;
    const styles = history.styles.flatMap((s) => {
      const start = Math.max(s.column, from);
      const end = Math.min(s.column + s.columns, to);
      return start < end ? [{ ...s, column: start - from, columns: end - start }] : [];
    });
    for (const [index, values] of [
      [0, history.header],
      [history.rowIndex, history.row],
    ] as const) {
      const range = {
        sheetId,
        startRowIndex: index,
        endRowIndex: index + 1,
        startColumnIndex: at,
        endColumnIndex: at + to - from,
      };
      const { rows, cells } = rowData([values.slice(from, to)], styles, index, 1, to - from);
      cellsWritten += cells;
      requests.push(clearFormats(range), {
        updateCells: { range, rows, fields: 'userEnteredValue,userEnteredFormat' },
      });
    }
    requests.push(...columnWidths(sheetId, history.columnWidths.slice(from, to), at));
  }
  requests.push(...printSetup(sheetId, old?.hasPrintSetup === true, history.print, 1));
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
  read?: Grid,
): { requests: Request[]; cells: number } {
  // A loop, not Math.max(...rows): no array of lengths, and no limit on a call's arguments.
  const columnCount = tab.rows.reduce(
    (widest, r) => Math.max(widest, r.length),
    Math.max(tab.columnWidths.length, room.columns),
  );
  const rowCount = Math.max(tab.rows.length, room.rows);
  const frozenRowCount = Math.min(tab.frozenRows, rowCount - 1);
  const requests: Request[] = [];
  // Rows are deleted before the resize, which then only adds or cuts blank rows at the end.
  const edit = old && tab.readRows ? editOf(tab, read ?? []) : undefined;
  if (edit) requests.push(...deleteRows(sheetId, edit.gone));
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
  const cellStyles = tab.styles.filter((s) => s.rows === 1);
  // Whole: every row, after clearing every format. Edited: each run of changed rows, whose
  // cells the range's field mask resets entirely; rows as read keep what they have.
  const runs = edit ? runsOf(edit.write) : [{ from: 0, to: rowCount }];
  if (!edit) requests.push(clearFormats({ sheetId, startRowIndex: 0, endRowIndex: rowCount }));
  let cells = 0;
  for (const { from, to } of runs) {
    const data = rowData(tab.rows.slice(from, to), cellStyles, from, to - from, columnCount);
    cells += data.cells;
    requests.push({
      updateCells: {
        range: {
          sheetId,
          startRowIndex: from,
          endRowIndex: to,
          startColumnIndex: 0,
          endColumnIndex: columnCount,
        },
        rows: data.rows,
        fields: 'userEnteredValue,userEnteredFormat',
      },
    });
  }
  requests.push(
    ...tab.styles.filter((s) => s.rows > 1).map((s) => styleRange(sheetId, s)),
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

/** One request per run of equal sizes, the first size at index `first`. */
function dimensionRuns(
  sheetId: number,
  dimension: 'ROWS' | 'COLUMNS',
  sizes: readonly number[],
  first = 0,
): Request[] {
  const requests: Request[] = [];
  for (let start = 0; start < sizes.length; ) {
    let end = start + 1;
    while (end < sizes.length && sizes[end] === sizes[start]) end++;
    requests.push({
      updateDimensionProperties: {
        range: { sheetId, dimension, startIndex: first + start, endIndex: first + end },
        properties: { pixelSize: sizes[start] },
        fields: 'pixelSize',
      },
    });
    start = end;
  }
  return requests;
}

function columnWidths(sheetId: number, widths: readonly number[], first = 0): Request[] {
  return dimensionRuns(sheetId, 'COLUMNS', widths, first);
}

/**
 * How a tab read back whole changes: the rows read that are gone (ascending) and, row by row,
 * whether the tab's row must be written (new, or its cells differ from the row read). Undefined
 * when the rows read are out of order or an added row comes before one read: then the tab is
 * written whole.
 */
function editOf(
  tab: OutputTab<string>,
  grid: Grid,
): { gone: number[]; write: boolean[] } | undefined {
  const readRows = tab.readRows ?? [];
  const kept = new Set<number>();
  let last = -1;
  const write: boolean[] = [];
  for (let i = 0; i < tab.rows.length; i++) {
    const from = readRows[i] ?? -1;
    if (from < 0) {
      write.push(true);
      continue;
    }
    if (from <= last || write.length > kept.size) return undefined;
    last = from;
    kept.add(from);
    write.push(!sameCells(tab.rows[i] ?? [], grid[from] ?? []));
  }
  const gone: number[] = [];
  for (let r = 0; r < grid.length; r++) if (!kept.has(r)) gone.push(r);
  return { gone, write };
}

/** Whether a row to write holds what was read: blanks alike, values equal. */
function sameCells(values: readonly OutputValue[], cells: ReadonlyArray<CellValue>): boolean {
  for (let c = 0; c < Math.max(values.length, cells.length); c++)
    if (blankAsEmpty(values[c]) !== blankAsEmpty(cells[c])) return false;
  return true;
}

/** A cell's value with every kind of blank as `''` (a function of its own, not one per row compared). */
function blankAsEmpty(v: OutputValue | CellValue): Exclude<CellValue, null | undefined> {
  return v === null || v === undefined ? '' : v;
}

/** The rows, descending by runs, so each deletion leaves the rows still to delete in place. */
function deleteRows(sheetId: number, rows: readonly number[]): Request[] {
  const requests: Request[] = [];
  for (let end = rows.length; end > 0; ) {
    let start = end - 1;
    while (start > 0 && rows[start - 1] === (rows[start] as number) - 1) start--;
    requests.push({
      deleteDimension: {
        range: {
          sheetId,
          dimension: 'ROWS',
          startIndex: rows[start] as number,
          endIndex: (rows[end - 1] as number) + 1,
        },
      },
    });
    end = start;
  }
  return requests;
}

/** Runs `[from, to)` of positions whose flag is set. */
function runsOf(flags: readonly boolean[]): Array<{ from: number; to: number }> {
  const runs: Array<{ from: number; to: number }> = [];
  for (let from = 0; from < flags.length; from++) {
    if (!flags[from]) continue;
    let to = from + 1;
    while (to < flags.length && flags[to]) to++;
    runs.push({ from, to });
    from = to;
  }
  return runs;
}

/** Runs `[from, to)` of list positions whose columns follow one another in the tab. */
function adjacentRuns(columns: readonly number[]): Array<{ from: number; to: number }> {
  const runs: Array<{ from: number; to: number }> = [];
  for (let from = 0; from < columns.length; ) {
    let to = from + 1;
    while (to < columns.length && columns[to] === (columns[to - 1] as number) + 1) to++;
    runs.push({ from, to });
    from = to;
  }
  return runs;
}

/** A style over a block of cells as one request, adding to each cell's format. */
function styleRange(sheetId: number, s: StyledRange): Request {
  return {
    repeatCell: {
      range: {
        sheetId,
        startRowIndex: s.row,
        endRowIndex: s.row + s.rows,
        startColumnIndex: s.column,
        endColumnIndex: s.column + s.columns,
      },
      cell: { userEnteredFormat: cellFormat([s.style]) },
      fields: styleFields(s.style),
    },
  };
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
  // Each cell's format, built style by style in their order.
  const formats: CellFormat[][] = Array.from({ length: count }, () => []);
  for (const s of styles)
    for (let r = Math.max(s.row, top); r < Math.min(s.row + s.rows, top + count); r++)
      for (let c = s.column; c < Math.min(s.column + s.columns, width); c++) {
        const row = formats[r - top] as CellFormat[];
        row[c] = withStyle(row[c], s.style);
      }
  let cells = 0;
  const rows: RowData[] = [];
  for (let r = 0; r < count; r++) {
    const row = values[r] ?? [];
    const rowFormats = formats[r] as CellFormat[];
    const cellsOfRow: CellData[] = [];
    const length = Math.max(row.length, rowFormats.length);
    for (let c = 0; c < length; c++) {
      const value = extendedValue(row[c] ?? null);
      const format = rowFormats[c];
      if (value) cells++;
      cellsOfRow.push(
        value
          ? format
            ? { userEnteredValue: value, userEnteredFormat: format }
            : { userEnteredValue: value }
          : format
            ? { userEnteredFormat: format }
            : {},
      );
    }
    rows.push(cellsOfRow.length > 0 ? { values: cellsOfRow } : {});
  }
  return { rows, cells };
}
