import { columnNames } from './column-names';
import type { StoredSheet } from './stored-spreadsheet';
import { xlsxRichText } from './xlsx-rich-text';
import { encodeXml, XmlScanner } from './xml-scanner';

/** A note on a cell: its address (`B7`) and text. */
export interface XlsxNote {
  ref: string;
  row: number;
  column: number;
  text: string;
}

/** The shape that shows one note, as Excel and exceljs write it. */
function vmlShape(note: XlsxNote, id: number): string {
  const top = Math.max(note.row - 1, 0);
  return (
    `<v:shape id="_x0000_s${id}" type="#_x0000_t202" style="position:absolute; margin-left:105.3pt;margin-top:10.5pt;width:97.8pt;height:59.1pt;z-index:1;visibility:hidden" fillcolor="infoBackground [80]" strokecolor="none [81]" o:insetmode="auto">` +
    '<v:fill color2="infoBackground [80]"/><v:shadow color="none [81]" obscured="t"/><v:path o:connecttype="none"/>' +
    '<v:textbox style="mso-direction-alt:auto" inset="1.3mm,1.3mm,2.5mm,2.5mm"><div style="text-align:left"/></v:textbox>' +
    `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${note.column + 1}, 6, ${top}, 14, ${note.column + 3}, 2, ${top + 4}, 16</x:Anchor>` +
    `<x:Locked>True</x:Locked><x:AutoFill>False</x:AutoFill><x:LockText>True</x:LockText><x:Row>${note.row}</x:Row><x:Column>${note.column}</x:Column></x:ClientData></v:shape>`
  );
}

/**
 * Cell notes, which an .xlsx keeps apart from the cells: a comments part with the text, and a
 * VML drawing with the shape that shows it (Excel needs both).
 */
export const xlsxNotes = {
  /** The notes of a sheet's cells, row by row. */
  of(sheet: StoredSheet): XlsxNote[] {
    const notes: XlsxNote[] = [];
    for (const [row, column, cell] of sheet.grid.fullCells())
      if (cell.note)
        notes.push({
          ref: `${columnNames.letters(column)}${row + 1}`,
          row,
          column,
          text: cell.note,
        });
    return notes;
  },

  /** The notes of a comments part: rich text joined, openpyxl's bare `<t>` text read too. */
  read(xml: string, malformed: () => Error): XlsxNote[] {
    const scanner = new XmlScanner(xml, malformed);
    const notes: XlsxNote[] = [];
    while (scanner.next()) {
      if (scanner.closing || !scanner.is('comment')) continue;
      const ref = (scanner.attribute('ref') ?? '').replaceAll('$', '');
      const match = /^([A-Z]+)(\d+)$/.exec(ref);
      const text = xlsxRichText(scanner);
      if (match?.[1] && match[2])
        notes.push({ ref, row: Number(match[2]) - 1, column: columnNames.index(match[1]), text });
    }
    return notes;
  },

  /** The comments part and VML drawing for `notes`; `drawing` numbers the drawing's shapes apart from others'. */
  write(notes: readonly XlsxNote[], drawing: number): { comments: string; vml: string } {
    const comments =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>Author</author></authors><commentList>' +
      notes
        .map(
          (note) =>
            `<comment ref="${note.ref}" authorId="0"><text><r><t xml:space="preserve">${encodeXml(note.text)}</t></r></text></comment>`,
        )
        .join('') +
      '</commentList></comments>';
    const vml =
      '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
      `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${drawing}"/></o:shapelayout>` +
      '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
      notes.map((note, i) => vmlShape(note, drawing * 1024 + 1 + i)).join('') +
      '</xml>';
    return { comments, vml };
  },
};
