import { readFile, rename, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { createStoredSheet } from './create-stored-sheet';
import { explainXlsxFailure } from './explain-xlsx-failure';
import { readXlsxPackage } from './read-xlsx-package';
import { readXlsxWorksheet } from './read-xlsx-worksheet';
import type { StoredSheet, StoredSpreadsheet } from './stored-spreadsheet';
import { writeXlsxWorksheet } from './write-xlsx-worksheet';
import { xlsxMetaSheet } from './xlsx-meta-sheet';
import { validationRanges } from './xlsx-validation-ranges';

/** How to present a loaded workbook through the API. */
export interface XlsxLoadOptions {
  /** The id to serve it under; default: the one saved in the file, else `local-workbook`. */
  spreadsheetId?: string;
  /** Default: the one saved in the file, else `Workbook`. */
  title?: string;
}

interface Baseline {
  sheet: StoredSheet;
  worksheet: ExcelJS.Worksheet;
}

// Characters Excel forbids in worksheet names, which Sheets titles may contain.
const FORBIDDEN_IN_NAMES = /[\\/?*[\]:]/g;
const MAX_NAME_LENGTH = 31;

function worksheetOrder(worksheet: ExcelJS.Worksheet, order: number): void {
  (worksheet as unknown as { orderNo: number }).orderNo = order;
}

// A sheet id that stays the same for a worksheet name across loads of a file never saved by
// the stand-in (FNV-1a of the name, as a positive int32).
function stableId(name: string, taken: Set<number>): number {
  let hash = 0x811c9dc5;
  for (const char of name) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193);
  let id = hash >>> 1 || 1;
  while (taken.has(id)) id = (id % 2147483647) + 1;
  return id;
}

type ValidationsOf = { dataValidations: { model: Parameters<typeof validationRanges>[0] } };

/** The workbook's bytes, each worksheet's validations written as ranges (see validationRanges). */
async function writeWithValidationRanges(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  const kept = workbook.worksheets.map((worksheet) => {
    const validations = (worksheet as unknown as ValidationsOf).dataValidations;
    const perCell = validations.model;
    validations.model = validationRanges(perCell);
    return () => {
      validations.model = perCell;
    };
  });
  try {
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  } finally {
    for (const restore of kept) restore();
  }
}

/**
 * An .xlsx workbook behind a stand-in spreadsheet. The exceljs workbook read at load stays the
 * base of every save, and a save rewrites only the worksheets whose sheet changed through the
 * API (plus added and deleted ones), so tabs the API never touched keep every value, formula,
 * style and validation exceljs preserves. Sheet ids and Sheets-only state (developer metadata,
 * protected ranges, conditional formats, charts) travel in a veryHidden worksheet, see
 * xlsxMetaSheet.
 */
export class XlsxWorkbookFile {
  /** The spreadsheet as loaded, ready for SheetsStandIn.put. */
  readonly spreadsheet: StoredSpreadsheet;
  private readonly workbook: ExcelJS.Workbook;
  private readonly baseline = new Map<number, Baseline>();

  private constructor(
    workbook: ExcelJS.Workbook,
    spreadsheet: StoredSpreadsheet,
    baseline: Map<number, Baseline>,
  ) {
    this.workbook = workbook;
    this.spreadsheet = spreadsheet;
    this.baseline = baseline;
  }

  /** Reads an .xlsx file (a path or its bytes); throws XlsxReadError when it cannot. */
  static async load(
    source: string | Uint8Array,
    options: XlsxLoadOptions = {},
  ): Promise<XlsxWorkbookFile> {
    const bytes = await readXlsxPackage(
      typeof source === 'string' ? await readFile(source) : source,
    );
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch (error) {
      throw await explainXlsxFailure(bytes, error);
    }
    return XlsxWorkbookFile.fromWorkbook(workbook, options);
  }

  /** A new workbook holding `spreadsheet`, for serving a file that does not exist yet. */
  static create(spreadsheet: StoredSpreadsheet): XlsxWorkbookFile {
    return new XlsxWorkbookFile(new ExcelJS.Workbook(), spreadsheet, new Map());
  }

  private static fromWorkbook(
    workbook: ExcelJS.Workbook,
    options: XlsxLoadOptions,
  ): XlsxWorkbookFile {
    const meta = xlsxMetaSheet.read(workbook);
    const worksheets = workbook.worksheets.filter(
      (worksheet) => worksheet.name !== xlsxMetaSheet.NAME,
    );
    const taken = new Set<number>();
    for (const worksheet of worksheets) {
      const id = meta.sheets.get(worksheet.name)?.sheetId;
      if (id !== undefined) taken.add(id);
    }
    const baseline = new Map<number, Baseline>();
    const sheets = worksheets.map((worksheet, index) => {
      const record = meta.sheets.get(worksheet.name);
      let sheetId = record?.sheetId;
      if (sheetId === undefined) {
        sheetId = index === 0 && !taken.has(0) ? 0 : stableId(worksheet.name, taken);
        taken.add(sheetId);
      }
      const sheet = readXlsxWorksheet(worksheet, sheetId, record?.title || worksheet.name);
      if (record) {
        sheet.developerMetadata = record.developerMetadata;
        sheet.protectedRanges = record.protectedRanges;
        sheet.conditionalFormats = record.conditionalFormats;
        sheet.charts = record.charts;
      }
      baseline.set(sheetId, { sheet, worksheet });
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
        title: options.title ?? properties.title ?? (workbook.title || 'Workbook'),
        locale: properties.locale ?? 'en_US',
        timeZone: properties.timeZone ?? 'Asia/Shanghai',
      },
      sheets,
      developerMetadata: meta.developerMetadata,
      sharedWith: undefined,
    };
    return new XlsxWorkbookFile(workbook, spreadsheet, baseline);
  }

  /**
   * Writes `current` (the stand-in's state of this spreadsheet) over the loaded workbook and
   * returns the bytes; with a path, also replaces that file (via a temporary file, so a crash
   * mid-write cannot leave it half written).
   */
  async save(current: StoredSpreadsheet, path?: string): Promise<Uint8Array> {
    const { workbook, baseline } = this;
    const present = new Set(current.sheets.map((sheet) => sheet.properties.sheetId ?? 0));
    for (const [sheetId, base] of baseline) {
      if (!present.has(sheetId)) {
        workbook.removeWorksheet(base.worksheet.id);
        baseline.delete(sheetId);
      }
    }
    const used = new Set([...baseline.values()].map((base) => base.worksheet.name.toLowerCase()));
    used.add(xlsxMetaSheet.NAME.toLowerCase());
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
    const names = new Map<number, string>();
    current.sheets.forEach((sheet, index) => {
      if (sheet.properties.sheetType === 'OBJECT') return;
      const sheetId = sheet.properties.sheetId ?? 0;
      const title = sheet.properties.title ?? '';
      const base = baseline.get(sheetId);
      let worksheet = base?.worksheet;
      if (!worksheet) {
        worksheet = workbook.addWorksheet(uniqueName(title));
        writeXlsxWorksheet(worksheet, sheet);
      } else if (base?.sheet !== sheet) {
        if (base?.sheet.properties.title !== title) {
          used.delete(worksheet.name.toLowerCase());
          worksheet.name = uniqueName(title);
        }
        writeXlsxWorksheet(worksheet, sheet);
      }
      worksheetOrder(worksheet, index);
      names.set(sheetId, worksheet.name);
      baseline.set(sheetId, { sheet, worksheet });
    });
    xlsxMetaSheet.write(workbook, current, names);
    const meta = workbook.getWorksheet(xlsxMetaSheet.NAME);
    if (meta) worksheetOrder(meta, current.sheets.length);
    const bytes = await writeWithValidationRanges(workbook);
    if (path) {
      const temporary = `${path}.saving`;
      await writeFile(temporary, bytes);
      await rename(temporary, path);
    }
    return bytes;
  }
}
