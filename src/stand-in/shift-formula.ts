import { columnNames } from './column-names';

// A1 references outside string literals: not part of a longer name, not a function call.
const REFERENCE = /(?<![A-Za-z0-9_.$])(\$?)([A-Za-z]{1,3})(\$?)([1-9]\d*)(?![A-Za-z0-9_(])/g;

function shiftSegment(text: string, rows: number, columns: number): string {
  return text.replace(
    REFERENCE,
    (_match, columnPin: string, letters: string, rowPin: string, digits: string) => {
      const column = columnPin ? columnNames.index(letters) : columnNames.index(letters) + columns;
      const row = rowPin ? Number(digits) : Number(digits) + rows;
      if (column < 0 || row < 1) return '#REF!';
      return `${columnPin}${columnNames.letters(column)}${rowPin}${row}`;
    },
  );
}

/**
 * A formula copied `rows` down and `columns` across, as repeatCell copies it: relative A1
 * references move, `$`-pinned parts stay, string literals are left alone.
 */
export function shiftFormula(formula: string, rows: number, columns: number): string {
  if (rows === 0 && columns === 0) return formula;
  // Odd-numbered parts are the insides of "…" literals.
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : shiftSegment(part, rows, columns)))
    .join('');
}
