import type { CellData, ExtendedValue } from '../sheets/sheets-api-types';
import { applyFieldMask, isEmptyObject } from './apply-field-mask';
import type { EnteredValue } from './parse-entered-value';
import type { FieldMask } from './parse-field-mask';
import { SheetsApiError } from './sheets-api-error';
import { StoredCell } from './stored-cell';
import { UNCOMPUTED_FORMULA } from './uncomputed-formula';

const MAX_CELL_CHARACTERS = 50_000;
// CellData fields a write may set; the rest (effectiveValue, formattedValue…) are read-only.
const WRITABLE = [
  'userEnteredValue',
  'userEnteredFormat',
  'note',
  'dataValidation',
  'textFormatRuns',
];

type Json = Record<string, unknown>;

function deepMerge(base: unknown, update: unknown): unknown {
  if (
    typeof base !== 'object' ||
    base === null ||
    typeof update !== 'object' ||
    update === null ||
    Array.isArray(update)
  ) {
    return update;
  }
  const out: Json = { ...(base as Json) };
  for (const [key, value] of Object.entries(update as Json)) out[key] = deepMerge(out[key], value);
  return out;
}

function checkLength(value: ExtendedValue | undefined): void {
  const text = value?.stringValue ?? value?.formulaValue;
  if (text !== undefined && text.length > MAX_CELL_CHARACTERS) {
    throw SheetsApiError.invalid(
      `Your input contains more than the maximum of ${MAX_CELL_CHARACTERS} characters in a single cell.`,
    );
  }
}

// The stand-in does not evaluate formulas written through the API: their effective value is
// the LOADING error (see uncomputed-formula.ts). A literal's effective value is the literal.
function settle(cell: CellData): StoredCell | undefined {
  const entered = cell.userEnteredValue;
  if (!entered || entered.stringValue === '' || Object.keys(entered).length === 0) {
    delete cell.userEnteredValue;
    delete cell.effectiveValue;
  } else if (entered.formulaValue !== undefined) {
    cell.effectiveValue = UNCOMPUTED_FORMULA;
  } else {
    cell.effectiveValue = entered;
  }
  return StoredCell.compact(cell);
}

function plainOf(value: ExtendedValue | undefined): string | number | boolean | undefined {
  if (!value) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  if (value.stringValue !== undefined)
    return value.stringValue === '' ? undefined : value.stringValue;
  if (value.numberValue !== undefined) return value.numberValue;
  return value.boolValue;
}

/** The three ways the API changes one cell; each returns the new stored cell (undefined = empty). */
export const writeCell = {
  /**
   * updateCells / repeatCell / appendCells: the masked CellData fields take the update's values
   * or are cleared. A masked `userEnteredFormat` is merged into the existing format, as the
   * CellData documentation says.
   */
  update(
    existing: StoredCell | undefined,
    update: CellData,
    mask: FieldMask,
  ): StoredCell | undefined {
    checkLength(update.userEnteredValue);
    // The common case of big syncs: plain values over plain cells, nothing to merge.
    if (mask.size === 1 && mask.get('userEnteredValue') === true && typeof existing !== 'object') {
      const plain = plainOf(update.userEnteredValue);
      if (plain !== undefined || !update.userEnteredValue) return plain;
    }
    const cell = { ...(existing === undefined ? {} : StoredCell.expand(existing)) } as Json;
    const keys = mask.has('*')
      ? WRITABLE
      : [...mask.keys()].filter((key) => WRITABLE.includes(key));
    const source = update as Json;
    for (const key of keys) {
      const sub = mask.get(key) ?? true;
      const value =
        key === 'userEnteredFormat' && sub === true && source[key] !== undefined
          ? deepMerge(cell[key], source[key])
          : applyFieldMask(cell[key], source[key], sub);
      if (value === undefined || isEmptyObject(value)) delete cell[key];
      else cell[key] = value;
    }
    return settle(cell as CellData);
  },

  /** values:batchUpdate: sets the value, and the number format typing implies if none is set. */
  enter(existing: StoredCell | undefined, entered: EnteredValue): StoredCell | undefined {
    checkLength(entered.value);
    if (existing === undefined || typeof existing !== 'object') {
      if (!entered.numberFormat) {
        const plain = plainOf(entered.value);
        if (plain !== undefined) return plain;
      }
    }
    const cell: CellData = { ...(existing === undefined ? {} : StoredCell.expand(existing)) };
    cell.userEnteredValue = entered.value;
    if (entered.numberFormat && !cell.userEnteredFormat?.numberFormat) {
      cell.userEnteredFormat = { ...cell.userEnteredFormat, numberFormat: entered.numberFormat };
    }
    return settle(cell);
  },

  /** values:batchClear and `""` writes: the value goes, format, note and validation stay. */
  clearValue(existing: StoredCell | undefined): StoredCell | undefined {
    if (existing === undefined || typeof existing !== 'object') return undefined;
    const { userEnteredValue: _entered, effectiveValue: _effective, ...rest } = existing;
    return StoredCell.compact(rest);
  },
};
