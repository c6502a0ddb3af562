import { columnNames } from './column-names';
import { formatA1Range } from './format-a1-range';
import { gridLimits } from './grid-limits';
import { parseA1Range } from './parse-a1-range';
import { parseEnteredValue, type ValueInputOption } from './parse-entered-value';
import { type ReadOptions, readValueRange } from './read-value-range';
import type { DateTimeRenderOption, ValueRenderOption } from './render-cell-value';
import { SheetsApiError } from './sheets-api-error';
import { SpreadsheetDraft } from './spreadsheet-draft';
import type { StoredSheet, StoredSpreadsheet } from './stored-spreadsheet';
import { writeCell } from './write-cell';

/** Discovery `ValueRange`, as proto3-normalised. */
export interface ValueRange {
  range?: string;
  majorDimension?: 'DIMENSION_UNSPECIFIED' | 'ROWS' | 'COLUMNS';
  values?: unknown[][];
}

/** Discovery `BatchUpdateValuesRequest`, as proto3-normalised. */
export interface BatchUpdateValuesRequest {
  valueInputOption?: 'INPUT_VALUE_OPTION_UNSPECIFIED' | ValueInputOption;
  data?: ValueRange[];
  includeValuesInResponse?: boolean;
  responseValueRenderOption?: ValueRenderOption;
  responseDateTimeRenderOption?: DateTimeRenderOption;
}

interface Written {
  sheet: StoredSheet;
  requested: string;
  response: Record<string, unknown>;
  rows: Set<number>;
  columns: Set<number>;
  cells: number;
}

function readRange(
  spreadsheet: { sheets: readonly StoredSheet[] },
  text: string,
  options: ReadOptions,
) {
  const { sheet, window } = parseA1Range(text, spreadsheet.sheets);
  const bounded = gridLimits.bound(sheet, window);
  const valueRange: ValueRange = {
    range: formatA1Range(sheet.properties.title ?? '', bounded),
    majorDimension: options.majorDimension,
  };
  const values = readValueRange(sheet, bounded, options);
  if (values) valueRange.values = values;
  return valueRange;
}

function transpose(values: unknown[][]): unknown[][] {
  const width = values.reduce((widest, line) => Math.max(widest, line.length), 0);
  const rows: unknown[][] = [];
  for (let row = 0; row < width; row++) rows.push(values.map((line) => line[row] ?? null));
  return rows;
}

function writeRange(
  draft: SpreadsheetDraft,
  valueRange: ValueRange,
  option: ValueInputOption,
): Written {
  const text = valueRange.range ?? '';
  const { sheet: found, window } = parseA1Range(text, draft.sheets);
  // A start outside the grid fails whatever the data.
  gridLimits.bound(found, window);
  const title = found.properties.title ?? '';
  const rows =
    valueRange.majorDimension === 'COLUMNS'
      ? transpose(valueRange.values ?? [])
      : (valueRange.values ?? []);
  const height = rows.length;
  const width = rows.reduce((widest, line) => Math.max(widest, line.length), 0);
  const startRow = window.startRow ?? 0;
  const startColumn = window.startColumn ?? 0;
  const written: Written = {
    sheet: found,
    requested: text,
    response: { spreadsheetId: draft.spreadsheetId },
    rows: new Set(),
    columns: new Set(),
    cells: 0,
  };
  const grid = found.properties.gridProperties;
  if (height === 0 || width === 0) {
    written.response.updatedRange = formatA1Range(title, gridLimits.bound(found, window));
    return written;
  }
  const target = {
    startRow,
    endRow: startRow + height,
    startColumn,
    endColumn: startColumn + width,
  };
  // A single cell is an anchor the data grows from; any larger range is a limit (§3).
  const anchor = window.endRow === startRow + 1 && window.endColumn === startColumn + 1;
  if (!anchor) {
    const limit = {
      startRow,
      endRow: window.endRow ?? grid?.rowCount ?? 0,
      startColumn,
      endColumn: window.endColumn ?? grid?.columnCount ?? 0,
    };
    const within = `Requested writing within range [${formatA1Range(title, limit)}], but tried writing to`;
    if (target.endRow > limit.endRow)
      throw SheetsApiError.invalid(`${within} row [${limit.endRow + 1}]`);
    if (target.endColumn > limit.endColumn) {
      throw SheetsApiError.invalid(`${within} column [${columnNames.letters(limit.endColumn)}]`);
    }
  }
  // values writes never grow the grid (§3).
  gridLimits.check(found, target);
  const sheet = draft.edit(found);
  written.sheet = sheet;
  for (let i = 0; i < height; i++) {
    const line = rows[i] ?? [];
    for (let j = 0; j < line.length; j++) {
      const value = line[j];
      if (value === null || value === undefined) continue;
      const row = startRow + i;
      const column = startColumn + j;
      const existing = sheet.grid.get(row, column);
      if (value === '') {
        sheet.grid.set(row, column, writeCell.clearValue(existing));
      } else if (
        typeof value === 'string' ||
        typeof value === 'number' ||
        typeof value === 'boolean'
      ) {
        sheet.grid.set(row, column, writeCell.enter(existing, parseEnteredValue(value, option)));
      } else {
        throw SheetsApiError.invalid(`Invalid values[${i}][${j}]: ${JSON.stringify(value)}`);
      }
      written.rows.add(row);
      written.columns.add(column);
      written.cells++;
    }
  }
  Object.assign(written.response, {
    updatedRange: formatA1Range(title, target),
    updatedRows: written.rows.size || undefined,
    updatedColumns: written.columns.size || undefined,
    updatedCells: written.cells || undefined,
  });
  return written;
}

function withoutZeros(response: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(response).filter(([, value]) => value !== undefined && value !== 0),
  );
}

/** values:batchGet, values:batchUpdate and values:batchClear. */
export const valuesMethods = {
  /** The ValueRanges of the requested ranges, in order; one bad range fails the call. */
  batchGet(spreadsheet: StoredSpreadsheet, ranges: readonly string[], options: ReadOptions) {
    const response: Record<string, unknown> = { spreadsheetId: spreadsheet.spreadsheetId };
    if (ranges.length > 0)
      response.valueRanges = ranges.map((text) => readRange(spreadsheet, text, options));
    return response;
  },

  /** Writes every ValueRange atomically; a bad entry fails the call with `Invalid data[i]: …`. */
  batchUpdate(spreadsheet: StoredSpreadsheet, body: BatchUpdateValuesRequest) {
    const option = body.valueInputOption;
    if (option !== 'RAW' && option !== 'USER_ENTERED') {
      throw SheetsApiError.invalid("'valueInputOption' is required but not specified");
    }
    const draft = new SpreadsheetDraft(spreadsheet);
    const written = (body.data ?? []).map((valueRange, i) => {
      try {
        return writeRange(draft, valueRange, option);
      } catch (error) {
        throw error instanceof SheetsApiError ? error.prefixed(`Invalid data[${i}]: `) : error;
      }
    });
    const committed = draft.commit();
    if (body.includeValuesInResponse) {
      const options: ReadOptions = {
        majorDimension: 'ROWS',
        render: body.responseValueRenderOption ?? 'FORMATTED_VALUE',
        dateTime: body.responseDateTimeRenderOption ?? 'SERIAL_NUMBER',
      };
      for (const entry of written)
        entry.response.updatedData = readRange(committed, entry.requested, options);
    }
    const sheetRows = new Set<string>();
    const sheetColumns = new Set<string>();
    const sheets = new Set<number>();
    for (const entry of written) {
      const sheetId = entry.sheet.properties.sheetId ?? 0;
      if (entry.cells > 0) sheets.add(sheetId);
      for (const row of entry.rows) sheetRows.add(`${sheetId}:${row}`);
      for (const column of entry.columns) sheetColumns.add(`${sheetId}:${column}`);
    }
    const response = withoutZeros({
      spreadsheetId: spreadsheet.spreadsheetId,
      totalUpdatedRows: sheetRows.size,
      totalUpdatedColumns: sheetColumns.size,
      totalUpdatedCells: written.reduce((sum, entry) => sum + entry.cells, 0),
      totalUpdatedSheets: sheets.size,
    });
    if (written.length > 0)
      response.responses = written.map((entry) => withoutZeros(entry.response));
    return { spreadsheet: committed, response };
  },

  /** Clears only values; formats, notes and validation stay (§4). */
  batchClear(spreadsheet: StoredSpreadsheet, ranges: readonly string[]) {
    const draft = new SpreadsheetDraft(spreadsheet);
    const clearedRanges = ranges.map((text) => {
      const { sheet: found, window } = parseA1Range(text, draft.sheets);
      const bounded = gridLimits.bound(found, window);
      const sheet = draft.edit(found);
      const lastRow = Math.min(bounded.endRow, sheet.grid.height);
      for (let row = bounded.startRow; row < lastRow; row++) {
        const cells = sheet.grid.row(row);
        if (!cells) continue;
        const end = Math.min(bounded.endColumn, cells.length);
        for (let column = bounded.startColumn; column < end; column++) {
          if (cells[column] !== undefined)
            sheet.grid.set(row, column, writeCell.clearValue(cells[column]));
        }
      }
      return formatA1Range(found.properties.title ?? '', bounded);
    });
    const response: Record<string, unknown> = { spreadsheetId: spreadsheet.spreadsheetId };
    if (clearedRanges.length > 0) response.clearedRanges = clearedRanges;
    return { spreadsheet: draft.commit(), response };
  },
};
