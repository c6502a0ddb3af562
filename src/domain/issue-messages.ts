import type { DataIssue, DataIssueCode } from './data-issue';

/**
 * The Chinese wording of data issues: what is wrong and how to fix it, in words a committee
 * clerk acts on. Kept in one place so the tone stays the same everywhere.
 */

const ERROR_LITERAL = /^#(?:REF!|N\/A|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!|ERROR!)$/;
const MAX_VALUE_LENGTH = 200;

/** The cell text shown in an issue: long cells are cut, so the issue list stays readable. */
export function shownValue(text: string): string {
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
}

/** Builds one data issue; the value is cut to a readable length. */
export function dataIssue(
  tab: string,
  row: number | null,
  column: string,
  code: DataIssueCode,
  value: string,
  message: string,
  fix: string,
): DataIssue {
  return { tab, row, column, code, value: shownValue(value), message, fix };
}

/** A required cell left blank. `consequence` says what the sync did instead. */
export function missingValue(
  tab: string,
  row: number,
  column: string,
  consequence: string,
): DataIssue {
  return dataIssue(
    tab,
    row,
    column,
    'MISSING_VALUE',
    '',
    `「${column}」未填写，${consequence}`,
    `请填写「${column}」。`,
  );
}

/** A value outside a fixed vocabulary. */
export function badValue(
  tab: string,
  row: number,
  column: string,
  value: string,
  allowed: readonly string[],
  consequence: string,
): DataIssue {
  if (ERROR_LITERAL.test(value)) return formulaError(tab, row, column, value, consequence);
  return dataIssue(
    tab,
    row,
    column,
    'BAD_VALUE',
    value,
    `「${column}」的值「${shownValue(value)}」不在可选范围内，${consequence}`,
    `请改为以下之一：${allowed.join('、')}。`,
  );
}

/** A date cell that holds no date. */
export function badDate(
  tab: string,
  row: number,
  column: string,
  value: string,
  consequence: string,
): DataIssue {
  if (ERROR_LITERAL.test(value)) return formulaError(tab, row, column, value, consequence);
  return dataIssue(
    tab,
    row,
    column,
    'BAD_DATE',
    value,
    `「${column}」的值「${shownValue(value)}」不是有效日期，${consequence}`,
    '请填写日期，例如 2026-05-12、2026/5/12 或 2026年5月12日。',
  );
}

/**
 * What Google shows for a formula whose result it does not have yet, and what the sync reads
 * for a formula saved without its result (openpyxl and similar libraries save none).
 */
const UNCOMPUTED = 'Loading...';

/** Whether a cell shows a formula without a result (see UNCOMPUTED). */
export function isUncomputedFormula(value: unknown): boolean {
  return value === UNCOMPUTED;
}

/** A formula cell without a result: read as blank; `message` may gain what became of the row. */
export function uncomputedFormula(tab: string, row: number, column: string): DataIssue {
  return dataIssue(
    tab,
    row,
    column,
    'BAD_VALUE',
    UNCOMPUTED,
    `「${column}」是公式，但没有算出的结果可读，按空白处理。`,
    '若是 .xlsx 文件，请用 Excel、WPS 或 LibreOffice 打开并保存一次（保存时会存下公式结果）后再同步；若是 Google 表格，请等公式算完再同步；也可以直接填写内容。',
  );
}

function formulaError(
  tab: string,
  row: number,
  column: string,
  value: string,
  consequence: string,
): DataIssue {
  return dataIssue(
    tab,
    row,
    column,
    'BAD_VALUE',
    value,
    `「${column}」显示公式错误 ${value}，${consequence}`,
    '请检查该单元格的公式，或直接填写内容。',
  );
}
