import type { ErrorValue } from './sheets-api-types';

type ErrorType = NonNullable<ErrorValue['type']>;

const LITERALS: Partial<Record<ErrorType, string>> = {
  ERROR: '#ERROR!',
  NULL_VALUE: '#NULL!',
  DIVIDE_BY_ZERO: '#DIV/0!',
  VALUE: '#VALUE!',
  REF: '#REF!',
  NAME: '#NAME?',
  NUM: '#NUM!',
  N_A: '#N/A',
  LOADING: 'Loading...',
};

/** The display literals of spreadsheet errors (`#REF!`), which the values API returns as strings. */
export const errorLiterals = {
  /** `#DIV/0!` for DIVIDE_BY_ZERO; `#ERROR!` for anything unknown. */
  literal(error: ErrorValue): string {
    return LITERALS[error.type ?? 'ERROR'] ?? '#ERROR!';
  },

  /** The ErrorValue type of a literal such as `#N/A`; undefined when it is not an error literal. */
  type(literal: string): ErrorType | undefined {
    const upper = literal.toUpperCase();
    for (const [type, text] of Object.entries(LITERALS)) {
      if (text.toUpperCase() === upper) return type as ErrorType;
    }
    return undefined;
  },
};
