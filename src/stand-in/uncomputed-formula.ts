import type { ExtendedValue } from '../sheets/sheets-api-types';

/**
 * The effective value of a formula whose result the stand-in cannot know: one written through
 * the API (the stand-in calculates nothing) or one loaded from an .xlsx that holds no saved
 * result (openpyxl and other libraries write none). Google would show the result; the
 * stand-in answers the way Google answers for a result it does not have yet — the LOADING
 * error value, `Loading...` in the values API — never a silent blank.
 */
export const UNCOMPUTED_FORMULA: ExtendedValue = {
  errorValue: {
    type: 'LOADING',
    message: 'The local stand-in does not calculate formulas, and no saved result was found.',
  },
};

/** Whether an effective value is {@link UNCOMPUTED_FORMULA}. */
export function isUncomputed(value: ExtendedValue | undefined): boolean {
  return value?.errorValue?.type === 'LOADING';
}
