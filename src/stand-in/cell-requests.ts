import type { CellData, GridRange, RowData } from '../sheets/sheets-api-types';
import { formatA1Range } from './format-a1-range';
import { type BoundedWindow, gridLimits } from './grid-limits';
import type { FieldMask } from './parse-field-mask';
import type { RequestHandlers } from './request-context';
import { SheetsApiError } from './sheets-api-error';
import { shiftFormula } from './shift-formula';
import type { StoredSheet } from './stored-spreadsheet';
import { writeCell } from './write-cell';

const CLEARED: CellData = {};

function widthOf(rows: readonly RowData[]): number {
  return rows.reduce((widest, row) => Math.max(widest, row.values?.length ?? 0), 0);
}

function writeRows(
  sheet: StoredSheet,
  rows: readonly RowData[],
  startRow: number,
  startColumn: number,
  mask: FieldMask,
): void {
  const { grid } = sheet;
  for (let i = 0; i < rows.length; i++) {
    const values = rows[i]?.values ?? [];
    for (let j = 0; j < values.length; j++) {
      const row = startRow + i;
      const column = startColumn + j;
      grid.set(row, column, writeCell.update(grid.get(row, column), values[j] ?? CLEARED, mask));
    }
  }
}

// With a range, cells of the range that `rows` does not reach have the masked fields cleared.
function clearUncovered(
  sheet: StoredSheet,
  window: BoundedWindow,
  rows: readonly RowData[],
  mask: FieldMask,
): void {
  const { grid } = sheet;
  const lastRow = Math.min(window.endRow, grid.height);
  for (let row = window.startRow; row < lastRow; row++) {
    const cells = grid.row(row);
    if (!cells) continue;
    const covered = rows[row - window.startRow]?.values?.length ?? 0;
    const end = Math.min(window.endColumn, cells.length);
    for (let column = window.startColumn + covered; column < end; column++) {
      const cell = cells[column];
      if (cell !== undefined) grid.set(row, column, writeCell.update(cell, CLEARED, mask));
    }
  }
}

function forEachCell(window: BoundedWindow, visit: (row: number, column: number) => void): void {
  for (let row = window.startRow; row < window.endRow; row++) {
    for (let column = window.startColumn; column < window.endColumn; column++) visit(row, column);
  }
}

function storedRange(sheetId: number, window: BoundedWindow): GridRange {
  const range: GridRange = {
    startRowIndex: window.startRow,
    endRowIndex: window.endRow,
    startColumnIndex: window.startColumn,
    endColumnIndex: window.endColumn,
  };
  // proto3 omits GridRange.sheetId when it is 0 (§0.2).
  return sheetId === 0 ? range : { sheetId, ...range };
}

function overlaps(a: GridRange, b: BoundedWindow): boolean {
  return (
    (a.startRowIndex ?? 0) < b.endRow &&
    b.startRow < (a.endRowIndex ?? Number.POSITIVE_INFINITY) &&
    (a.startColumnIndex ?? 0) < b.endColumn &&
    b.startColumn < (a.endColumnIndex ?? Number.POSITIVE_INFINITY)
  );
}

/** updateCells, repeatCell, appendCells, setDataValidation, mergeCells and unmergeCells. */
export const cellRequests: RequestHandlers = {
  updateCells(context, { rows = [], fields, range, start }) {
    const mask = context.fieldMask(fields, 'CellData');
    if ((range === undefined) === (start === undefined)) {
      throw SheetsApiError.invalid('Exactly one of range and start must be set.');
    }
    const sheetId = (range ?? start)?.sheetId ?? 0;
    const sheet = context.draft.edit(context.grid(sheetId));
    const width = widthOf(rows);
    if (start) {
      const startRow = start.rowIndex ?? 0;
      const startColumn = start.columnIndex ?? 0;
      if (rows.length > 0 && width > 0) {
        gridLimits.check(sheet, {
          startRow,
          endRow: startRow + rows.length,
          startColumn,
          endColumn: startColumn + width,
        });
      }
      writeRows(sheet, rows, startRow, startColumn, mask);
      return undefined;
    }
    const window = context.window(sheet, range ?? {});
    if (window.startRow + rows.length > window.endRow) {
      throw SheetsApiError.invalid(
        `Attempting to write row: ${window.startRow + rows.length - 1}, beyond the last requested row of: ${window.endRow - 1}`,
      );
    }
    if (window.startColumn + width > window.endColumn) {
      throw SheetsApiError.invalid(
        `Attempting to write column: ${window.startColumn + width - 1}, beyond the last requested column of: ${window.endColumn - 1}`,
      );
    }
    writeRows(sheet, rows, window.startRow, window.startColumn, mask);
    clearUncovered(sheet, window, rows, mask);
    return undefined;
  },

  repeatCell(context, { range = {}, cell = {}, fields }) {
    const mask = context.fieldMask(fields, 'CellData');
    const sheet = context.draft.edit(context.grid(range.sheetId));
    const window = context.window(sheet, range);
    const formula = cell.userEnteredValue?.formulaValue;
    forEachCell(window, (row, column) => {
      // Relative references in a repeated formula move with each cell.
      const copy =
        formula === undefined
          ? cell
          : {
              ...cell,
              userEnteredValue: {
                formulaValue: shiftFormula(
                  formula,
                  row - window.startRow,
                  column - window.startColumn,
                ),
              },
            };
      sheet.grid.set(row, column, writeCell.update(sheet.grid.get(row, column), copy, mask));
    });
    return undefined;
  },

  appendCells(context, { sheetId, rows = [], fields }) {
    const mask = context.fieldMask(fields, 'CellData');
    const sheet = context.draft.edit(context.grid(sheetId));
    const columnCount = sheet.properties.gridProperties?.columnCount ?? 0;
    let after = sheet.grid.height;
    while (after > 0 && !sheet.grid.hasCellIn(after - 1, 0, columnCount)) after--;
    const width = widthOf(rows);
    if (width > columnCount) {
      gridLimits.check(sheet, {
        startRow: after,
        endRow: after + rows.length,
        startColumn: 0,
        endColumn: width,
      });
    }
    // appendCells is the one write that grows the sheet: new rows are added as needed.
    const grid = sheet.properties.gridProperties;
    sheet.properties.gridProperties = {
      ...grid,
      rowCount: Math.max(grid?.rowCount ?? 0, after + rows.length),
    };
    writeRows(sheet, rows, after, 0, mask);
    return undefined;
  },

  setDataValidation(context, { range = {}, rule }) {
    const sheet = context.draft.edit(context.grid(range.sheetId));
    const window = context.window(sheet, range);
    const mask: FieldMask = new Map([['dataValidation', true]]);
    const update: CellData = rule ? { dataValidation: rule } : CLEARED;
    forEachCell(window, (row, column) => {
      sheet.grid.set(row, column, writeCell.update(sheet.grid.get(row, column), update, mask));
    });
    return undefined;
  },

  mergeCells(context, { range = {}, mergeType = 'MERGE_ALL' }) {
    const sheetId = range.sheetId ?? 0;
    const sheet = context.draft.edit(context.grid(sheetId));
    const window = context.window(sheet, range);
    if (sheet.merges.some((merge) => overlaps(merge, window))) {
      throw SheetsApiError.invalid(
        `Range ${formatA1Range(sheet.properties.title ?? '', window)} overlaps an existing merge.`,
      );
    }
    const pieces: BoundedWindow[] = [];
    if (mergeType === 'MERGE_COLUMNS') {
      for (let column = window.startColumn; column < window.endColumn; column++) {
        pieces.push({ ...window, startColumn: column, endColumn: column + 1 });
      }
    } else if (mergeType === 'MERGE_ROWS') {
      for (let row = window.startRow; row < window.endRow; row++) {
        pieces.push({ ...window, startRow: row, endRow: row + 1 });
      }
    } else {
      pieces.push(window);
    }
    for (const piece of pieces) {
      // A merge keeps only its top-left value.
      forEachCell(piece, (row, column) => {
        if (row === piece.startRow && column === piece.startColumn) return;
        sheet.grid.set(row, column, writeCell.clearValue(sheet.grid.get(row, column)));
      });
      sheet.merges.push(storedRange(sheetId, piece));
    }
    return undefined;
  },

  unmergeCells(context, { range = {} }) {
    const sheet = context.draft.edit(context.grid(range.sheetId));
    const window = context.window(sheet, range);
    sheet.merges = sheet.merges.filter((merge) => !overlaps(merge, window));
    return undefined;
  },
};
