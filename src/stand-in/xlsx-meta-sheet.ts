import type {
  ConditionalFormatRule,
  DeveloperMetadata,
  EmbeddedChart,
  ProtectedRange,
  SheetProperties,
  SpreadsheetProperties,
} from '../sheets/sheets-api-types';
import { StoredCell } from './stored-cell';
import type { StoredSheet, StoredSpreadsheet } from './stored-spreadsheet';
import { writeXlsxCell } from './write-xlsx-cell';

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

/** A cell's text (rich text was joined when the tab was read). */
function textOf(cell: StoredCell | undefined): string {
  const value = cell === undefined ? undefined : StoredCell.entered(cell)?.stringValue;
  return value ?? '';
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

  /** The records of the meta worksheet, read as a sheet; none without one. */
  read(worksheet: StoredSheet | undefined): MetaRecords {
    const records: MetaRecords = { developerMetadata: [], sheets: new Map(), objectSheets: [] };
    if (!worksheet) return records;
    const sheetRecord = (name: string): SheetRecord => {
      const record = records.sheets.get(name) ?? emptySheetRecord();
      records.sheets.set(name, record);
      return record;
    };
    for (let r = 0; r < worksheet.grid.height; r++) {
      const row = worksheet.grid.row(r);
      const kind = textOf(row?.[0]);
      const name = textOf(row?.[1]);
      const text = textOf(row?.[2]);
      if (!text.startsWith('{')) continue;
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
    }
    return records;
  },

  /** The meta worksheet's part describing `spreadsheet`; `names` maps sheetId → worksheet name. */
  write(spreadsheet: StoredSpreadsheet, names: Map<number, string>): string {
    const rows: string[][] = [[FORMAT, '', 'Kept by the local Sheets stand-in. Do not edit.']];
    rows.push([
      'spreadsheet',
      '',
      asciiJson({ spreadsheetId: spreadsheet.spreadsheetId, properties: spreadsheet.properties }),
    ]);
    for (const metadata of spreadsheet.developerMetadata)
      rows.push(['developerMetadata', '', asciiJson(metadata)]);
    spreadsheet.sheets.forEach((sheet, index) => {
      const sheetId = sheet.properties.sheetId ?? 0;
      const name = names.get(sheetId);
      if (name === undefined) {
        rows.push([
          'objectSheet',
          '',
          asciiJson({ index, properties: sheet.properties, charts: sheet.charts }),
        ]);
        return;
      }
      rows.push(['sheet', name, asciiJson({ sheetId, title: sheet.properties.title })]);
      for (const metadata of sheet.developerMetadata)
        rows.push(['developerMetadata', name, asciiJson(metadata)]);
      for (const protectedRange of sheet.protectedRanges)
        rows.push(['protectedRange', name, asciiJson(protectedRange)]);
      for (const rule of sheet.conditionalFormats)
        rows.push(['conditionalFormat', name, asciiJson(rule)]);
      for (const chart of sheet.charts) rows.push(['chart', name, asciiJson(chart)]);
    });
    const cells = rows.map(
      (row, r) =>
        `<row r="${r + 1}">${row
          .map((text, c) =>
            writeXlsxCell(
              `${'ABC'[c]}${r + 1}`,
              text === '' ? undefined : { userEnteredValue: { stringValue: text } },
              0,
            ),
          )
          .join('')}</row>`,
    );
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      `<sheetData>${cells.join('')}</sheetData></worksheet>`
    );
  },
};
