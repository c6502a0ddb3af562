import JSZip from 'jszip';

/**
 * An .xlsx file read at the XML level, without the library that wrote it: tests check what a
 * spreadsheet app will find in the file, and fixtures rewrite parts the way other writers
 * (Excel, WPS, LibreOffice, openpyxl) lay them out.
 */

/** One `<c>` element of a worksheet. */
export interface XmlCell {
  /** The `t` attribute: `s` (shared string), `inlineStr`, `str`, `b`, `e`, or `n` when absent. */
  type: string;
  style: number;
  /** The shown text: the shared or inline string, else the `<v>` text. */
  text: string;
  formula: string | undefined;
  /** The raw XML of the element. */
  xml: string;
}

/** What a cell's style gives it, from styles.xml. */
export interface XmlStyle {
  /** The solid fill's ARGB, or undefined for no fill. */
  fill: string | undefined;
  numberFormat: string;
  bold: boolean;
  wrap: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text content with XML entities decoded. */
export function xmlText(xml: string): string {
  return xml.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-f]+|#\d+);/gi, (_, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? '';
  });
}

/** XML-escaped text. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The value of an attribute of an element's start tag. */
export function attr(element: string, name: string): string | undefined {
  const value = new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1];
  return value === undefined ? undefined : xmlText(value);
}

/** The joined text of every `<t>` in an `<si>` or `<is>` (plain or rich text runs). */
function runsText(xml: string): string {
  return [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)]
    .map((m) => xmlText(m[1] ?? ''))
    .join('');
}

/** The elements named `tag` in `xml`, self-closing or not. */
export function elements(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}\\b[^>]*?(?:/>|>[\\s\\S]*?</${tag}>)`, 'g'))].map(
    (m) => m[0],
  );
}

/** An .xlsx package opened for reading and rewriting. */
export class XlsxPackage {
  private constructor(readonly zip: JSZip) {}

  static async open(bytes: Uint8Array): Promise<XlsxPackage> {
    return new XlsxPackage(await JSZip.loadAsync(bytes));
  }

  async text(path: string): Promise<string> {
    const file = this.zip.file(path);
    if (!file) throw new Error(`no part ${path}`);
    return file.async('string');
  }

  has(path: string): boolean {
    return this.zip.file(path) !== null;
  }

  set(path: string, content: string | Uint8Array): void {
    this.zip.file(path, content);
  }

  remove(path: string): void {
    this.zip.remove(path);
  }

  paths(): string[] {
    return Object.keys(this.zip.files).filter((path) => !this.zip.files[path]?.dir);
  }

  bytes(): Promise<Uint8Array> {
    return this.zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  }

  /** The `<sheet>` elements of workbook.xml, in order. */
  async sheets(): Promise<Array<{ name: string; state: string; rId: string; xml: string }>> {
    return elements(await this.text('xl/workbook.xml'), 'sheet').map((xml) => ({
      name: attr(xml, 'name') ?? '',
      state: attr(xml, 'state') ?? 'visible',
      rId: attr(xml, 'r:id') ?? '',
      xml,
    }));
  }

  /** The package path of a worksheet, found through workbook.xml and its relationships. */
  async sheetPath(name: string): Promise<string> {
    const sheet = (await this.sheets()).find((s) => s.name === name);
    if (!sheet) throw new Error(`no sheet ${name}`);
    const rels = elements(await this.text('xl/_rels/workbook.xml.rels'), 'Relationship');
    const target = rels
      .map((r) => [attr(r, 'Id'), attr(r, 'Target')])
      .find(([id]) => id === sheet.rId)?.[1];
    if (!target) throw new Error(`no relationship ${sheet.rId}`);
    return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  }

  async sheetXml(name: string): Promise<string> {
    return this.text(await this.sheetPath(name));
  }

  async sharedStrings(): Promise<string[]> {
    if (!this.has('xl/sharedStrings.xml')) return [];
    return elements(await this.text('xl/sharedStrings.xml'), 'si').map(runsText);
  }

  /** Every `<c>` of a worksheet by address. */
  async cells(name: string): Promise<Map<string, XmlCell>> {
    const [xml, strings] = await Promise.all([this.sheetXml(name), this.sharedStrings()]);
    const cells = new Map<string, XmlCell>();
    for (const element of elements(xml, 'c')) {
      const type = attr(element, 't') ?? 'n';
      const value = /<v>([\s\S]*?)<\/v>/.exec(element)?.[1];
      const formula = /<f\b[^>]*>([\s\S]*?)<\/f>/.exec(element)?.[1];
      let text = value === undefined ? '' : xmlText(value);
      if (type === 's') text = strings[Number(value)] ?? '';
      if (type === 'inlineStr') text = runsText(/<is>([\s\S]*?)<\/is>/.exec(element)?.[1] ?? '');
      cells.set(attr(element, 'r') ?? '', {
        type,
        style: Number(attr(element, 's') ?? 0),
        text,
        formula: formula === undefined ? undefined : xmlText(formula),
        xml: element,
      });
    }
    return cells;
  }

  /** The style of each `s` index, from styles.xml. */
  async styles(): Promise<XmlStyle[]> {
    const xml = await this.text('xl/styles.xml');
    const section = (tag: string) =>
      new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`).exec(xml)?.[1] ?? '';
    const fills = elements(section('fills'), 'fill').map((fill) =>
      /patternType="solid"/.test(fill)
        ? attr(/<fgColor[^>]*>/.exec(fill)?.[0] ?? '', 'rgb')
        : undefined,
    );
    const fonts = elements(section('fonts'), 'font').map((font) =>
      /<b\s*\/>|<b\s+val="(1|true)"/.test(font),
    );
    const formats = new Map(
      elements(section('numFmts'), 'numFmt').map((f) => [
        attr(f, 'numFmtId'),
        attr(f, 'formatCode') ?? '',
      ]),
    );
    return elements(section('cellXfs'), 'xf').map((xf) => {
      const numFmtId = attr(xf, 'numFmtId') ?? '0';
      return {
        fill: fills[Number(attr(xf, 'fillId') ?? 0)],
        numberFormat:
          formats.get(numFmtId) ?? (numFmtId === '0' ? 'General' : `builtin ${numFmtId}`),
        bold: fonts[Number(attr(xf, 'fontId') ?? 0)] ?? false,
        wrap: /wrapText="(1|true)"/.test(xf),
      };
    });
  }

  /** The defined names of workbook.xml: name, local sheet index and formula. */
  async definedNames(): Promise<
    Array<{ name: string; localSheetId: string | undefined; text: string }>
  > {
    return elements(await this.text('xl/workbook.xml'), 'definedName').map((xml) => ({
      name: attr(xml, 'name') ?? '',
      localSheetId: attr(xml, 'localSheetId'),
      text: xmlText(/>([\s\S]*?)</.exec(xml)?.[1] ?? ''),
    }));
  }
}

/** Column letters → 0-based index. */
export function columnIndex(letters: string): number {
  let index = 0;
  for (const letter of letters) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}
