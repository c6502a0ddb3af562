import type { CellFormat, NumberFormat } from '../sheets/sheets-api-types';
import { xlsxColors } from './xlsx-colors';
import { encodeXml, XmlScanner, xmlAttributes } from './xml-scanner';

/** What a cell's style shows through the API, and whether its numbers are dates. */
export interface XlsxCellStyle {
  format: CellFormat | undefined;
  date: boolean;
}

/** An element of styles.xml kept as written, with what the stand-in reads of it. */
interface Font {
  /** The child elements (`<b/>`, `<sz val="11"/>`, …) as written. */
  children: Array<{ name: string; xml: string }>;
  bold: boolean;
  italic: boolean;
  size: number | undefined;
  argb: string | undefined;
}

interface Xf {
  numFmtId: number;
  fontId: number;
  fillId: number;
  borderId: number;
  /** Every other attribute (xfId, applyFont, quotePrefix, …), in order. */
  attributes: Array<[string, string]>;
  alignment: Array<[string, string]> | undefined;
  /** The `<protection>` element as written. */
  protection: string;
}

/** A section of styles.xml the stand-in appends to. */
interface Section {
  /** Where its start tag starts and its end tag ends (equal when the section is missing). */
  start: number;
  end: number;
  /** Where the last child ends: new children go here. */
  insertAt: number;
}

const SECTIONS = ['numFmts', 'fonts', 'fills', 'cellXfs'] as const;
type SectionName = (typeof SECTIONS)[number];

/** Excel's built-in number formats (ids 0–49) exceljs names, by id. */
const BUILT_IN_FORMATS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};
const BUILT_IN_IDS = new Map(Object.entries(BUILT_IN_FORMATS).map(([id, code]) => [code, +id]));
/** The first id of a workbook's own number formats. */
const FIRST_CUSTOM_FORMAT = 164;

/** Excel's built-in format 14, "short date in the reader's locale", shown the ISO way. */
const LOCALE_SHORT_DATE = 'mm-dd-yy';
const DEFAULT_DATE: NumberFormat = { type: 'DATE', pattern: 'yyyy-mm-dd' };
/** The pattern a Sheets number format without one is saved with. */
const DEFAULT_PATTERNS: Record<string, string> = {
  DATE: 'yyyy-mm-dd',
  TIME: 'hh:mm:ss',
  DATE_TIME: 'yyyy-mm-dd hh:mm:ss',
  PERCENT: '0.00%',
};

const VERTICAL: Record<string, CellFormat['verticalAlignment']> = {
  top: 'TOP',
  center: 'MIDDLE',
  bottom: 'BOTTOM',
};
const HORIZONTAL: Record<string, CellFormat['horizontalAlignment']> = {
  left: 'LEFT',
  center: 'CENTER',
  right: 'RIGHT',
};

/** The styles part of a package without one, and of a new package: Calibri 11, no fills. */
const DEFAULT_STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/><tableStyles count="0"/></styleSheet>';

const NO_FILL = '<fill><patternFill patternType="none"/></fill>';
/** A number format code with Excel's `\x` escapes taken out, as exceljs reads it. */
const unescapeCode = (code: string) => code.replace(/\\(.)/g, '$1');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The Sheets NumberFormat of an Excel format code; undefined for General. */
function numberFormatOf(code: string | undefined): NumberFormat | undefined {
  if (!code || code === 'General') return undefined;
  if (code === LOCALE_SHORT_DATE) return DEFAULT_DATE;
  if (code === '@') return { type: 'TEXT', pattern: '@' };
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  if (bare.includes('%')) return { type: 'PERCENT', pattern: code };
  const hasDate = /[yd]/i.test(bare) || (/m/i.test(bare) && !/[hs]/i.test(bare));
  const hasTime = /[hs]/i.test(bare);
  if (hasDate && hasTime) return { type: 'DATE_TIME', pattern: code };
  if (hasDate) return { type: 'DATE', pattern: code };
  if (hasTime) return { type: 'TIME', pattern: code };
  if (/E[+-]/i.test(bare)) return { type: 'SCIENTIFIC', pattern: code };
  return { type: 'NUMBER', pattern: code };
}

/** Whether numbers in this format are dates (or times), as spreadsheet apps decide it. */
function isDateCode(code: string | undefined): boolean {
  return code !== undefined && /[ymdhsb]/i.test(code.replace(/\[[^\]]*]|"[^"]*"/g, ''));
}

function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

function setAttribute(attributes: Array<[string, string]>, name: string, value?: string): void {
  const at = attributes.findIndex(([n]) => n === name);
  if (value === undefined) {
    if (at >= 0) attributes.splice(at, 1);
  } else if (at >= 0) attributes[at] = [name, value];
  else attributes.push([name, value]);
}

/**
 * The styles part (styles.xml) of a package: reads each cell style (`s`) as the parts of a
 * Sheets CellFormat the stand-in models — number format, bold, italic, size, colour, solid fill,
 * wrap and alignment — and makes the styles a save needs by changing only those parts of a
 * cell's existing style, appended to the part as it was written (every existing index keeps its
 * meaning, so cells copied as they are keep their look).
 */
export class XlsxStyles {
  /** Number format ids by code, and codes by id. */
  private readonly formats = new Map<string, number>();
  private readonly codes = new Map<number, string>();
  private readonly fonts: Font[] = [];
  private readonly fills: string[] = [];
  private readonly fillColors: Array<string | undefined> = [];
  private readonly xfs: Xf[] = [];
  private readonly xfIndex = new Map<string, number>();
  private readonly sections = new Map<SectionName, Section>();
  private readonly added: Record<SectionName, string[]> = {
    numFmts: [],
    fonts: [],
    fills: [],
    cellXfs: [],
  };
  private readonly read = new Map<number, XlsxCellStyle>();
  private readonly derived = new Map<string, number>();
  private nextFormatId = FIRST_CUSTOM_FORMAT;

  /** `xml` is the styles part; undefined for a package without one. */
  constructor(
    private readonly xml: string = DEFAULT_STYLES,
    malformed: () => Error = () => new Error('styles.xml is malformed'),
  ) {
    const scanner = new XmlScanner(this.xml, malformed);
    let section: SectionName | undefined;
    let sectionStart = 0;
    while (scanner.next()) {
      const { name, closing } = scanner;
      if (scanner.depth === 1 && (SECTIONS as readonly string[]).includes(name)) {
        if (!closing) {
          section = name as SectionName;
          sectionStart = scanner.start;
          if (scanner.selfClosing) {
            this.sections.set(section, { start: sectionStart, end: scanner.end, insertAt: -1 });
            section = undefined;
          }
        } else if (section) {
          this.sections.set(section, {
            start: sectionStart,
            end: scanner.end,
            insertAt: scanner.start,
          });
          section = undefined;
        }
        continue;
      }
      if (closing || scanner.depth !== 2 || !section) continue;
      if (section === 'numFmts' && name === 'numFmt') {
        const id = Number(scanner.attribute('numFmtId'));
        const code = scanner.attribute('formatCode') ?? '';
        this.formats.set(unescapeCode(code), id);
        this.codes.set(id, unescapeCode(code));
        this.nextFormatId = Math.max(this.nextFormatId, id + 1);
      } else if (section === 'fonts' && name === 'font') {
        this.fonts.push(this.readFont(scanner));
      } else if (section === 'fills' && name === 'fill') {
        this.fills.push(this.readFill(scanner));
      } else if (section === 'cellXfs' && name === 'xf') {
        const xf = this.readXf(scanner);
        this.xfIndex.set(this.xfXml(xf), this.xfs.length);
        this.xfs.push(xf);
      }
      scanner.skip();
    }
  }

  private readFont(scanner: XmlScanner): Font {
    const font: Font = {
      children: [],
      bold: false,
      italic: false,
      size: undefined,
      argb: undefined,
    };
    const depth = scanner.depth;
    scanner.within(() => {
      if (scanner.depth !== depth + 1) return;
      const start = scanner.start;
      const { name } = scanner;
      const value = scanner.attribute('val');
      if (name === 'b') font.bold = value === undefined || isTrue(value);
      else if (name === 'i') font.italic = value === undefined || isTrue(value);
      else if (name === 'sz')
        font.size = value === undefined ? undefined : Number.parseFloat(value);
      else if (name === 'color') font.argb = scanner.attribute('rgb');
      scanner.skip();
      font.children.push({ name, xml: scanner.xml.slice(start, scanner.end) });
    });
    return font;
  }

  private readFill(scanner: XmlScanner): string {
    const start = scanner.start;
    let solid = false;
    let argb: string | undefined;
    scanner.within(() => {
      if (scanner.is('patternFill')) solid = scanner.attribute('patternType') === 'solid';
      else if (scanner.is('fgColor')) argb = scanner.attribute('rgb');
    });
    this.fillColors.push(solid ? argb : undefined);
    return scanner.xml.slice(start, scanner.end);
  }

  private readXf(scanner: XmlScanner): Xf {
    const xf: Xf = {
      numFmtId: 0,
      fontId: 0,
      fillId: 0,
      borderId: 0,
      attributes: [],
      alignment: undefined,
      protection: '',
    };
    for (const [name, value] of scanner.attributeList()) {
      if (name === 'numFmtId' || name === 'fontId' || name === 'fillId' || name === 'borderId')
        xf[name] = Number(value);
      else xf.attributes.push([name, value]);
    }
    const depth = scanner.depth;
    scanner.within(() => {
      if (scanner.depth !== depth + 1) return;
      const start = scanner.start;
      if (scanner.is('alignment')) xf.alignment = scanner.attributeList();
      scanner.skip();
      if (scanner.is('protection')) xf.protection = scanner.xml.slice(start, scanner.end);
    });
    return xf;
  }

  private xfXml(xf: Xf): string {
    const ids = ` numFmtId="${xf.numFmtId}" fontId="${xf.fontId}" fillId="${xf.fillId}" borderId="${xf.borderId}"`;
    const alignment = xf.alignment ? `<alignment${xmlAttributes(xf.alignment)}/>` : '';
    const inner = alignment + xf.protection;
    return `<xf${ids}${xmlAttributes(xf.attributes)}${inner ? `>${inner}</xf>` : '/>'}`;
  }

  /** The format code of a number format id, as exceljs names it. */
  private codeOf(id: number): string | undefined {
    return this.codes.get(id) ?? BUILT_IN_FORMATS[id];
  }

  /**
   * What a cell with style `s` shows. Style 0 (the workbook's default) and styles the part lacks
   * show nothing of their own, as exceljs read them.
   */
  style(s: number): XlsxCellStyle {
    let style = this.read.get(s);
    if (style) return style;
    const xf = s === 0 ? undefined : this.xfs[s];
    const format: CellFormat = {};
    let date = false;
    if (xf) {
      const code = xf.numFmtId ? this.codeOf(xf.numFmtId) : undefined;
      const numberFormat = numberFormatOf(code);
      if (numberFormat) format.numberFormat = numberFormat;
      date = isDateCode(code);
      const background = xlsxColors.fromArgb(this.fillColors[xf.fillId]);
      if (background) format.backgroundColor = background;
      const font = this.fonts[xf.fontId];
      const text: NonNullable<CellFormat['textFormat']> = {};
      if (font?.bold) text.bold = true;
      if (font?.italic) text.italic = true;
      if (font?.size && font.size !== 11) text.fontSize = font.size;
      const color = xlsxColors.fromArgb(font?.argb);
      if (color && font?.argb !== 'FF000000') text.foregroundColor = color;
      if (Object.keys(text).length > 0) format.textFormat = text;
      const alignment = new Map(xf.alignment);
      if (isTrue(alignment.get('wrapText'))) format.wrapStrategy = 'WRAP';
      const vertical = VERTICAL[alignment.get('vertical') ?? ''];
      if (vertical) format.verticalAlignment = vertical;
      const horizontal = HORIZONTAL[alignment.get('horizontal') ?? ''];
      if (horizontal) format.horizontalAlignment = horizontal;
    }
    style = { format: Object.keys(format).length > 0 ? format : undefined, date };
    this.read.set(s, style);
    return style;
  }

  /**
   * The style of a cell that shows `wanted`, made from style `base` (the cell's style until
   * now) by changing only the parts that differ from what `base` shows: a border, a font name
   * or a protection the Sheets model does not know stays as it was.
   */
  derive(base: number, wanted: CellFormat | undefined): number {
    const key = `${base}\u0000${JSON.stringify(wanted ?? {})}`;
    let index = this.derived.get(key);
    if (index !== undefined) return index;
    const current = this.style(base).format;
    const from = this.xfs[base] ?? this.xfs[0];
    const xf: Xf = from
      ? {
          ...from,
          attributes: [...from.attributes],
          alignment: from.alignment && [...from.alignment],
        }
      : {
          numFmtId: 0,
          fontId: 0,
          fillId: 0,
          borderId: 0,
          attributes: [['xfId', '0']],
          alignment: undefined,
          protection: '',
        };
    if (!same(current?.numberFormat, wanted?.numberFormat)) {
      const numberFormat = wanted?.numberFormat;
      xf.numFmtId = this.formatId(
        numberFormat?.pattern || DEFAULT_PATTERNS[numberFormat?.type ?? ''] || 'General',
      );
      setAttribute(xf.attributes, 'applyNumberFormat', xf.numFmtId ? '1' : undefined);
    }
    if (!same(current?.textFormat, wanted?.textFormat)) {
      xf.fontId = this.fontId(xf.fontId, wanted?.textFormat);
      setAttribute(xf.attributes, 'applyFont', '1');
    }
    if (
      !same(
        [current?.wrapStrategy, current?.verticalAlignment, current?.horizontalAlignment],
        [wanted?.wrapStrategy, wanted?.verticalAlignment, wanted?.horizontalAlignment],
      )
    ) {
      const alignment = xf.alignment ?? [];
      const vertical = wanted?.verticalAlignment;
      const horizontal = wanted?.horizontalAlignment;
      setAttribute(
        alignment,
        'horizontal',
        horizontal && horizontal !== 'HORIZONTAL_ALIGN_UNSPECIFIED'
          ? horizontal.toLowerCase()
          : undefined,
      );
      setAttribute(
        alignment,
        'vertical',
        vertical === 'MIDDLE'
          ? 'center'
          : vertical && vertical !== 'VERTICAL_ALIGN_UNSPECIFIED'
            ? vertical.toLowerCase()
            : undefined,
      );
      setAttribute(alignment, 'wrapText', wanted?.wrapStrategy === 'WRAP' ? '1' : undefined);
      xf.alignment = alignment.length > 0 ? alignment : undefined;
      setAttribute(xf.attributes, 'applyAlignment', xf.alignment ? '1' : undefined);
    }
    if (!same(current?.backgroundColor, wanted?.backgroundColor)) {
      const color = wanted?.backgroundColor;
      xf.fillId = this.fillId(
        color
          ? `<fill><patternFill patternType="solid"><fgColor rgb="${xlsxColors.toArgb(color)}"/></patternFill></fill>`
          : NO_FILL,
        color ? xlsxColors.toArgb(color) : undefined,
      );
      setAttribute(xf.attributes, 'applyFill', color ? '1' : undefined);
    }
    const xml = this.xfXml(xf);
    index = this.xfIndex.get(xml);
    if (index === undefined) {
      index = this.xfs.length;
      this.xfs.push(xf);
      this.xfIndex.set(xml, index);
      this.added.cellXfs.push(xml);
    }
    this.derived.set(key, index);
    return index;
  }

  private formatId(code: string): number {
    const id = BUILT_IN_IDS.get(code) ?? this.formats.get(code);
    if (id !== undefined) return id;
    const created = this.nextFormatId++;
    this.formats.set(code, created);
    this.codes.set(created, code);
    this.added.numFmts.push(`<numFmt numFmtId="${created}" formatCode="${encodeXml(code)}"/>`);
    return created;
  }

  /** A font like font `base` with the text format `wanted` (no size: the default font's). */
  private fontId(base: number, wanted: CellFormat['textFormat']): number {
    const kept = (this.fonts[base]?.children ?? []).filter(
      (child) => !['b', 'i', 'sz', 'color'].includes(child.name),
    );
    const size = wanted?.fontSize ?? this.fonts[0]?.size;
    const color = wanted?.foregroundColor;
    const children = [
      ...(wanted?.bold ? [{ name: 'b', xml: '<b/>' }] : []),
      ...(wanted?.italic ? [{ name: 'i', xml: '<i/>' }] : []),
      ...(size ? [{ name: 'sz', xml: `<sz val="${size}"/>` }] : []),
      ...(color ? [{ name: 'color', xml: `<color rgb="${xlsxColors.toArgb(color)}"/>` }] : []),
      ...kept,
    ];
    const xml = `<font>${children.map((child) => child.xml).join('')}</font>`;
    const existing = this.fonts.findIndex(
      (font) => `<font>${font.children.map((child) => child.xml).join('')}</font>` === xml,
    );
    if (existing >= 0) return existing;
    this.fonts.push({
      children,
      bold: wanted?.bold === true,
      italic: wanted?.italic === true,
      size,
      argb: color ? xlsxColors.toArgb(color) : undefined,
    });
    this.added.fonts.push(xml);
    return this.fonts.length - 1;
  }

  private fillId(xml: string, argb: string | undefined): number {
    const existing = this.fills.indexOf(xml);
    if (existing >= 0) return existing;
    this.fills.push(xml);
    this.fillColors.push(argb);
    this.added.fills.push(xml);
    return this.fills.length - 1;
  }

  /** Whether a style was made since the part was read. */
  get changed(): boolean {
    return SECTIONS.some((name) => this.added[name].length > 0);
  }

  /** The styles part with every style made since it was read. */
  toXml(): string {
    if (!this.changed) return this.xml;
    const counts: Record<SectionName, number> = {
      numFmts: this.formats.size,
      fonts: this.fonts.length,
      fills: this.fills.length,
      cellXfs: this.xfs.length,
    };
    // Edits from the end of the text backwards, so earlier offsets stay valid.
    const edits: Array<{ at: number; end: number; text: string }> = [];
    for (const name of SECTIONS) {
      const added = this.added[name];
      if (added.length === 0) continue;
      const section = this.sections.get(name);
      if (section && section.insertAt >= 0) {
        const startTag = this.xml.slice(section.start, this.xml.indexOf('>', section.start) + 1);
        const counted = /\scount="\d*"/.test(startTag)
          ? startTag.replace(/\scount="\d*"/, ` count="${counts[name]}"`)
          : startTag.replace(/^<\w+/, (open) => `${open} count="${counts[name]}"`);
        edits.push({ at: section.start, end: section.start + startTag.length, text: counted });
        edits.push({ at: section.insertAt, end: section.insertAt, text: added.join('') });
      } else {
        const text = `<${name} count="${counts[name]}">${added.join('')}</${name}>`;
        if (section) edits.push({ at: section.start, end: section.end, text });
        else edits.push({ at: this.insertionPoint(name), end: this.insertionPoint(name), text });
      }
    }
    let xml = this.xml;
    for (const edit of edits.sort((a, b) => b.at - a.at || b.end - a.end))
      xml = xml.slice(0, edit.at) + edit.text + xml.slice(edit.end);
    return xml;
  }

  /** Where a missing section goes: before the first section that follows it in the schema. */
  private insertionPoint(name: SectionName): number {
    const order = ['numFmts', 'fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs'];
    for (const later of order.slice(order.indexOf(name) + 1)) {
      const at = this.xml.search(new RegExp(`<${later}[\\s>/]`));
      if (at >= 0) return at;
    }
    return this.xml.lastIndexOf('</');
  }
}
