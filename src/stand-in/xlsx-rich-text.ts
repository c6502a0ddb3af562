import type { XmlScanner } from './xml-scanner';

/**
 * The text of the rich-text element the scanner is on — a shared string `<si>`, an inline
 * string `<is>`, a note's `<text>` — moving to its end: its `<t>` elements joined, whether
 * bare or in runs (LibreOffice saves text with CJK characters as one run per script), phonetic
 * guides left out.
 */
export function xlsxRichText(scanner: XmlScanner): string {
  let text = '';
  scanner.within(() => {
    if (scanner.is('t')) text += scanner.text();
    else if (scanner.is('rPh') || scanner.is('phoneticPr')) scanner.skip();
  });
  return text;
}
