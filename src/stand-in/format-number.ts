import type { NumberFormat } from '../sheets/sheets-api-types';

const MS_PER_DAY = 86_400_000;
// Spreadsheet serial numbers count days from 1899-12-30.
const EPOCH_MS = Date.UTC(1899, 11, 30);

const DEFAULT_PATTERNS: Partial<Record<NonNullable<NumberFormat['type']>, string>> = {
  DATE: 'yyyy-mm-dd',
  TIME: 'hh:mm:ss',
  DATE_TIME: 'yyyy-mm-dd hh:mm:ss',
  PERCENT: '0.00%',
  SCIENTIFIC: '0.00E+00',
};

const DATE_TOKEN = /yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am\/pm|"[^"]*"|\\.|[\s\S]/gi;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function automatic(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

function formatDate(serial: number, pattern: string): string {
  const totalSeconds = Math.round(serial * 86_400);
  const date = new Date(EPOCH_MS + Math.floor(totalSeconds / 86_400) * MS_PER_DAY);
  const secondsOfDay = totalSeconds - Math.floor(totalSeconds / 86_400) * 86_400;
  const hours = Math.floor(secondsOfDay / 3600);
  const minutes = Math.floor((secondsOfDay % 3600) / 60);
  const seconds = secondsOfDay % 60;
  const twelveHour = /am\/pm/i.test(pattern);
  const tokens = pattern.match(DATE_TOKEN) ?? [];
  const isUnit = (token: string | undefined, unit: string) =>
    token?.toLowerCase().startsWith(unit) ?? false;
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const lower = token.toLowerCase();
    if (lower.startsWith('m') && lower.length <= 2) {
      // `mm` next to an hour or a second is minutes, otherwise it is the month.
      const previous = tokens
        .slice(0, i)
        .reverse()
        .find((t) => /^[a-z]/i.test(t));
      const next = tokens.slice(i + 1).find((t) => /^[a-z]/i.test(t));
      const isMinute = isUnit(previous, 'h') || isUnit(next, 's');
      const value = isMinute ? minutes : date.getUTCMonth() + 1;
      out += pad(value, lower.length);
    } else if (lower === 'mmmm' || lower === 'mmm') {
      const name = MONTHS[date.getUTCMonth()] ?? '';
      out += lower === 'mmm' ? name.slice(0, 3) : name;
    } else if (lower === 'yyyy') out += pad(date.getUTCFullYear(), 4);
    else if (lower === 'yy') out += pad(date.getUTCFullYear() % 100, 2);
    else if (lower === 'dddd' || lower === 'ddd') {
      const name = WEEKDAYS[date.getUTCDay()] ?? '';
      out += lower === 'ddd' ? name.slice(0, 3) : name;
    } else if (lower === 'dd' || lower === 'd') out += pad(date.getUTCDate(), lower.length);
    else if (lower === 'hh' || lower === 'h') {
      const value = twelveHour ? ((hours + 11) % 12) + 1 : hours;
      out += pad(value, lower.length);
    } else if (lower === 'ss' || lower === 's') out += pad(seconds, lower.length);
    else if (lower === 'am/pm') out += hours < 12 ? 'AM' : 'PM';
    else if (token.startsWith('"')) out += token.slice(1, -1);
    else if (token.startsWith('\\')) out += token.slice(1);
    else out += token;
  }
  return out;
}

function literalText(text: string): string {
  return text
    .replace(/\[\$([^\]-]*)[^\]]*\]/g, '$1')
    .replace(/"([^"]*)"/g, '$1')
    .replace(/\\(.)/g, '$1')
    .replace(/_./g, ' ')
    .replace(/\*./g, '');
}

function formatDecimal(value: number, pattern: string): string {
  const sections = pattern.split(';');
  const negativeSection = value < 0 ? sections[1] : undefined;
  const section = negativeSection ?? sections[0] ?? '';
  const numeric = /[0#?][0#?,]*(\.[0#?]*)?|\.[0#?]+/.exec(section);
  if (!numeric) return literalText(section);
  const percent = section.includes('%');
  const scaled = Math.abs(percent ? value * 100 : value);
  const [integerPart = '', fractionPart = ''] = numeric[0].split('.');
  const maxDecimals = fractionPart.length;
  const minDecimals = fractionPart.replace(/[#?]/g, '').length;
  let [whole = '0', fraction = ''] = scaled.toFixed(maxDecimals).split('.');
  while (fraction.length > minDecimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  whole = whole.padStart(integerPart.replace(/[#?,]/g, '').length, '0');
  if (whole === '0' && !integerPart.includes('0')) whole = '';
  if (integerPart.includes(',')) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && negativeSection === undefined && scaled !== 0 ? '-' : '';
  const body = fraction === '' ? whole : `${whole}.${fraction}`;
  const prefix = literalText(section.slice(0, numeric.index));
  const suffix = literalText(section.slice(numeric.index + numeric[0].length));
  return `${sign}${prefix}${body || '0'}${suffix}`;
}

/**
 * A number as FORMATTED_VALUE shows it under a cell's number format: dates and times from the
 * serial number, percentages, fixed decimals and thousands separators; without a format the
 * number is written plainly.
 */
export function formatNumber(value: number, format: NumberFormat | undefined): string {
  const type = format?.type;
  const pattern = format?.pattern || (type ? DEFAULT_PATTERNS[type] : undefined);
  if (!pattern || type === 'TEXT') return automatic(value);
  if (type === 'DATE' || type === 'TIME' || type === 'DATE_TIME') return formatDate(value, pattern);
  if (type === 'SCIENTIFIC') {
    const decimals = (/\.(0+)/.exec(pattern)?.[1] ?? '').length;
    return value
      .toExponential(decimals)
      .toUpperCase()
      .replace(/E([+-])(\d)$/, 'E$10$2');
  }
  return formatDecimal(value, pattern);
}
