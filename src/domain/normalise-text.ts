import type { CellValue } from './workbook-input';

/** NFKC and trimmed: the form in which every header, key and reference is compared (contract §2). */
export function normaliseText(text: string): string {
  // Most cells are printable ASCII, CJK ideographs and the CJK punctuation 、。〃々〆〇〈〉《》「」
  // 『』【】 (every 参与委员 list has 、): each is its own NFKC form and never combines with a
  // neighbour, so such text is already NFKC: skip the normaliser and the copy it makes.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 || c > 0x7e) && (c < 0x3001 || c > 0x3011) && (c < 0x4e00 || c > 0x9fff))
      return text.normalize('NFKC').trim();
  }
  return text.trim();
}

/**
 * The text of a cell as staff see it, normalised; `''` for a blank cell.
 * Numbers and booleans in text columns are read as their plain spelling, as Sheets shows them.
 */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return normaliseText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return value ? 'TRUE' : 'FALSE';
}

/**
 * The key under which a person's name is compared: normalised, with the spaces staff pad
 * two-character names with (`王　伟`) removed between CJK characters.
 */
export function nameKey(name: string): string {
  return name.replace(/(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/g, '');
}

/** The key under which IDs are compared: case-insensitive after NFKC (contract §2.1). */
export function idKey(id: string): string {
  return id.toUpperCase();
}
