/** A1 column names: 0 ↔ A, 25 ↔ Z, 26 ↔ AA. */
export const columnNames = {
  /** The letters of a 0-based column index. */
  letters(index: number): string {
    let letters = '';
    for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
      letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    }
    return letters;
  },

  /** The 0-based index of column letters, in either case. */
  index(letters: string): number {
    let index = 0;
    for (const letter of letters.toUpperCase()) index = index * 26 + (letter.charCodeAt(0) - 64);
    return index - 1;
  },
};
