import type { CellData, ExtendedValue } from '../sheets/sheets-api-types';

/**
 * One non-empty cell as the stand-in keeps it. A plain value entered by the user, with no format,
 * note or validation, is kept as the bare primitive: large sheets are mostly such cells, and this
 * keeps a 500,000-row tab small. Anything else is a proto3-normalised CellData, never mutated.
 */
export type StoredCell = string | number | boolean | CellData;

function plainValue(value: string | number | boolean): ExtendedValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'number') return { numberValue: value };
  return { boolValue: value };
}

function primitiveOf(value: ExtendedValue | undefined): string | number | boolean | undefined {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.numberValue !== undefined) return value.numberValue;
  return value.boolValue;
}

/** Conversions between the compact and the full (CellData) form of a stored cell. */
export const StoredCell = {
  plainValue,

  /** The full CellData of a stored cell, without the computed formattedValue. */
  expand(cell: StoredCell): CellData {
    if (typeof cell === 'object') return cell;
    // One shared object: the effective value of a literal is the entered value.
    const value = plainValue(cell);
    return { userEnteredValue: value, effectiveValue: value };
  },

  /** The stored form of a cell; undefined when nothing is left in it. */
  compact(cell: CellData): StoredCell | undefined {
    let keys = 0;
    for (const key in cell) if (cell[key as keyof CellData] !== undefined) keys++;
    if (keys === 0) return undefined;
    if (keys === 2 && cell.userEnteredValue && cell.effectiveValue) {
      const entered = primitiveOf(cell.userEnteredValue);
      if (entered !== undefined && entered === primitiveOf(cell.effectiveValue)) return entered;
    }
    return cell;
  },

  /** The value as entered: a literal or `formulaValue`. */
  entered(cell: StoredCell): ExtendedValue | undefined {
    return typeof cell === 'object' ? cell.userEnteredValue : plainValue(cell);
  },
};
