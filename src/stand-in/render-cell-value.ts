import { errorLiterals } from '../sheets/error-literals';
import { formatNumber } from './format-number';
import type { StoredCell } from './stored-cell';

/** How values methods render cells (discovery `ValueRenderOption`). */
export type ValueRenderOption = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';
/** How unformatted dates render (discovery `DateTimeRenderOption`). */
export type DateTimeRenderOption = 'SERIAL_NUMBER' | 'FORMATTED_STRING';

const DATE_TYPES = new Set(['DATE', 'TIME', 'DATE_TIME']);

/**
 * One cell as the values API returns it (§2 table), or undefined when it shows nothing — an
 * empty cell or a format-only cell. A formula whose result the stand-in cannot know reads as
 * `Loading...` (see uncomputed-formula.ts), except under FORMULA.
 */
export function renderCellValue(
  cell: StoredCell | undefined,
  render: ValueRenderOption,
  dateTime: DateTimeRenderOption,
): string | number | boolean | undefined {
  if (cell === undefined) return undefined;
  if (typeof cell !== 'object') {
    if (render !== 'FORMATTED_VALUE') return cell;
    if (typeof cell === 'number') return formatNumber(cell, undefined);
    return typeof cell === 'boolean' ? (cell ? 'TRUE' : 'FALSE') : cell;
  }
  const formula = cell.userEnteredValue?.formulaValue;
  if (render === 'FORMULA' && formula !== undefined) return formula;
  const value = cell.effectiveValue;
  if (!value) return undefined;
  if (value.errorValue) return errorLiterals.literal(value.errorValue);
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) {
    return render === 'FORMATTED_VALUE' ? (value.boolValue ? 'TRUE' : 'FALSE') : value.boolValue;
  }
  if (value.numberValue === undefined) return undefined;
  const format = cell.userEnteredFormat?.numberFormat;
  // dateTimeRenderOption only matters for unformatted renders of date-formatted numbers.
  if (
    render === 'FORMATTED_VALUE' ||
    (dateTime === 'FORMATTED_STRING' && DATE_TYPES.has(format?.type ?? ''))
  ) {
    return formatNumber(value.numberValue, format);
  }
  return value.numberValue;
}
