import { parseDateCell, type Serial } from './calendar-date';
import type { CellValue } from './workbook-input';

/**
 * The rule of one column of a tab: text, one of a list, or a date; required unless optional.
 * Every row of every tab is checked, so the check is a few comparisons per cell and one object
 * per row (a general validator costs several objects per cell, and the garbage shows at
 * national scale).
 */
export type ColumnRule<T = unknown> = {
  readonly kind: 'text' | 'oneOf' | 'date';
  readonly optional: boolean;
  /** The allowed values of `oneOf`, in the order a fix lists them. */
  readonly values?: readonly string[];
  readonly allowed?: ReadonlySet<string>;
  /** Other spellings of allowed values, read as the value they stand for. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Phantom: the type a valid cell reads as. */
  readonly type?: T;
};

/** Non-blank text. */
export const text: ColumnRule<string> = { kind: 'text', optional: false };

/** A spreadsheet date (contract §3.2), read as a serial. */
export const date: ColumnRule<Serial> = { kind: 'date', optional: false };

/** One of `values`, or of the `aliases` that stand for them. */
export function oneOf<const T extends string>(
  values: readonly T[],
  aliases: Readonly<Record<string, T>> = {},
): ColumnRule<T> {
  return { kind: 'oneOf', optional: false, values, allowed: new Set(values), aliases };
}

/** The same rule, blank allowed. */
export function optional<T>(rule: ColumnRule<T>): ColumnRule<T | undefined> {
  return { ...rule, optional: true } as ColumnRule<T | undefined>;
}

/** A row's columns and their rules, in the order problems are reported. */
export type RowSchema = Readonly<Record<string, ColumnRule>>;

/** A valid row: each column as its rule reads it. */
export type RowOf<S extends RowSchema> = {
  -readonly [K in keyof S]: S[K] extends ColumnRule<infer T> ? T : never;
};

const columnLists = new WeakMap<RowSchema, readonly string[]>();

function columnsOf(schema: RowSchema): readonly string[] {
  let columns = columnLists.get(schema);
  if (!columns) {
    columns = Object.keys(schema);
    columnLists.set(schema, columns);
  }
  return columns;
}

/**
 * Why a column failed: `missing` (blank where required), `notAllowed` (not one of
 * `values`), or `badDate`.
 */
export interface ColumnProblem {
  column: string;
  code: 'missing' | 'notAllowed' | 'badDate';
  values?: readonly string[];
}

/**
 * Checks a row's cells (blank = undefined; text columns normalised, date columns a serial or
 * normalised text) against its schema: the row as typed values, or every column's problem in
 * the schema's order.
 */
export function checkRow<S extends RowSchema>(
  schema: S,
  cells: Readonly<Record<string, CellValue>>,
): { ok: true; row: RowOf<S> } | { ok: false; problems: ColumnProblem[] } {
  const row: Record<string, unknown> = {};
  let problems: ColumnProblem[] | undefined;
  const columns = columnsOf(schema);
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c] as string;
    const rule = schema[column] as ColumnRule;
    const value = cells[column];
    let problem: ColumnProblem['code'] | undefined;
    let read: unknown = value;
    if (value === undefined || value === null) {
      read = undefined;
      if (!rule.optional) problem = 'missing';
    } else if (rule.kind === 'date') {
      read = typeof value === 'boolean' ? undefined : parseDateCell(value);
      if (read === undefined) problem = 'badDate';
    } else if (typeof value !== 'string') {
      problem = 'notAllowed';
    } else if (rule.kind === 'oneOf') {
      read = rule.aliases && Object.hasOwn(rule.aliases, value) ? rule.aliases[value] : value;
      if (!rule.allowed?.has(read as string)) problem = 'notAllowed';
    }
    if (problem === undefined) row[column] = read;
    else {
      problems ??= [];
      problems.push(
        problem === 'notAllowed'
          ? { column, code: problem, values: rule.values ?? [] }
          : { column, code: problem },
      );
    }
  }
  return problems ? { ok: false, problems } : { ok: true, row: row as RowOf<S> };
}
