import type ExcelJS from 'exceljs';
import type {
  ConditionalFormatRule,
  DeveloperMetadata,
  EmbeddedChart,
  ProtectedRange,
  SheetProperties,
  SpreadsheetProperties,
} from '../sheets/sheets-api-types';
import type { StoredSpreadsheet } from './stored-spreadsheet';

/**
 * Why a hidden tab: an .xlsx file has nowhere to keep Sheets-only state — sheet ids, developer
 * metadata (the sync's output-tab markers), protected ranges, conditional-format rules, charts —
 * and losing it would make the next run treat its own output tabs as staff tabs. A `veryHidden`
 * worksheet cannot be unhidden from the Excel or LibreOffice UI, so staff do not trip over it,
 * and the loader never shows it through the API. One record per row, as JSON, so no cell comes
 * near Excel's 32,767-character limit. The JSON is written in ASCII (`\u` escapes) and read
 * back from rich text too: LibreOffice re-saves text with CJK characters as rich text, one run
 * per script, and turns `veryHidden` into `hidden`.
 */
const NAME = '_dual_coverage_meta';
const FORMAT = 'dual-coverage stand-in metadata, format 1';

/** What the stand-in keeps about one worksheet. */
export interface SheetRecord {
  sheetId: number;
  title: string;
  developerMetadata: DeveloperMetadata[];
  protectedRanges: ProtectedRange[];
  conditionalFormats: ConditionalFormatRule[];
  charts: EmbeddedChart[];
}

/** A chart sheet, which has no worksheet in the file. */
export interface ObjectSheetRecord {
  index: number;
  properties: SheetProperties;
  charts: EmbeddedChart[];
}

/** Everything the meta worksheet holds. */
export interface MetaRecords {
  spreadsheetId?: string;
  properties?: SpreadsheetProperties;
  developerMetadata: DeveloperMetadata[];
  /** By worksheet name. */
  sheets: Map<string, SheetRecord>;
  objectSheets: ObjectSheetRecord[];
}

/** A cell's text, whether stored plain, shared or as rich text runs. */
function textOf(value: ExcelJS.CellValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'richText' in value)
    return value.richText.map((run) => run.text).join('');
  return '';
}

/** JSON with every non-ASCII character escaped, which no writer splits into runs. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function emptySheetRecord(): SheetRecord {
  return {
    sheetId: 0,
    title: '',
    developerMetadata: [],
    protectedRanges: [],
    conditionalFormats: [],
    charts: [],
  };
}

/** The reserved worksheet that carries Sheets-only state through an .xlsx round trip. */
export const xlsxMetaSheet = {
  NAME,

  read(workbook: ExcelJS.Workbook): MetaRecords {
    const records: MetaRecords = { developerMetadata: [], sheets: new Map(), objectSheets: [] };
    const worksheet = workbook.getWorksheet(NAME);
    if (!worksheet) return records;
    const sheetRecord = (name: string): SheetRecord => {
      const record = records.sheets.get(name) ?? emptySheetRecord();
      records.sheets.set(name, record);
      return record;
    };
    worksheet.eachRow((row) => {
      const kind = textOf(row.getCell(1).value);
      const name = textOf(row.getCell(2).value);
      const text = textOf(row.getCell(3).value);
      if (!text.startsWith('{')) return;
      const value = JSON.parse(text);
      switch (kind) {
        case 'spreadsheet':
          records.spreadsheetId = value.spreadsheetId;
          records.properties = value.properties;
          break;
        case 'sheet':
          Object.assign(sheetRecord(name), { sheetId: value.sheetId, title: value.title });
          break;
        case 'developerMetadata':
          if (name === '') records.developerMetadata.push(value);
          else sheetRecord(name).developerMetadata.push(value);
          break;
        case 'protectedRange':
          sheetRecord(name).protectedRanges.push(value);
          break;
        case 'conditionalFormat':
          sheetRecord(name).conditionalFormats.push(value);
          break;
        case 'chart':
          sheetRecord(name).charts.push(value);
          break;
        case 'objectSheet':
          records.objectSheets.push(value);
          break;
      }
    });
    return records;
  },

  /** Replaces the meta worksheet with one describing `spreadsheet`; `names` maps sheetId → worksheet name. */
  write(
    workbook: ExcelJS.Workbook,
    spreadsheet: StoredSpreadsheet,
    names: Map<number, string>,
  ): void {
    const existing = workbook.getWorksheet(NAME);
    if (existing) workbook.removeWorksheet(existing.id);
    const worksheet = workbook.addWorksheet(NAME, { state: 'veryHidden' });
    worksheet.addRow([FORMAT, '', 'Kept by the local Sheets stand-in. Do not edit.']);
    worksheet.addRow([
      'spreadsheet',
      '',
      asciiJson({
        spreadsheetId: spreadsheet.spreadsheetId,
        properties: spreadsheet.properties,
      }),
    ]);
    for (const metadata of spreadsheet.developerMetadata) {
      worksheet.addRow(['developerMetadata', '', asciiJson(metadata)]);
    }
    spreadsheet.sheets.forEach((sheet, index) => {
      const sheetId = sheet.properties.sheetId ?? 0;
      const name = names.get(sheetId);
      if (name === undefined) {
        worksheet.addRow([
          'objectSheet',
          '',
          asciiJson({ index, properties: sheet.properties, charts: sheet.charts }),
        ]);
        return;
      }
      worksheet.addRow(['sheet', name, asciiJson({ sheetId, title: sheet.properties.title })]);
      for (const metadata of sheet.developerMetadata) {
        worksheet.addRow(['developerMetadata', name, asciiJson(metadata)]);
      }
      for (const protectedRange of sheet.protectedRanges) {
        worksheet.addRow(['protectedRange', name, asciiJson(protectedRange)]);
      }
      for (const rule of sheet.conditionalFormats) {
        worksheet.addRow(['conditionalFormat', name, asciiJson(rule)]);
      }
      for (const chart of sheet.charts) worksheet.addRow(['chart', name, asciiJson(chart)]);
    });
  },
};
