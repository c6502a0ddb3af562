import type { BoundedWindow } from './grid-limits';
import {
  type DateTimeRenderOption,
  renderCellValue,
  type ValueRenderOption,
} from './render-cell-value';
import type { StoredCell } from './stored-cell';
import type { StoredSheet } from './stored-spreadsheet';

type Value = string | number | boolean;

/** How a range is read: the values method's query options. */
export interface ReadOptions {
  majorDimension: 'ROWS' | 'COLUMNS';
  render: ValueRenderOption;
  dateTime: DateTimeRenderOption;
}

// Trailing empties are dropped, interior ones become "" (§2); `undefined` marks an empty cell.
function trimmed(lines: Array<Array<Value | undefined>>): Value[][] {
  const out: Value[][] = [];
  let lastNonEmpty = -1;
  for (const line of lines) {
    let end = line.length;
    while (end > 0 && line[end - 1] === undefined) end--;
    const values: Value[] = new Array(end);
    for (let i = 0; i < end; i++) values[i] = line[i] ?? '';
    out.push(values);
    if (end > 0) lastNonEmpty = out.length - 1;
  }
  out.length = lastNonEmpty + 1;
  return out;
}

/** The rendered values of a row's cells from `start` to before `end`; `undefined` when empty. */
function rendered(
  cells: ReadonlyArray<StoredCell | undefined> | undefined,
  start: number,
  end: number,
  options: ReadOptions,
): Array<Value | undefined> {
  const line: Array<Value | undefined> = [];
  if (!cells) return line;
  const last = Math.min(end, cells.length);
  for (let column = start; column < last; column++)
    line.push(renderCellValue(cells[column], options.render, options.dateTime));
  return line;
}

/**
 * The `values` of a ValueRange over a bounded window (§2): ragged rows, `""` for interior gaps,
 * `[]` for an empty interior row, transposed for COLUMNS; undefined when the window holds no
 * value at all, so the caller omits the `values` key.
 */
export function readValueRange(
  sheet: StoredSheet,
  window: BoundedWindow,
  options: ReadOptions,
): Value[][] | undefined {
  const { grid } = sheet;
  const lastRow = Math.min(window.endRow, grid.height);
  const lines: Array<Array<Value | undefined>> = [];
  for (let row = window.startRow; row < lastRow; row++)
    lines.push(rendered(grid.row(row), window.startColumn, window.endColumn, options));
  if (options.majorDimension === 'ROWS') {
    const values = trimmed(lines);
    return values.length > 0 ? values : undefined;
  }
  const width = lines.reduce((widest, line) => Math.max(widest, line.length), 0);
  const columns: Array<Array<Value | undefined>> = [];
  for (let column = 0; column < width; column++) columns.push(lines.map((line) => line[column]));
  const values = trimmed(columns);
  return values.length > 0 ? values : undefined;
}
