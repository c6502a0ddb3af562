import type { ExtendedValue, NumberFormat } from '../sheets/sheets-api-types';

/** How values writes interpret input (discovery `ValueInputOption`). */
export type ValueInputOption = 'RAW' | 'USER_ENTERED';

/** What a typed value becomes: the entered value, and the number format typing it implies. */
export interface EnteredValue {
  value: ExtendedValue;
  numberFormat?: NumberFormat;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PERCENT = /^([+-]?(?:\d+\.?\d*|\.\d+))%$/;
const CURRENCY = /^([$¥￥])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/;
const DATE_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const EPOCH_MS = Date.UTC(1899, 11, 30);

function dateSerial(match: RegExpExecArray): number | undefined {
  const [year, month, day, hour = 0, minute = 0, second = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part))) as number[];
  if (year === undefined || month === undefined || day === undefined) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return (ms - EPOCH_MS) / 86_400_000 + (hour * 3600 + minute * 60 + second) / 86_400;
}

function typed(text: string): EnteredValue {
  if (text.startsWith("'")) return { value: { stringValue: text.slice(1) } };
  if (text.length > 1 && text.startsWith('=')) return { value: { formulaValue: text } };
  const upper = text.toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') return { value: { boolValue: upper === 'TRUE' } };
  if (NUMBER.test(text)) return { value: { numberValue: Number(text) } };
  if (GROUPED_NUMBER.test(text)) {
    return {
      value: { numberValue: Number(text.replaceAll(',', '')) },
      numberFormat: { type: 'NUMBER', pattern: '#,##0' },
    };
  }
  const percent = PERCENT.exec(text);
  if (percent?.[1]) {
    const decimals = percent[1].split('.')[1]?.length ?? 0;
    return {
      value: { numberValue: Number(percent[1]) / 100 },
      numberFormat: {
        type: 'PERCENT',
        pattern: decimals > 0 ? `0.${'0'.repeat(decimals)}%` : '0%',
      },
    };
  }
  const currency = CURRENCY.exec(text);
  if (currency?.[2]) {
    return {
      value: { numberValue: Number(`${currency[2].replaceAll(',', '')}${currency[3] ?? ''}`) },
      numberFormat: { type: 'CURRENCY', pattern: `"${currency[1]}"#,##0.00` },
    };
  }
  const dateTime = DATE_TIME.exec(text);
  const serial = dateTime ? dateSerial(dateTime) : undefined;
  if (dateTime && serial !== undefined) {
    const withTime = dateTime[4] !== undefined;
    return {
      value: { numberValue: serial },
      numberFormat: withTime
        ? { type: 'DATE_TIME', pattern: 'yyyy-mm-dd hh:mm:ss' }
        : { type: 'DATE', pattern: 'yyyy-mm-dd' },
    };
  }
  return { value: { stringValue: text } };
}

/**
 * A value written through the values API. RAW stores strings as they are, so `=HYPERLINK(…)`
 * stays text; USER_ENTERED parses them as if typed in the UI: formulas, numbers, percentages,
 * currency, ISO dates, TRUE/FALSE, and a leading `'` forcing text (§3).
 */
export function parseEnteredValue(
  input: string | number | boolean,
  option: ValueInputOption,
): EnteredValue {
  if (typeof input === 'number') return { value: { numberValue: input } };
  if (typeof input === 'boolean') return { value: { boolValue: input } };
  return option === 'RAW' ? { value: { stringValue: input } } : typed(input);
}
