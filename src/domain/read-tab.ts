import type { DataIssue } from './data-issue';
import {
  badDate,
  badValue,
  dataIssue,
  isUncomputedFormula,
  missingValue,
  uncomputedFormula,
} from './issue-messages';
import { locateTab } from './locate-tab';
import { cellText } from './normalise-text';
import { checkRow, type RowOf, type RowSchema } from './row-schema';
import type { CellValue, Grid } from './workbook-input';
import type { TabSpec } from './workbook-schema';

/** A non-blank data row of a tab, its cells keyed by field. */
export interface TabRow<F extends string> {
  /** The row number the spreadsheet shows. */
  row: number;
  cells: Record<F, CellValue>;
  /** The issue of each cell that holds a formula without a result, read as blank. */
  uncomputed?: Map<F, DataIssue>;
}

/** A tab located in the workbook, with its header mapping and data rows. */
export interface ReadTab<F extends string> {
  spec: TabSpec<F>;
  found: boolean;
  /** Found, with every required column. */
  usable: boolean;
  /** The required columns not found, by canonical name. */
  missingColumns: string[];
  /** The row that looks like the header when row 1 is not, else `null`. */
  headerRowHint: number | null;
  /** Each field's header as found in the sheet, or its canonical name. */
  headers: Record<F, string>;
  /** Each found field's 0-based column, for a reader that needs a cell as it was entered. */
  columns: ReadonlyMap<F, number>;
  /**
   * Hands each non-blank data row to `visit` as it is read from the grid: a big tab is never
   * held twice, and no generator frame or result object is made per row.
   */
  forEachRow(visit: (row: TabRow<F>) => void): void;
}

function isBlank(value: CellValue): boolean {
  return (
    value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
  );
}

function isBlankRow(cells: ReadonlyArray<CellValue>): boolean {
  for (let c = 0; c < cells.length; c++) if (!isBlank(cells[c])) return false;
  return true;
}

/** The grid of a tab found by its Chinese name or English alias (NFKC; the exact name wins). */
export function findTab(tabs: ReadonlyMap<string, Grid>, spec: TabSpec): Grid | undefined {
  const title = locateTab(tabs.keys(), spec);
  return title === undefined ? undefined : tabs.get(title);
}

function headerLookup<F extends string>(spec: TabSpec<F>): Map<string, F> {
  const lookup = new Map<string, F>();
  for (const field of Object.keys(spec.columns) as F[]) {
    const [header, alias] = spec.columns[field];
    lookup.set(header, field);
    lookup.set(alias.toLowerCase(), field);
  }
  return lookup;
}

function mapHeaders<F extends string>(
  row: ReadonlyArray<CellValue> | undefined,
  lookup: Map<string, F>,
): Map<F, { index: number; text: string }[]> {
  const found = new Map<F, { index: number; text: string }[]>();
  row?.forEach((cell, index) => {
    const text = cellText(cell);
    const field = lookup.get(text) ?? lookup.get(text.toLowerCase());
    if (field === undefined) return;
    const list = found.get(field) ?? [];
    list.push({ index, text });
    found.set(field, list);
  });
  return found;
}

/**
 * Locates a tab by its Chinese name or English alias, maps its columns by header text
 * (contract §2) and reads its non-blank rows on demand. Problems with the tab itself become
 * issues.
 */
export function readTab<F extends string>(
  tabs: ReadonlyMap<string, Grid>,
  spec: TabSpec<F>,
  issues: DataIssue[],
  options: { reportMissing: boolean },
): ReadTab<F> {
  const fields = Object.keys(spec.columns) as F[];
  const headers = Object.fromEntries(fields.map((f) => [f, spec.columns[f][0]])) as Record<
    F,
    string
  >;
  const grid = findTab(tabs, spec);
  const result: ReadTab<F> = {
    spec,
    found: grid !== undefined,
    usable: false,
    missingColumns: [],
    headerRowHint: null,
    headers,
    columns: new Map(),
    forEachRow: () => {},
  };
  if (grid === undefined) {
    if (options.reportMissing)
      issues.push(
        dataIssue(
          spec.name,
          null,
          '',
          'MISSING_TAB',
          '',
          `工作簿中没有「${spec.name}」表，相关内容按无记录计算。`,
          `请添加名为「${spec.name}」的工作表（可从模板复制）。`,
        ),
      );
    return result;
  }

  const lookup = headerLookup(spec);
  const found = mapHeaders(grid[0], lookup);
  const columnIndex = new Map<F, number>();
  result.columns = columnIndex;
  for (const [field, places] of found) {
    const [first, ...later] = places;
    if (!first) continue;
    columnIndex.set(field, first.index);
    headers[field] = first.text;
    for (const extra of later)
      issues.push(
        dataIssue(
          spec.name,
          1,
          extra.text,
          'CONFLICT',
          extra.text,
          `表头「${extra.text}」出现了不止一次，只读取第一列（第 ${first.index + 1} 列）。`,
          '请删除或改名重复的列。',
        ),
      );
  }

  result.missingColumns = spec.required
    .filter((field) => !columnIndex.has(field))
    .map((f) => spec.columns[f][0]);
  if (result.missingColumns.length > 0) {
    result.headerRowHint = findMovedHeader(grid, lookup, spec.required);
    const hint =
      result.headerRowHint === null
        ? ''
        : `第 ${result.headerRowHint} 行看起来是表头，表头须在第 1 行。`;
    for (const column of result.missingColumns)
      issues.push(
        dataIssue(
          spec.name,
          1,
          column,
          'MISSING_COLUMN',
          '',
          `「${spec.name}」表缺少必填列「${column}」，此表暂不参与计算。${hint}`,
          `请在第 1 行添加表头「${column}」（也可用英文 ${spec.columns[fieldOf(spec, column)][1]}）。`,
        ),
      );
    return result;
  }
  result.usable = true;

  const placed = [...columnIndex.keys()];
  const indexes = [...columnIndex.values()];
  const isDate = placed.map((field) => spec.dateColumns.includes(field));
  // Every row of every tab passes here: plain indexed loops, one object per row.
  result.forEachRow = (visit) => {
    for (let r = 1; r < grid.length; r++) {
      const cellsOfRow = grid[r];
      if (!cellsOfRow || isBlankRow(cellsOfRow)) continue;
      const cells = {} as Record<F, CellValue>;
      const tabRow: TabRow<F> = { row: r + 1, cells };
      for (let f = 0; f < placed.length; f++) {
        const field = placed[f] as F;
        const raw = cellsOfRow[indexes[f] as number];
        if (isUncomputedFormula(raw)) {
          const issue = uncomputedFormula(spec.name, r + 1, headers[field]);
          issues.push(issue);
          tabRow.uncomputed ??= new Map();
          tabRow.uncomputed.set(field, issue);
          cells[field] = undefined;
        } else
          cells[field] = isDate[f] && typeof raw !== 'string' ? raw : cellText(raw) || undefined;
      }
      visit(tabRow);
    }
  };
  return result;
}

function fieldOf<F extends string>(spec: TabSpec<F>, header: string): F {
  return (Object.keys(spec.columns) as F[]).find((f) => spec.columns[f][0] === header) as F;
}

const HEADER_SEARCH_ROWS = 20;

function findMovedHeader<F extends string>(
  grid: Grid,
  lookup: Map<string, F>,
  required: readonly F[],
): number | null {
  for (let r = 1; r < Math.min(grid.length, HEADER_SEARCH_ROWS); r++) {
    const found = mapHeaders(grid[r], lookup);
    if (required.every((field) => found.has(field))) return r + 1;
  }
  return null;
}

/**
 * What the sync does with a field whose value fails validation, instead of dropping the row.
 * A blank required field still drops the row unless `blank` says it is tolerated too.
 * `choices`, when given, are the values the fix text names (instead of every accepted one).
 */
export type Tolerance<F extends string> = Partial<
  Record<F, { value: CellValue; note: string; blank?: boolean; choices?: readonly string[] }>
>;

/** A row that passed validation, with its typed data and its cells as read. */
export interface ValidRow<F extends string, T> {
  row: number;
  data: T;
  cells: Record<F, CellValue>;
}

const EXCLUDED = '此行未计入统计。';

/**
 * Validates each row against the tab's row schema and hands each valid one to `visit` (its
 * row number, typed data and cells as read: no object per row for them), as the rows are read.
 * A failing column is a data issue; the row is left out unless every failing column is
 * tolerated, in which case the fallback is used.
 */
export function validateRows<F extends string, S extends RowSchema>(
  tab: ReadTab<F>,
  schema: S,
  tolerance: Tolerance<F>,
  issues: DataIssue[],
  visit: (row: number, data: RowOf<S>, cells: Record<F, CellValue>) => void,
): void {
  tab.forEachRow(({ row, cells, uncomputed }) => {
    const first = checkRow(schema, cells);
    if (first.ok) {
      visit(row, first.row, cells);
      return;
    }
    const patched: Record<string, CellValue> = { ...cells };
    const toleranceOf = (field: F) => {
      const tolerated = tolerance[field];
      return tolerated && (cells[field] !== undefined || tolerated.blank) ? tolerated : undefined;
    };
    const excluded = first.problems.some((problem) => !toleranceOf(problem.column as F));
    for (const problem of first.problems) {
      const field = problem.column as F;
      const tolerated = toleranceOf(field);
      if (tolerated) patched[field] = tolerated.value;
      const consequence = excluded || !tolerated ? EXCLUDED : `${tolerated.note}。`;
      const column = tab.headers[field];
      const value = cellText(cells[field]);
      const formula = uncomputed?.get(field);
      // The formula's issue already names the cell; it gains what became of the row.
      if (formula) formula.message += consequence;
      else if (problem.code === 'missing')
        issues.push(missingValue(tab.spec.name, row, column, consequence));
      else if (problem.code === 'notAllowed')
        issues.push(
          badValue(
            tab.spec.name,
            row,
            column,
            value,
            tolerance[field]?.choices ?? problem.values ?? [],
            consequence,
          ),
        );
      else issues.push(badDate(tab.spec.name, row, column, value, consequence));
    }
    if (excluded) return;
    const second = checkRow(schema, patched);
    if (second.ok) visit(row, second.row, cells);
  });
}

/** {@link validateRows} into a list, for the tabs a parse needs whole (rows by key, in order). */
export function validRows<F extends string, S extends RowSchema>(
  tab: ReadTab<F>,
  schema: S,
  tolerance: Tolerance<F>,
  issues: DataIssue[],
): ValidRow<F, RowOf<S>>[] {
  const rows: ValidRow<F, RowOf<S>>[] = [];
  validateRows(tab, schema, tolerance, issues, (row, data, cells) =>
    rows.push({ row, data, cells }),
  );
  return rows;
}
