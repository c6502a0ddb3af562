import type * as z from 'zod/mini';
import type { DataIssue } from './data-issue';
import { badDate, badValue, dataIssue, missingValue } from './issue-messages';
import { cellText, normaliseText } from './normalise-text';
import type { CellValue, Grid } from './workbook-input';
import type { TabSpec } from './workbook-schema';

/** A non-blank data row of a tab, its cells keyed by field. */
export interface TabRow<F extends string> {
  /** The row number the spreadsheet shows. */
  row: number;
  cells: Record<F, CellValue>;
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
  rows: TabRow<F>[];
}

function isBlank(value: CellValue): boolean {
  return (
    value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
  );
}

/** The grid of a tab found by its Chinese name or English alias (NFKC; the name wins). */
export function findTab(tabs: ReadonlyMap<string, Grid>, spec: TabSpec): Grid | undefined {
  let byAlias: Grid | undefined;
  for (const [title, grid] of tabs) {
    const name = normaliseText(title);
    if (name === spec.name) return grid;
    if (byAlias === undefined && name.toLowerCase() === spec.alias.toLowerCase()) byAlias = grid;
  }
  return byAlias;
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
 * (SPEC §2) and collects its non-blank rows. Problems with the tab itself become issues.
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
    rows: [],
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

  const dateFields = new Set<F>(spec.dateColumns);
  const placed = [...columnIndex];
  for (let r = 1; r < grid.length; r++) {
    const cellsOfRow = grid[r];
    if (!cellsOfRow || cellsOfRow.every(isBlank)) continue;
    const cells = {} as Record<F, CellValue>;
    for (const [field, index] of placed) {
      const raw = cellsOfRow[index];
      if (dateFields.has(field))
        cells[field] = typeof raw === 'string' ? cellText(raw) || undefined : raw;
      else cells[field] = cellText(raw) || undefined;
    }
    result.rows.push({ row: r + 1, cells });
  }
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
 */
export type Tolerance<F extends string> = Partial<
  Record<F, { value: unknown; note: string; blank?: boolean }>
>;

/** A row that passed validation, with its typed data and its cells as read. */
export interface ValidRow<F extends string, T> {
  row: number;
  data: T;
  cells: Record<F, CellValue>;
}

const EXCLUDED = '此行未计入统计。';

/**
 * Validates each row with the tab's zod schema. A failing field is a data issue; the row is
 * excluded unless every failing field is tolerated, in which case the fallback is used.
 */
export function validateRows<F extends string, S extends z.ZodMiniType>(
  tab: ReadTab<F>,
  schema: S,
  tolerance: Tolerance<F>,
  issues: DataIssue[],
): ValidRow<F, z.output<S>>[] {
  const valid: ValidRow<F, z.output<S>>[] = [];
  for (const { row, cells } of tab.rows) {
    const first = schema.safeParse(cells);
    if (first.success) {
      valid.push({ row, data: first.data, cells });
      continue;
    }
    const patched: Record<string, unknown> = { ...cells };
    const toleranceOf = (field: F) => {
      const tolerated = tolerance[field];
      return tolerated && (cells[field] !== undefined || tolerated.blank) ? tolerated : undefined;
    };
    const excluded = first.error.issues.some((issue) => !toleranceOf(issue.path[0] as F));
    for (const issue of first.error.issues) {
      const field = issue.path[0] as F;
      const tolerated = toleranceOf(field);
      if (tolerated) patched[field] = tolerated.value;
      const consequence = excluded || !tolerated ? EXCLUDED : `${tolerated.note}。`;
      const column = tab.headers[field];
      const value = cellText(cells[field]);
      if (cells[field] === undefined)
        issues.push(missingValue(tab.spec.name, row, column, consequence));
      else if (issue.code === 'invalid_value')
        issues.push(
          badValue(tab.spec.name, row, column, value, issue.values.map(String), consequence),
        );
      else issues.push(badDate(tab.spec.name, row, column, value, consequence));
    }
    if (excluded) continue;
    const second = schema.safeParse(patched);
    if (second.success) valid.push({ row, data: second.data, cells });
  }
  return valid;
}
