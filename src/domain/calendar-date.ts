import type { CellValue } from './workbook-input';

/**
 * Calendar dates as whole spreadsheet serials (days since 1899-12-30), the unit every date
 * comparison in the domain uses.
 */
export type Serial = number;

const MS_PER_DAY = 86_400_000;
const EPOCH_MS = Date.UTC(1899, 11, 30);
/** 9999-12-31, the last date a spreadsheet can show. */
const MAX_SERIAL = 2_958_465;

const DATE_TEXT =
  /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)$/;

/** The serial of a calendar date, or `undefined` when the date does not exist (2026-02-30). */
export function serialFromParts(year: number, month: number, day: number): Serial | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day
  )
    return undefined;
  return Math.round((ms - EPOCH_MS) / MS_PER_DAY);
}

/** `YYYY-MM-DD` of a serial. */
export function isoFromSerial(serial: Serial): string {
  return new Date(EPOCH_MS + serial * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The serial of `YYYY-MM-DD`, or `undefined` when it is not such a date. */
export function serialFromIso(iso: string): Serial | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? serialFromParts(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/**
 * Reads a date cell (contract §3.2): a serial number, or text `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D`
 * or `YYYY年M月D日` (already normalised). Returns `undefined` for anything else. A time of
 * day in a serial is ignored; one- and two-digit months and days are accepted in every form.
 */
export function parseDateCell(value: CellValue): Serial | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    const serial = Math.floor(value);
    return serial >= 1 && serial <= MAX_SERIAL ? serial : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const m = DATE_TEXT.exec(value);
  if (!m) return undefined;
  const month = m[3] ?? m[5];
  const day = m[4] ?? m[6];
  return serialFromParts(Number(m[1]), Number(month), Number(day));
}

/**
 * One formatter per zone name the runtime accepted: building one costs about 0.2 ms, and every
 * sync checks its zone and formats in it. Bounded by the zone names the runtime knows (an
 * unknown name throws and is not kept); pure.
 */
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The formatter of a zone; throws a RangeError when the runtime does not know the zone. */
function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

function partsIn(timeZone: string, epochMs: number): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of dayFormatter(timeZone).formatToParts(epochMs)) parts[part.type] = part.value;
  return parts;
}

/** The calendar date of an instant in an IANA time zone. */
export function serialInZone(epochMs: number, timeZone: string): Serial {
  const p = partsIn(timeZone, epochMs);
  return serialFromParts(Number(p.year), Number(p.month), Number(p.day)) ?? 0;
}

/** `YYYY-MM-DD HH:mm` of an instant in an IANA time zone, as shown on the overview. */
export function formatInstant(epochMs: number, timeZone: string): string {
  const p = partsIn(timeZone, epochMs);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Whether the runtime knows this IANA time zone. */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone === '') return false;
  try {
    dayFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}
