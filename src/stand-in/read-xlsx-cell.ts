import ExcelJS from 'exceljs';
import { errorLiterals } from '../sheets/error-literals';
import type {
  CellData,
  CellFormat,
  DataValidationRule,
  ExtendedValue,
  NumberFormat,
} from '../sheets/sheets-api-types';
import { UNCOMPUTED_FORMULA } from './uncomputed-formula';
import { xlsxColors } from './xlsx-colors';

// Spreadsheet serial numbers count days from 1899-12-30; exceljs reads date cells as UTC Dates.
const EPOCH_MS = Date.UTC(1899, 11, 30);
const DEFAULT_DATE: NumberFormat = { type: 'DATE', pattern: 'yyyy-mm-dd' };

const NUMBER_OPERATORS: Record<string, string> = {
  between: 'NUMBER_BETWEEN',
  notBetween: 'NUMBER_NOT_BETWEEN',
  equal: 'NUMBER_EQ',
  notEqual: 'NUMBER_NOT_EQ',
  greaterThan: 'NUMBER_GREATER',
  greaterThanOrEqual: 'NUMBER_GREATER_THAN_EQ',
  lessThan: 'NUMBER_LESS',
  lessThanOrEqual: 'NUMBER_LESS_THAN_EQ',
};

function serial(date: Date): number {
  return (date.getTime() - EPOCH_MS) / 86_400_000;
}

// exceljs reports Excel's built-in format 14, "short date in the reader's locale", as this code;
// the stand-in shows it the ISO way, as Google shows dates typed as 2020-01-01.
const LOCALE_SHORT_DATE = 'mm-dd-yy';

/** The Sheets NumberFormat of an Excel format code; undefined for General. */
function numberFormatOf(code: string | undefined): NumberFormat | undefined {
  if (!code || code === 'General') return undefined;
  if (code === LOCALE_SHORT_DATE) return DEFAULT_DATE;
  if (code === '@') return { type: 'TEXT', pattern: '@' };
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  if (bare.includes('%')) return { type: 'PERCENT', pattern: code };
  const hasDate = /[yd]/i.test(bare) || (/m/i.test(bare) && !/[hs]/i.test(bare));
  const hasTime = /[hs]/i.test(bare);
  if (hasDate && hasTime) return { type: 'DATE_TIME', pattern: code };
  if (hasDate) return { type: 'DATE', pattern: code };
  if (hasTime) return { type: 'TIME', pattern: code };
  if (/E[+-]/i.test(bare)) return { type: 'SCIENTIFIC', pattern: code };
  return { type: 'NUMBER', pattern: code };
}

function richText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'richText' in value) {
    return (value as ExcelJS.CellRichTextValue).richText.map((run) => run.text).join('');
  }
  return String(value ?? '');
}

function resultValue(result: unknown): ExtendedValue | undefined {
  if (result === undefined || result === null) return undefined;
  if (result instanceof Date) return { numberValue: serial(result) };
  if (typeof result === 'number') return { numberValue: result };
  if (typeof result === 'boolean') return { boolValue: result };
  if (typeof result === 'object' && 'error' in result) {
    const literal = String((result as ExcelJS.CellErrorValue).error);
    return { errorValue: { type: errorLiterals.type(literal) ?? 'ERROR', message: literal } };
  }
  return { stringValue: richText(result) };
}

function validationOf(
  validation: ExcelJS.DataValidation | undefined,
): DataValidationRule | undefined {
  if (!validation) return undefined;
  const formula = String(validation.formulae?.[0] ?? '');
  let condition: DataValidationRule['condition'];
  if (validation.type === 'list') {
    condition = formula.startsWith('"')
      ? {
          type: 'ONE_OF_LIST',
          values: formula
            .slice(1, -1)
            .split(',')
            .map((item) => ({ userEnteredValue: item.trim() })),
        }
      : { type: 'ONE_OF_RANGE', values: [{ userEnteredValue: `=${formula}` }] };
  } else if (
    (validation.type === 'whole' || validation.type === 'decimal') &&
    validation.operator
  ) {
    const type = NUMBER_OPERATORS[validation.operator];
    if (!type) return undefined;
    condition = {
      type,
      values: (validation.formulae ?? []).map((value) => ({ userEnteredValue: String(value) })),
    };
  } else if (validation.type === 'date') {
    condition = { type: 'DATE_IS_VALID' };
  } else if (validation.type === 'custom') {
    condition = { type: 'CUSTOM_FORMULA', values: [{ userEnteredValue: `=${formula}` }] };
  } else {
    return undefined;
  }
  const rule: DataValidationRule = { condition };
  if (validation.showErrorMessage && (validation.errorStyle ?? 'stop') === 'stop')
    rule.strict = true;
  if (validation.type === 'list') rule.showCustomUi = true;
  if (validation.prompt) rule.inputMessage = validation.prompt;
  return rule;
}

function valuesOf(cell: ExcelJS.Cell): {
  entered?: ExtendedValue;
  effective?: ExtendedValue;
  date: boolean;
} {
  const value = cell.value;
  switch (cell.type) {
    case ExcelJS.ValueType.Number:
      return { entered: { numberValue: value as number }, date: false };
    case ExcelJS.ValueType.String:
    case ExcelJS.ValueType.SharedString:
    case ExcelJS.ValueType.RichText: {
      const text = richText(value);
      return text === '' ? { date: false } : { entered: { stringValue: text }, date: false };
    }
    case ExcelJS.ValueType.Date:
      return { entered: { numberValue: serial(value as Date) }, date: true };
    case ExcelJS.ValueType.Hyperlink:
      // A link keeps only its text; the stand-in has no hyperlink model.
      return {
        entered: { stringValue: richText((value as ExcelJS.CellHyperlinkValue).text) },
        date: false,
      };
    case ExcelJS.ValueType.Boolean:
      return { entered: { boolValue: value as boolean }, date: false };
    case ExcelJS.ValueType.Error: {
      const effective = resultValue(value);
      return { entered: effective, effective, date: false };
    }
    case ExcelJS.ValueType.Formula: {
      const result = (value as ExcelJS.CellFormulaValue).result;
      return {
        entered: { formulaValue: `=${cell.formula}` },
        // Writers that calculate nothing (openpyxl, …) save a formula without its result.
        effective: resultValue(result) ?? UNCOMPUTED_FORMULA,
        date: result instanceof Date,
      };
    }
    default:
      return { date: false };
  }
}

const VERTICAL: Record<string, CellFormat['verticalAlignment']> = {
  top: 'TOP',
  middle: 'MIDDLE',
  bottom: 'BOTTOM',
};
const HORIZONTAL: Record<string, CellFormat['horizontalAlignment']> = {
  left: 'LEFT',
  center: 'CENTER',
  right: 'RIGHT',
};

function textFormatOf(font: Partial<ExcelJS.Font> | undefined): CellFormat['textFormat'] {
  const text: NonNullable<CellFormat['textFormat']> = {};
  if (font?.bold) text.bold = true;
  if (font?.italic) text.italic = true;
  if (font?.size && font.size !== 11) text.fontSize = font.size;
  const color = xlsxColors.fromArgb(font?.color?.argb);
  if (color && font?.color?.argb !== 'FF000000') text.foregroundColor = color;
  return Object.keys(text).length > 0 ? text : undefined;
}

function alignmentOf(alignment: Partial<ExcelJS.Alignment> | undefined): CellFormat {
  const format: CellFormat = {};
  if (alignment?.wrapText) format.wrapStrategy = 'WRAP';
  const vertical = VERTICAL[alignment?.vertical ?? ''];
  if (vertical) format.verticalAlignment = vertical;
  const horizontal = HORIZONTAL[alignment?.horizontal ?? ''];
  if (horizontal) format.horizontalAlignment = horizontal;
  return format;
}

/**
 * One worksheet cell as stand-in CellData: typed value (dates as serial numbers, formulas with
 * their cached result, error cells as errorValue, rich text and hyperlinks as plain text), note,
 * data validation, and the cheap parts of the style (number format, font, solid fill, alignment).
 * Undefined when nothing of that is there. Merged-away cells read as empty.
 */
export function readXlsxCell(cell: ExcelJS.Cell): CellData | undefined {
  if (cell.type === ExcelJS.ValueType.Merge) return undefined;
  const data: CellData = {};
  const { entered, effective, date } = valuesOf(cell);
  if (entered) {
    data.userEnteredValue = entered;
    const computed = entered.formulaValue === undefined ? entered : effective;
    if (computed) data.effectiveValue = computed;
  }
  const format: CellFormat = {};
  const numberFormat = numberFormatOf(cell.numFmt) ?? (date ? DEFAULT_DATE : undefined);
  if (numberFormat) format.numberFormat = numberFormat;
  const fill = cell.fill;
  const background =
    fill?.type === 'pattern' && fill.pattern === 'solid'
      ? xlsxColors.fromArgb(fill.fgColor?.argb)
      : undefined;
  if (background) format.backgroundColor = background;
  const textFormat = textFormatOf(cell.font);
  if (textFormat) format.textFormat = textFormat;
  Object.assign(format, alignmentOf(cell.alignment));
  if (Object.keys(format).length > 0) data.userEnteredFormat = format;
  const note = cell.note;
  if (note) {
    data.note =
      typeof note === 'string' ? note : (note.texts ?? []).map((run) => run.text).join('');
  }
  const validation = validationOf(cell.dataValidation);
  if (validation) data.dataValidation = validation;
  return Object.keys(data).length > 0 ? data : undefined;
}
