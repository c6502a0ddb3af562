import type { DataValidationRule } from '../sheets/sheets-api-types';
import { columnNames } from './column-names';
import { encodeXml, type XmlScanner } from './xml-scanner';

/** One `<dataValidation>` of a worksheet: the cells it covers and the rule, when the stand-in models it. */
export interface XlsxValidation {
  /** 0-based, end-exclusive boxes. */
  boxes: Box[];
  rule: DataValidationRule | undefined;
  /** The element as written. */
  xml: string;
}

/** A block of cells, 0-based, end exclusive. */
export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A validated cell, to be written. */
export interface ValidatedCell {
  row: number;
  column: number;
  rule: DataValidationRule;
}

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
const OPERATORS_BY_CONDITION = Object.fromEntries(
  Object.entries(NUMBER_OPERATORS).map(([operator, condition]) => [condition, operator]),
);
/** 1900-01-01 as a serial: "any date" is a date after it. */
const FIRST_DATE = 2;

function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

/** `A1`, `A1:C9`, `$A$1` → a box; undefined for what is not a cell range. */
function boxOf(range: string): Box | undefined {
  const [from, to = from] = range.replaceAll('$', '').split(':');
  const a = /^([A-Z]+)(\d+)$/i.exec(from ?? '');
  const b = /^([A-Z]+)(\d+)$/i.exec(to ?? '');
  if (!a?.[1] || !a[2] || !b?.[1] || !b[2]) return undefined;
  const left = columnNames.index(a[1].toUpperCase());
  const right = columnNames.index(b[1].toUpperCase());
  const top = Number(a[2]) - 1;
  const bottom = Number(b[2]) - 1;
  return {
    top: Math.min(top, bottom),
    left: Math.min(left, right),
    bottom: Math.max(top, bottom) + 1,
    right: Math.max(left, right) + 1,
  };
}

function rangeOf(box: Box): string {
  const from = `${columnNames.letters(box.left)}${box.top + 1}`;
  const to = `${columnNames.letters(box.right - 1)}${box.bottom}`;
  return from === to ? from : `${from}:${to}`;
}

/** The number a number rule's bound is (`5.0` → `5`), else its formula as written. */
function bound(text: string, type: string): string {
  const value = type === 'whole' ? Number.parseInt(text, 10) : Number.parseFloat(text);
  return Number.isNaN(value) ? text : String(value);
}

/** The Sheets rule of a validation's attributes and formulas; undefined when it has none. */
function ruleOf(
  attributes: Map<string, string>,
  formulas: string[],
): DataValidationRule | undefined {
  const type = attributes.get('type') ?? 'any';
  const formula = formulas[0] ?? '';
  let condition: DataValidationRule['condition'];
  if (type === 'list') {
    condition = formula.startsWith('"')
      ? {
          type: 'ONE_OF_LIST',
          values: formula
            .slice(1, -1)
            .split(',')
            .map((item) => ({ userEnteredValue: item.trim() })),
        }
      : { type: 'ONE_OF_RANGE', values: [{ userEnteredValue: `=${formula}` }] };
  } else if ((type === 'whole' || type === 'decimal') && formulas.length > 0) {
    const conditionType = NUMBER_OPERATORS[attributes.get('operator') ?? 'between'];
    if (!conditionType) return undefined;
    condition = {
      type: conditionType,
      values: formulas.map((value) => ({ userEnteredValue: bound(value, type) })),
    };
  } else if (type === 'date') {
    condition = { type: 'DATE_IS_VALID' };
  } else if (type === 'custom') {
    condition = { type: 'CUSTOM_FORMULA', values: [{ userEnteredValue: `=${formula}` }] };
  } else {
    return undefined;
  }
  const rule: DataValidationRule = { condition };
  if (
    isTrue(attributes.get('showErrorMessage')) &&
    (attributes.get('errorStyle') ?? 'stop') === 'stop'
  )
    rule.strict = true;
  if (type === 'list') rule.showCustomUi = true;
  const prompt = attributes.get('prompt');
  if (prompt) rule.inputMessage = prompt;
  return rule;
}

/** The `<dataValidation>` element of a rule over `sqref`; undefined for a rule .xlsx cannot hold. */
function elementOf(rule: DataValidationRule, sqref: string): string | undefined {
  const condition = rule.condition;
  const values = (condition?.values ?? []).map((value) => value.userEnteredValue ?? '');
  const withoutEquals = (text: string | undefined) => (text ?? '').replace(/^=/, '');
  let type: string;
  let operator: string | undefined;
  let formulas: string[];
  switch (condition?.type) {
    case 'ONE_OF_LIST':
      type = 'list';
      formulas = [`"${values.join(',')}"`];
      break;
    case 'ONE_OF_RANGE':
      type = 'list';
      formulas = [withoutEquals(values[0])];
      break;
    case 'DATE_IS_VALID':
      type = 'date';
      operator = 'greaterThan';
      formulas = [String(FIRST_DATE)];
      break;
    case 'CUSTOM_FORMULA':
      type = 'custom';
      formulas = [withoutEquals(values[0])];
      break;
    default: {
      operator = OPERATORS_BY_CONDITION[condition?.type ?? ''];
      if (!operator) return undefined;
      type = 'decimal';
      formulas = values.map((value) => String(Number(value)));
      if (operator === 'between') operator = undefined;
    }
  }
  const attributes = [
    `type="${type}"`,
    'allowBlank="1"',
    ...(rule.inputMessage ? ['showInputMessage="1"'] : []),
    ...(rule.strict ? ['showErrorMessage="1"'] : []),
    ...(operator ? [`operator="${operator}"`] : []),
    ...(rule.inputMessage ? [`prompt="${encodeXml(rule.inputMessage)}"`] : []),
    `sqref="${sqref}"`,
  ];
  const body = formulas
    .map((formula, i) => `<formula${i + 1}>${encodeXml(formula)}</formula${i + 1}>`)
    .join('');
  return `<dataValidation ${attributes.join(' ')}>${body}</dataValidation>`;
}

/** Data validations in worksheet XML: read as Sheets rules, written one range per run down a column. */
export const xlsxDataValidations = {
  /** The validations of the `<dataValidations>` element the scanner is on; moves to its end. */
  read(scanner: XmlScanner): XlsxValidation[] {
    const validations: XlsxValidation[] = [];
    scanner.within(() => {
      if (!scanner.is('dataValidation')) return;
      const start = scanner.start;
      const attributes = new Map(scanner.attributeList());
      const formulas: string[] = [];
      scanner.within(() => {
        if (/^formula\d$/.test(scanner.name)) formulas.push(scanner.text());
      });
      const boxes = (attributes.get('sqref') ?? '')
        .split(/\s+/)
        .map(boxOf)
        .filter((box): box is Box => box !== undefined);
      validations.push({
        boxes,
        rule: ruleOf(attributes, formulas),
        xml: scanner.xml.slice(start, scanner.end),
      });
    });
    return validations;
  },

  /**
   * The `<dataValidations>` element for these cells: one range per run of equal rules down a
   * column (`D2:D1000`), then `kept` (elements written as they were); '' when there is none.
   */
  write(cells: readonly ValidatedCell[], kept: readonly string[] = []): string {
    const byColumn = new Map<
      number,
      Array<{ row: number; rule: DataValidationRule; key: string }>
    >();
    for (const { row, column, rule } of cells) {
      const list = byColumn.get(column) ?? [];
      list.push({ row, rule, key: JSON.stringify(rule) });
      byColumn.set(column, list);
    }
    const elements: string[] = [];
    for (const [column, list] of [...byColumn].sort(([a], [b]) => a - b)) {
      list.sort((a, b) => a.row - b.row);
      for (let start = 0; start < list.length; ) {
        const first = list[start] as (typeof list)[number];
        let end = start + 1;
        while (
          end < list.length &&
          list[end]?.row === first.row + (end - start) &&
          list[end]?.key === first.key
        )
          end++;
        const element = elementOf(
          first.rule,
          rangeOf({
            top: first.row,
            bottom: first.row + (end - start),
            left: column,
            right: column + 1,
          }),
        );
        if (element) elements.push(element);
        start = end;
      }
    }
    elements.push(...kept);
    return elements.length === 0
      ? ''
      : `<dataValidations count="${elements.length}">${elements.join('')}</dataValidations>`;
  },

  /** The element of a validation with its cells outside `grid` only; undefined when none are. */
  outside(validation: XlsxValidation, grid: { rows: number; columns: number }): string | undefined {
    const outside: Box[] = [];
    for (const box of validation.boxes) {
      if (box.bottom > grid.rows) outside.push({ ...box, top: Math.max(box.top, grid.rows) });
      if (box.right > grid.columns && box.top < grid.rows)
        outside.push({
          ...box,
          left: Math.max(box.left, grid.columns),
          bottom: Math.min(box.bottom, grid.rows),
        });
    }
    if (outside.length === 0) return undefined;
    return validation.xml.replace(/\ssqref="[^"]*"/, ` sqref="${outside.map(rangeOf).join(' ')}"`);
  },
};
