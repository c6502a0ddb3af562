import type ExcelJS from 'exceljs';
import { errorLiterals } from '../sheets/error-literals';
import type { CellData, DataValidationRule, ExtendedValue } from '../sheets/sheets-api-types';
import { readXlsxCell } from './read-xlsx-cell';
import { isUncomputed } from './uncomputed-formula';
import { xlsxColors } from './xlsx-colors';

const DEFAULT_PATTERNS: Record<string, string> = {
  DATE: 'yyyy-mm-dd',
  TIME: 'hh:mm:ss',
  DATE_TIME: 'yyyy-mm-dd hh:mm:ss',
  PERCENT: '0.00%',
};

const NUMBER_OPERATORS: Record<string, ExcelJS.DataValidationOperator> = {
  NUMBER_BETWEEN: 'between',
  NUMBER_NOT_BETWEEN: 'notBetween',
  NUMBER_EQ: 'equal',
  NUMBER_NOT_EQ: 'notEqual',
  NUMBER_GREATER: 'greaterThan',
  NUMBER_GREATER_THAN_EQ: 'greaterThanOrEqual',
  NUMBER_LESS: 'lessThan',
  NUMBER_LESS_THAN_EQ: 'lessThanOrEqual',
};

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function plain(value: ExtendedValue | undefined): ExcelJS.CellValue {
  if (!value) return null;
  if (value.errorValue)
    return { error: errorLiterals.literal(value.errorValue) } as ExcelJS.CellErrorValue;
  return value.stringValue ?? value.numberValue ?? value.boolValue ?? null;
}

function excelValue(data: CellData | undefined): ExcelJS.CellValue {
  const formula = data?.userEnteredValue?.formulaValue;
  if (formula === undefined) return plain(data?.userEnteredValue);
  // A formula without a known result is saved without one; spreadsheet apps recompute it.
  const result = isUncomputed(data?.effectiveValue) ? null : plain(data?.effectiveValue);
  return result === null
    ? { formula: formula.slice(1) }
    : ({ formula: formula.slice(1), result } as ExcelJS.CellFormulaValue);
}

function excelValidation(rule: DataValidationRule): ExcelJS.DataValidation | undefined {
  const condition = rule.condition;
  const values = (condition?.values ?? []).map((value) => value.userEnteredValue ?? '');
  const common = {
    allowBlank: true,
    showErrorMessage: rule.strict === true,
    ...(rule.inputMessage ? { showInputMessage: true, prompt: rule.inputMessage } : {}),
  };
  switch (condition?.type) {
    case 'ONE_OF_LIST':
      return { ...common, type: 'list', formulae: [`"${values.join(',')}"`] };
    case 'ONE_OF_RANGE':
      return { ...common, type: 'list', formulae: [values[0]?.replace(/^=/, '') ?? ''] };
    case 'DATE_IS_VALID':
      return {
        ...common,
        type: 'date',
        operator: 'greaterThan',
        formulae: [new Date(Date.UTC(1900, 0, 1))],
      };
    case 'CUSTOM_FORMULA':
      return { ...common, type: 'custom', formulae: [values[0]?.replace(/^=/, '') ?? ''] };
    default: {
      const operator = NUMBER_OPERATORS[condition?.type ?? ''];
      if (!operator) return undefined;
      return { ...common, type: 'decimal', operator, formulae: values.map(Number) };
    }
  }
}

/**
 * Makes a worksheet cell show `wanted` (undefined = empty), touching only what differs from what
 * readXlsxCell reads there now: an unchanged cell keeps its rich text, hyperlink, shared formula
 * and every style exceljs preserves.
 */
export function writeXlsxCell(cell: ExcelJS.Cell, wanted: CellData | undefined): void {
  const current = readXlsxCell(cell);
  if (
    !same(current?.userEnteredValue, wanted?.userEnteredValue) ||
    !same(current?.effectiveValue, wanted?.effectiveValue)
  ) {
    cell.value = excelValue(wanted);
  }
  const format = wanted?.userEnteredFormat;
  // exceljs shares one style object among the cells a file gave the same style: a cell gets
  // its own before any change, or the change would recolour every cell sharing it.
  let detached = false;
  const own = () => {
    if (!detached) cell.style = { ...cell.style };
    detached = true;
  };
  if (!same(current?.userEnteredFormat?.numberFormat, format?.numberFormat)) {
    own();
    const numberFormat = format?.numberFormat;
    cell.numFmt = numberFormat?.pattern || DEFAULT_PATTERNS[numberFormat?.type ?? ''] || 'General';
  }
  const text = format?.textFormat;
  if (!same(current?.userEnteredFormat?.textFormat, text)) {
    own();
    const { bold, italic, fontSize, foregroundColor } = text ?? {};
    const font: Partial<ExcelJS.Font> = {
      ...cell.font,
      bold: bold === true,
      italic: italic === true,
    };
    if (fontSize) font.size = fontSize;
    else delete font.size;
    if (foregroundColor) font.color = { argb: xlsxColors.toArgb(foregroundColor) };
    else delete font.color;
    cell.font = font;
  }
  const alignment = {
    ...(format?.wrapStrategy === 'WRAP' ? { wrapText: true } : {}),
    ...(format?.verticalAlignment && format.verticalAlignment !== 'VERTICAL_ALIGN_UNSPECIFIED'
      ? { vertical: format.verticalAlignment.toLowerCase() as ExcelJS.Alignment['vertical'] }
      : {}),
    ...(format?.horizontalAlignment && format.horizontalAlignment !== 'HORIZONTAL_ALIGN_UNSPECIFIED'
      ? { horizontal: format.horizontalAlignment.toLowerCase() as ExcelJS.Alignment['horizontal'] }
      : {}),
  };
  const currentFormat = current?.userEnteredFormat;
  if (
    !same(
      [
        currentFormat?.wrapStrategy,
        currentFormat?.verticalAlignment,
        currentFormat?.horizontalAlignment,
      ],
      [format?.wrapStrategy, format?.verticalAlignment, format?.horizontalAlignment],
    )
  ) {
    own();
    cell.alignment = alignment;
  }
  if (!same(current?.userEnteredFormat?.backgroundColor, format?.backgroundColor)) {
    own();
    cell.fill = format?.backgroundColor
      ? {
          type: 'pattern',
          pattern: 'solid',
          fgColor: { argb: xlsxColors.toArgb(format.backgroundColor) },
        }
      : { type: 'pattern', pattern: 'none' };
  }
  if (!same(current?.note, wanted?.note)) {
    if (wanted?.note) cell.note = wanted.note;
    // exceljs has no way to remove a note but dropping its private comment.
    else (cell as unknown as { _comment?: unknown })._comment = undefined;
  }
  if (!same(current?.dataValidation, wanted?.dataValidation)) {
    const validation = wanted?.dataValidation && excelValidation(wanted.dataValidation);
    if (validation) cell.dataValidation = validation;
    // Deleting the key (not setting it to undefined) keeps exceljs from writing an empty rule;
    // the typings omit this (public, documented) worksheet member.
    else {
      const sheet = cell.worksheet as unknown as {
        dataValidations: { model: Record<string, unknown> };
      };
      delete sheet.dataValidations.model[cell.address];
    }
  }
}
