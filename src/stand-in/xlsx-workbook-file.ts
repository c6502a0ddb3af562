import { readFile, rename, writeFile } from 'node:fs/promises';
import { findPrintSetup } from '../sheets/print-setup';
import { createStoredSheet } from './create-stored-sheet';
import { readXlsxPackage } from './read-xlsx-package';
import { readXlsxWorksheet } from './read-xlsx-worksheet';
import type { StoredSheet, StoredSpreadsheet } from './stored-spreadsheet';
import { writeXlsxWorksheet } from './write-xlsx-worksheet';
import { CONTENT_TYPES, XlsxContentTypes } from './xlsx-content-types';
import { xlsxMetaSheet } from './xlsx-meta-sheet';
import { xlsxNotes } from './xlsx-notes';
import { type XlsxPart, XlsxReadError } from './xlsx-read-error';
import { XlsxRelationships } from './xlsx-relationships';
import { xlsxRichText } from './xlsx-rich-text';
import { XlsxStyles } from './xlsx-styles';
import { type XlsxDefinedName, type XlsxSheetEntry, XlsxWorkbookPart } from './xlsx-workbook-part';
import { XmlScanner } from './xml-scanner';
import { ZipArchive, ZipError } from './zip-archive';

/** How to present a loaded workbook through the API. */
export interface XlsxLoadOptions {
  /** The id to serve it under; default: the one saved in the file, else `local-workbook`. */
  spreadsheetId?: string;
  /** Default: the one saved in the file, else `Workbook`. */
  title?: string;
}

/** A worksheet as the package holds it, and the sheet read from it. */
interface Baseline {
  sheet: StoredSheet;
  path: string;
  entry: XlsxSheetEntry;
}

// Characters Excel forbids in worksheet names, which Sheets titles may contain.
const FORBIDDEN_IN_NAMES = /[\\/?*[\]:]/g;
const MAX_NAME_LENGTH = 31;
const WORKBOOK_PATH = 'xl/workbook.xml';

// A sheet id that stays the same for a worksheet name across loads of a file never saved by
// the stand-in (FNV-1a of the name, as a positive int32).
function stableId(name: string, taken: Set<number>): number {
  let hash = 0x811c9dc5;
  for (const char of name) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193);
  let id = hash >>> 1 || 1;
  while (taken.has(id)) id = (id % 2147483647) + 1;
  return id;
}

const sameNotes = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The parts reachable from the package's relationships, following every `.rels` part. */
function reachableParts(text: (path: string) => string | undefined): Set<string> {
  const reached = new Set<string>();
  const visit = (part: string) => {
    const rels = text(XlsxRelationships.pathOf(part));
    if (rels === undefined) return;
    for (const relationship of XlsxRelationships.parse(part, rels, () => new Error(part)).list) {
      if (relationship.external) continue;
      const target = XlsxRelationships.resolve(part, relationship.target);
      if (reached.has(target)) continue;
      reached.add(target);
      visit(target);
    }
  };
  visit('');
  return reached;
}

/**
 * An .xlsx workbook behind a stand-in spreadsheet. Loading reads the package's parts straight
 * from the zip (see readXlsxWorksheet); saving writes only what changed through the API: a tab
 * the API did not touch keeps its part byte for byte (its zip entry is copied still
 * compressed), a changed tab is rewritten around its changes (see writeXlsxWorksheet), and every
 * other part — shared strings, theme, drawings, charts, images, tables, macros — is copied as
 * it was. Sheet ids and Sheets-only state (developer metadata, protected ranges, conditional
 * formats, charts) travel in a veryHidden worksheet, see xlsxMetaSheet.
 */
export class XlsxWorkbookFile {
  /** The spreadsheet as loaded, ready for SheetsStandIn.put. */
  readonly spreadsheet: StoredSpreadsheet;
  private archive: ZipArchive;
  private readonly workbookPath: string;
  private workbook: XlsxWorkbookPart;
  private readonly styles: XlsxStyles;
  private stylesPath: string | undefined;
  private readonly baseline: Map<number, Baseline>;
  /** Tabs the stand-in does not serve (chart sheets, dialog sheets): listed as they were. */
  private readonly others: XlsxSheetEntry[];
  private meta: { path: string; entry: XlsxSheetEntry } | undefined;

  private constructor(parts: {
    spreadsheet: StoredSpreadsheet;
    archive: ZipArchive;
    workbookPath: string;
    workbook: XlsxWorkbookPart;
    styles: XlsxStyles;
    stylesPath: string | undefined;
    baseline: Map<number, Baseline>;
    others: XlsxSheetEntry[];
    meta: { path: string; entry: XlsxSheetEntry } | undefined;
  }) {
    this.spreadsheet = parts.spreadsheet;
    this.archive = parts.archive;
    this.workbookPath = parts.workbookPath;
    this.workbook = parts.workbook;
    this.styles = parts.styles;
    this.stylesPath = parts.stylesPath;
    this.baseline = parts.baseline;
    this.others = parts.others;
    this.meta = parts.meta;
  }

  /** Reads an .xlsx file (a path or its bytes); throws XlsxReadError when it cannot. */
  static async load(
    source: string | Uint8Array,
    options: XlsxLoadOptions = {},
  ): Promise<XlsxWorkbookFile> {
    const { archive, workbookPath } = readXlsxPackage(
      typeof source === 'string' ? await readFile(source) : source,
    );
    const text = (path: string) => {
      try {
        return archive.text(path);
      } catch (error) {
        if (error instanceof ZipError) throw new XlsxReadError('DAMAGED');
        throw error;
      }
    };
    const optional = (path: string) => (archive.has(path) ? text(path) : undefined);
    const malformed = (part: XlsxPart, sheet?: string) => () =>
      new XlsxReadError('UNREADABLE_PART', part, sheet);
    const workbook = new XlsxWorkbookPart(text(workbookPath), malformed('workbook'));
    const rels = XlsxRelationships.parse(
      workbookPath,
      optional(XlsxRelationships.pathOf(workbookPath)),
      malformed('workbook'),
    );
    const pathOf = (kind: string) => {
      const relationship = rels.find(kind);
      return relationship && XlsxRelationships.resolve(workbookPath, relationship.target);
    };
    const stylesPath = pathOf('styles');
    const stylesXml = stylesPath === undefined ? undefined : optional(stylesPath);
    const styles = new XlsxStyles(stylesXml, malformed('styles'));
    const stringsPath = pathOf('sharedStrings');
    const strings: string[] = [];
    const stringsXml = stringsPath === undefined ? undefined : optional(stringsPath);
    if (stringsXml !== undefined) {
      const scanner = new XmlScanner(stringsXml, malformed('sharedStrings'));
      while (scanner.next())
        if (!scanner.closing && scanner.is('si')) strings.push(xlsxRichText(scanner));
    }

    const others: XlsxSheetEntry[] = [];
    const worksheets: Array<{ entry: XlsxSheetEntry; path: string }> = [];
    for (const entry of workbook.sheets) {
      const relationship = rels.byId(entry.relationshipId);
      if (!relationship?.type.endsWith('/worksheet')) {
        others.push(entry);
        continue;
      }
      const path = XlsxRelationships.resolve(workbookPath, relationship.target);
      if (!archive.has(path)) throw new XlsxReadError('UNREADABLE_PART', 'worksheet', entry.name);
      worksheets.push({ entry, path });
    }
    const read = (entry: XlsxSheetEntry, path: string, sheetId: number, title: string) => {
      const sheetRels = XlsxRelationships.parse(
        path,
        optional(XlsxRelationships.pathOf(path)),
        malformed('worksheet', entry.name),
      );
      // One comments part per tab, as apps write it; a file with more has all of them read.
      const notes = sheetRels.all('comments').flatMap((comments) => {
        const xml = optional(XlsxRelationships.resolve(path, comments.target));
        return xml === undefined ? [] : xlsxNotes.read(xml, malformed('comments', entry.name));
      });
      return readXlsxWorksheet({
        xml: text(path),
        sheetId,
        title,
        hidden: entry.state !== 'visible',
        strings,
        styles,
        notes,
        date1904: workbook.date1904,
        malformed: malformed('worksheet', entry.name),
      });
    };

    const metaSheet = worksheets.find(({ entry }) => entry.name === xlsxMetaSheet.NAME);
    const meta = xlsxMetaSheet.read(
      metaSheet && read(metaSheet.entry, metaSheet.path, 0, xlsxMetaSheet.NAME),
    );
    const staff = worksheets.filter((worksheet) => worksheet !== metaSheet);
    const taken = new Set<number>();
    for (const { entry } of staff) {
      const id = meta.sheets.get(entry.name)?.sheetId;
      if (id !== undefined) taken.add(id);
    }
    const baseline = new Map<number, Baseline>();
    const sheets = staff.map(({ entry, path }, index) => {
      const record = meta.sheets.get(entry.name);
      let sheetId = record?.sheetId;
      if (sheetId === undefined) {
        sheetId = index === 0 && !taken.has(0) ? 0 : stableId(entry.name, taken);
        taken.add(sheetId);
      }
      const sheet = read(entry, path, sheetId, record?.title || entry.name);
      if (record) {
        sheet.developerMetadata = record.developerMetadata;
        sheet.protectedRanges = record.protectedRanges;
        sheet.conditionalFormats = record.conditionalFormats;
        sheet.charts = record.charts;
      }
      baseline.set(sheetId, { sheet, path, entry });
      return sheet;
    });
    for (const objectSheet of meta.objectSheets) {
      const { sheetId = 0, title = 'Chart' } = objectSheet.properties;
      const sheet = createStoredSheet({
        ...objectSheet.properties,
        sheetId,
        title,
        sheetType: 'OBJECT',
      });
      sheet.charts = objectSheet.charts;
      sheets.splice(Math.min(objectSheet.index, sheets.length), 0, sheet);
    }
    const properties = meta.properties ?? {};
    const spreadsheet: StoredSpreadsheet = {
      spreadsheetId: options.spreadsheetId ?? meta.spreadsheetId ?? 'local-workbook',
      properties: {
        ...properties,
        title: options.title ?? properties.title ?? (documentTitle(archive) || 'Workbook'),
        locale: properties.locale ?? 'en_US',
        timeZone: properties.timeZone ?? 'Asia/Shanghai',
      },
      sheets,
      developerMetadata: meta.developerMetadata,
      sharedWith: undefined,
    };
    return new XlsxWorkbookFile({
      spreadsheet,
      archive,
      workbookPath,
      workbook,
      styles,
      stylesPath: stylesXml === undefined ? undefined : stylesPath,
      baseline,
      others,
      meta: metaSheet && { path: metaSheet.path, entry: metaSheet.entry },
    });
  }

  /** A new workbook holding `spreadsheet`, for serving a file that does not exist yet. */
  static create(spreadsheet: StoredSpreadsheet): XlsxWorkbookFile {
    return new XlsxWorkbookFile({
      spreadsheet,
      archive: ZipArchive.empty(),
      workbookPath: WORKBOOK_PATH,
      workbook: new XlsxWorkbookPart(),
      styles: new XlsxStyles(),
      stylesPath: undefined,
      baseline: new Map(),
      others: [],
      meta: undefined,
    });
  }

  /**
   * Writes `current` (the stand-in's state of this spreadsheet) over the loaded workbook and
   * returns the bytes; with a path, also replaces that file (via a temporary file, so a crash
   * mid-write cannot leave it half written).
   */
  async save(current: StoredSpreadsheet, path?: string): Promise<Uint8Array> {
    const { archive, baseline, workbookPath } = this;
    const changes = new Map<string, string | null>();
    const text = (part: string): string | undefined => {
      if (changes.has(part)) return changes.get(part) ?? undefined;
      return archive.has(part) ? archive.text(part) : undefined;
    };
    const malformed = () => new Error('a part the stand-in wrote or kept is malformed');
    const before = reachableParts(text);
    const relsPath = XlsxRelationships.pathOf(workbookPath);
    const rels = XlsxRelationships.parse(workbookPath, text(relsPath), malformed);
    const types = XlsxContentTypes.parse(text('[Content_Types].xml'), malformed);
    /** The first number for which no part is named by any of `makes`. */
    const freeNumber = (...makes: Array<(n: number) => string>) => {
      let n = 1;
      while (makes.some((make) => archive.has(make(n)) || changes.has(make(n)))) n++;
      return n;
    };
    const freePath = (make: (n: number) => string) => make(freeNumber(make));
    let nextSheetNumber =
      Math.max(
        0,
        ...[...baseline.values()].map((b) => b.entry.sheetId),
        ...this.others.map((o) => o.sheetId),
        this.meta?.entry.sheetId ?? 0,
      ) + 1;

    const present = new Set(current.sheets.map((sheet) => sheet.properties.sheetId ?? 0));
    for (const [sheetId, base] of baseline) {
      if (present.has(sheetId)) continue;
      rels.remove({ id: base.entry.relationshipId });
      baseline.delete(sheetId);
    }
    const used = new Set<string>([xlsxMetaSheet.NAME.toLowerCase()]);
    for (const base of baseline.values()) used.add(base.entry.name.toLowerCase());
    for (const other of this.others) used.add(other.name.toLowerCase());
    const uniqueName = (title: string): string => {
      const clean = title.replace(FORBIDDEN_IN_NAMES, '_').replace(/^'+|'+$/g, '') || 'Sheet';
      let name = clean.slice(0, MAX_NAME_LENGTH);
      for (let n = 2; used.has(name.toLowerCase()); n++) {
        const suffix = ` (${n})`;
        name = clean.slice(0, MAX_NAME_LENGTH - suffix.length) + suffix;
      }
      used.add(name.toLowerCase());
      return name;
    };

    const renamed = new Map<string, string>();
    const names = new Map<number, string>();
    const written: Array<{ sheetId: number; baseline: Baseline }> = [];
    const printed = new Map<string, number>();
    let rewrote = false;
    for (const sheet of current.sheets) {
      if (sheet.properties.sheetType === 'OBJECT') continue;
      const sheetId = sheet.properties.sheetId ?? 0;
      const title = sheet.properties.title ?? '';
      const base = baseline.get(sheetId);
      let entry: XlsxSheetEntry;
      let partPath: string;
      if (base) {
        entry = base.entry;
        partPath = base.path;
        if (base.sheet.properties.title !== title) {
          used.delete(entry.name.toLowerCase());
          const name = uniqueName(title);
          renamed.set(entry.name, name);
          entry = { ...entry, name };
        }
      } else {
        partPath = freePath((n) => `xl/worksheets/sheet${n}.xml`);
        types.set(partPath, CONTENT_TYPES.worksheet);
        entry = {
          name: uniqueName(title),
          sheetId: nextSheetNumber++,
          state: 'visible',
          relationshipId: rels.add('worksheet', partPath),
        };
      }
      if (base?.sheet !== sheet) {
        rewrote = true;
        entry = { ...entry, state: sheet.properties.hidden ? 'hidden' : 'visible' };
        changes.set(
          partPath,
          this.worksheetXml(sheet, base, partPath, { changes, types, text, freeNumber }),
        );
      }
      const setup = findPrintSetup(sheet.developerMetadata);
      if (setup) printed.set(entry.name, setup.repeatRows);
      names.set(sheetId, entry.name);
      written.push({ sheetId, baseline: { sheet, path: partPath, entry } });
    }

    let meta = this.meta;
    if (!meta) {
      const metaPath = freePath((n) => `xl/worksheets/sheet${n}.xml`);
      types.set(metaPath, CONTENT_TYPES.worksheet);
      meta = {
        path: metaPath,
        entry: {
          name: xlsxMetaSheet.NAME,
          sheetId: nextSheetNumber++,
          state: 'veryHidden',
          relationshipId: rels.add('worksheet', metaPath),
        },
      };
    }
    meta = { ...meta, entry: { ...meta.entry, state: 'veryHidden' } };
    changes.set(meta.path, xlsxMetaSheet.write(current, names));

    const definedNames: XlsxDefinedName[] = this.workbook.definedNames
      .map((d) =>
        d.sheet !== undefined && renamed.has(d.sheet) ? { ...d, sheet: renamed.get(d.sheet) } : d,
      )
      .filter(
        (d) => !(d.name === '_xlnm.Print_Titles' && d.sheet !== undefined && printed.has(d.sheet)),
      );
    for (const [name, rows] of printed)
      if (rows > 0)
        definedNames.push({
          name: '_xlnm.Print_Titles',
          sheet: name,
          attributes: [],
          text: `'${name.replaceAll("'", "''")}'!$1:$${rows}`,
        });
    const entries = [...written.map((w) => w.baseline.entry), ...this.others, meta.entry];
    const workbookXml = this.workbook.write(entries, definedNames);
    changes.set(workbookPath, workbookXml);
    // Excel's list of formula cells goes stale when a tab is rewritten; Excel rebuilds it.
    if (rewrote) rels.remove({ kind: 'calcChain' });

    let stylesPath = this.stylesPath;
    if (this.styles.changed || stylesPath === undefined) {
      if (stylesPath === undefined) {
        stylesPath = freePath((n) => (n === 1 ? 'xl/styles.xml' : `xl/styles${n}.xml`));
        rels.add('styles', stylesPath);
        types.set(stylesPath, CONTENT_TYPES.styles);
      }
      changes.set(stylesPath, this.styles.toXml());
    }
    changes.set(relsPath, rels.toXml());
    if (text('_rels/.rels') === undefined) {
      const root = XlsxRelationships.parse('', undefined, malformed);
      root.add('officeDocument', workbookPath);
      changes.set('_rels/.rels', root.toXml());
      types.setDefault('rels', CONTENT_TYPES.relationships);
      types.setDefault('xml', CONTENT_TYPES.xml);
      types.set(workbookPath, CONTENT_TYPES.workbook);
    }
    // Parts only the removed or rewritten ones pointed to (their notes, a deleted tab) go too.
    const after = reachableParts(text);
    for (const part of before) {
      if (after.has(part)) continue;
      changes.set(part, null);
      types.remove(part);
      if (archive.has(XlsxRelationships.pathOf(part)))
        changes.set(XlsxRelationships.pathOf(part), null);
    }
    changes.set('[Content_Types].xml', types.toXml());

    const bytes = archive.write(changes);
    this.archive = ZipArchive.read(bytes);
    this.workbook = new XlsxWorkbookPart(workbookXml);
    this.stylesPath = stylesPath;
    this.meta = meta;
    baseline.clear();
    for (const { sheetId, baseline: base } of written) baseline.set(sheetId, base);
    if (path) {
      const temporary = `${path}.saving`;
      await writeFile(temporary, bytes);
      await rename(temporary, path);
    }
    return bytes;
  }

  /** A changed tab's part, its notes written as parts of their own when they changed. */
  private worksheetXml(
    sheet: StoredSheet,
    base: Baseline | undefined,
    partPath: string,
    save: {
      changes: Map<string, string | null>;
      types: XlsxContentTypes;
      text: (part: string) => string | undefined;
      freeNumber: (...makes: Array<(n: number) => string>) => number;
    },
  ): string {
    const { changes, types, text } = save;
    const notes = xlsxNotes.of(sheet);
    let legacyDrawing: string | null | undefined;
    if (!sameNotes(notes, base ? xlsxNotes.of(base.sheet) : [])) {
      const relsPath = XlsxRelationships.pathOf(partPath);
      const rels = XlsxRelationships.parse(partPath, text(relsPath), () => new Error(relsPath));
      rels.remove({ kind: 'comments' });
      rels.remove({ kind: 'vmlDrawing' });
      legacyDrawing = null;
      if (notes.length > 0) {
        const comments = (n: number) => `xl/comments${n}.xml`;
        const drawing = (n: number) => `xl/drawings/vmlDrawing${n}.vml`;
        const number = save.freeNumber(comments, drawing);
        const commentsPath = comments(number);
        const vmlPath = drawing(number);
        const parts = xlsxNotes.write(notes, number);
        changes.set(commentsPath, parts.comments);
        changes.set(vmlPath, parts.vml);
        types.set(commentsPath, CONTENT_TYPES.comments);
        types.setDefault('vml', CONTENT_TYPES.vmlDrawing);
        rels.add('comments', commentsPath);
        legacyDrawing = rels.add('vmlDrawing', vmlPath);
      }
      changes.set(relsPath, rels.list.length > 0 ? rels.toXml() : null);
    }
    const xml = base && text(base.path);
    return writeXlsxWorksheet({
      sheet,
      ...(base && xml !== undefined ? { original: { xml, sheet: base.sheet } } : {}),
      styles: this.styles,
      ...(legacyDrawing === undefined ? {} : { legacyDrawing }),
    });
  }
}

/** The title in the package's document properties (`docProps/core.xml`), or ''. */
function documentTitle(archive: ZipArchive): string {
  try {
    const root = XlsxRelationships.parse(
      '',
      archive.has('_rels/.rels') ? archive.text('_rels/.rels') : undefined,
      () => new Error('rels'),
    );
    const core = root.find('core-properties');
    if (!core) return '';
    const scanner = new XmlScanner(
      archive.text(XlsxRelationships.resolve('', core.target)),
      () => new Error('core'),
    );
    while (scanner.next()) if (!scanner.closing && scanner.is('dc:title')) return scanner.text();
  } catch {
    // A title is only a default: a damaged document-properties part goes without one.
  }
  return '';
}
