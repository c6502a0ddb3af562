import type { CellData } from '../sheets/sheets-api-types';
import { insertGap } from './insert-gap';
import type { StoredCell } from './stored-cell';

type Row = Array<StoredCell | undefined>;

/**
 * The sparse cells of one sheet: an array of rows, each an array of cells, so reading a block is
 * a plain loop. Clones share their rows; a clone copies a row the first time it writes to it, so
 * a batch can work on a draft of a 500,000-row sheet without copying every cell.
 */
export class CellGrid {
  private rows: Array<Row | undefined>;
  private readonly owned = new WeakSet<Row>();

  constructor(rows: Array<Row | undefined> = []) {
    this.rows = rows;
  }

  /** One past the last row that has ever held a cell (trailing rows may be empty). */
  get height(): number {
    return this.rows.length;
  }

  get(row: number, column: number): StoredCell | undefined {
    return this.rows[row]?.[column];
  }

  /** The cells of one row, for reading only; undefined when the row never held a cell. */
  row(row: number): ReadonlyArray<StoredCell | undefined> | undefined {
    return this.rows[row];
  }

  /** The cells kept in full (a format, note, validation or formula), with their places, row by row. */
  *fullCells(): Generator<[row: number, column: number, cell: CellData]> {
    for (let row = 0; row < this.rows.length; row++) {
      const cells = this.rows[row];
      if (!cells) continue;
      for (let column = 0; column < cells.length; column++) {
        const cell = cells[column];
        if (typeof cell === 'object') yield [row, column, cell];
      }
    }
  }

  /** Stores a cell; undefined empties it. */
  set(row: number, column: number, cell: StoredCell | undefined): void {
    if (cell === undefined) {
      if (this.rows[row]?.[column] === undefined) return;
      this.writableRow(row)[column] = undefined;
      return;
    }
    this.writableRow(row)[column] = cell;
  }

  /** A grid with the same cells whose writes do not touch this one. */
  clone(): CellGrid {
    return new CellGrid(this.rows.slice());
  }

  /** Whether any cell in the rectangle holds something. */
  hasCellIn(row: number, startColumn: number, endColumn: number): boolean {
    const cells = this.rows[row];
    if (!cells) return false;
    const end = Math.min(endColumn, cells.length);
    for (let column = startColumn; column < end; column++) {
      if (cells[column] !== undefined) return true;
    }
    return false;
  }

  insertRows(at: number, count: number): void {
    if (at < this.rows.length) this.rows = insertGap(this.rows, at, count);
  }

  deleteRows(at: number, count: number): void {
    this.rows.splice(at, count);
  }

  insertColumns(at: number, count: number): void {
    for (let row = 0; row < this.rows.length; row++) {
      const cells = this.rows[row];
      if (cells && cells.length > at) {
        const widened = insertGap(cells, at, count);
        this.owned.add(widened);
        this.rows[row] = widened;
      }
    }
  }

  deleteColumns(at: number, count: number): void {
    for (let row = 0; row < this.rows.length; row++) {
      if ((this.rows[row]?.length ?? 0) > at) this.writableRow(row).splice(at, count);
    }
  }

  /** Drops every cell outside rowCount × columnCount, as shrinking the grid does. */
  truncate(rowCount: number, columnCount: number): void {
    if (this.rows.length > rowCount) this.rows.length = rowCount;
    for (let row = 0; row < this.rows.length; row++) {
      if ((this.rows[row]?.length ?? 0) > columnCount) this.writableRow(row).length = columnCount;
    }
  }

  private writableRow(row: number): Row {
    const current = this.rows[row];
    if (current && this.owned.has(current)) return current;
    const copy: Row = current ? current.slice() : [];
    this.owned.add(copy);
    this.rows[row] = copy;
    return copy;
  }
}
