import type {
  ConditionalFormatRule,
  DeveloperMetadata,
  DimensionProperties,
  EmbeddedChart,
  GridRange,
  ProtectedRange,
  SheetProperties,
  SpreadsheetProperties,
} from '../sheets/sheets-api-types';
import type { CellGrid } from './cell-grid';

/**
 * One sheet (tab) as the stand-in keeps it. Committed sheets are never mutated: a write works on a
 * copy (see SpreadsheetDraft), so object identity tells whether a sheet changed.
 */
export interface StoredSheet {
  /**
   * sheetId, title, sheetType, gridProperties (rowCount, columnCount, frozen…), hidden,
   * tabColorStyle. No index: the sheet's position in StoredSpreadsheet.sheets is its index, so
   * moving one sheet does not count as changing the others.
   */
  properties: SheetProperties;
  grid: CellGrid;
  /** Sparse, by row index: pixelSize and hiddenByUser. */
  rowMetadata: Array<DimensionProperties | undefined>;
  /** Sparse, by column index: pixelSize and hiddenByUser. */
  columnMetadata: Array<DimensionProperties | undefined>;
  merges: GridRange[];
  protectedRanges: ProtectedRange[];
  conditionalFormats: ConditionalFormatRule[];
  charts: EmbeddedChart[];
  /** Metadata located on this sheet or on one of its rows or columns. */
  developerMetadata: DeveloperMetadata[];
}

/** One spreadsheet as the stand-in keeps it; replaced as a whole when a write commits. */
export interface StoredSpreadsheet {
  spreadsheetId: string;
  properties: SpreadsheetProperties;
  /** In index order. */
  sheets: StoredSheet[];
  /** Metadata located on the spreadsheet itself. */
  developerMetadata: DeveloperMetadata[];
  /** E-mails allowed to read and write it (editors); undefined lets every authenticated caller in. */
  sharedWith: string[] | undefined;
  /** E-mails that may read it but not write (viewers); only counted when `sharedWith` is set. */
  viewers?: string[];
}
