/**
 * The subset of the Google Sheets API v4 resources that dual-coverage sends and reads.
 * Names and shapes follow the official discovery document (revision 20260213); every
 * field is optional on the wire because proto3 JSON omits defaults (see
 * ../shared/reference/sheets-api-behaviour.md §0.2).
 */

export interface Color {
  red?: number;
  green?: number;
  blue?: number;
  alpha?: number;
}

export interface ColorStyle {
  rgbColor?: Color;
  themeColor?: string;
}

export interface TextFormat {
  bold?: boolean;
  italic?: boolean;
  strikethrough?: boolean;
  underline?: boolean;
  fontSize?: number;
  fontFamily?: string;
  foregroundColor?: Color;
  foregroundColorStyle?: ColorStyle;
}

export interface NumberFormat {
  type?:
    | 'NUMBER_FORMAT_TYPE_UNSPECIFIED'
    | 'TEXT'
    | 'NUMBER'
    | 'PERCENT'
    | 'CURRENCY'
    | 'DATE'
    | 'TIME'
    | 'DATE_TIME'
    | 'SCIENTIFIC';
  pattern?: string;
}

export interface CellFormat {
  numberFormat?: NumberFormat;
  backgroundColor?: Color;
  backgroundColorStyle?: ColorStyle;
  horizontalAlignment?: 'HORIZONTAL_ALIGN_UNSPECIFIED' | 'LEFT' | 'CENTER' | 'RIGHT';
  verticalAlignment?: 'VERTICAL_ALIGN_UNSPECIFIED' | 'TOP' | 'MIDDLE' | 'BOTTOM';
  wrapStrategy?: 'WRAP_STRATEGY_UNSPECIFIED' | 'OVERFLOW_CELL' | 'LEGACY_WRAP' | 'CLIP' | 'WRAP';
  textFormat?: TextFormat;
}

export interface ErrorValue {
  type?:
    | 'ERROR_TYPE_UNSPECIFIED'
    | 'ERROR'
    | 'NULL_VALUE'
    | 'DIVIDE_BY_ZERO'
    | 'VALUE'
    | 'REF'
    | 'NAME'
    | 'NUM'
    | 'N_A'
    | 'LOADING';
  message?: string;
}

/** Exactly one member is set. */
export interface ExtendedValue {
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  formulaValue?: string;
  errorValue?: ErrorValue;
}

export interface ConditionValue {
  userEnteredValue?: string;
  relativeDate?: string;
}

export interface BooleanCondition {
  type?: string;
  values?: ConditionValue[];
}

export interface DataValidationRule {
  condition?: BooleanCondition;
  inputMessage?: string;
  strict?: boolean;
  showCustomUi?: boolean;
}

export interface CellData {
  userEnteredValue?: ExtendedValue;
  effectiveValue?: ExtendedValue;
  formattedValue?: string;
  userEnteredFormat?: CellFormat;
  effectiveFormat?: CellFormat;
  note?: string;
  dataValidation?: DataValidationRule;
}

export interface RowData {
  values?: CellData[];
}

export interface DimensionProperties {
  pixelSize?: number;
  hiddenByUser?: boolean;
  hiddenByFilter?: boolean;
  /** Metadata located on this one row or column. */
  developerMetadata?: DeveloperMetadata[];
}

export interface GridData {
  startRow?: number;
  startColumn?: number;
  rowData?: RowData[];
  rowMetadata?: DimensionProperties[];
  columnMetadata?: DimensionProperties[];
}

export interface GridProperties {
  rowCount?: number;
  columnCount?: number;
  frozenRowCount?: number;
  frozenColumnCount?: number;
  hideGridlines?: boolean;
}

export interface SheetProperties {
  sheetId?: number;
  title?: string;
  index?: number;
  sheetType?: 'SHEET_TYPE_UNSPECIFIED' | 'GRID' | 'OBJECT' | 'DATA_SOURCE';
  gridProperties?: GridProperties;
  hidden?: boolean;
  tabColor?: Color;
  tabColorStyle?: ColorStyle;
  rightToLeft?: boolean;
}

/** A missing sheetId means sheet 0 (proto3 omits zero); a missing index means unbounded. */
export interface GridRange {
  sheetId?: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

export interface GridCoordinate {
  sheetId?: number;
  rowIndex?: number;
  columnIndex?: number;
}

export interface DimensionRange {
  sheetId?: number;
  dimension?: 'DIMENSION_UNSPECIFIED' | 'ROWS' | 'COLUMNS';
  startIndex?: number;
  endIndex?: number;
}

export interface DeveloperMetadataLocation {
  locationType?:
    | 'DEVELOPER_METADATA_LOCATION_TYPE_UNSPECIFIED'
    | 'ROW'
    | 'COLUMN'
    | 'SHEET'
    | 'SPREADSHEET';
  spreadsheet?: boolean;
  sheetId?: number;
  dimensionRange?: DimensionRange;
}

export interface DeveloperMetadata {
  metadataId?: number;
  metadataKey?: string;
  metadataValue?: string;
  location?: DeveloperMetadataLocation;
  visibility?: 'DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED' | 'DOCUMENT' | 'PROJECT';
}

export interface Editors {
  users?: string[];
  groups?: string[];
  domainUsersCanEdit?: boolean;
}

export interface ProtectedRange {
  protectedRangeId?: number;
  range?: GridRange;
  description?: string;
  warningOnly?: boolean;
  requestingUserCanEdit?: boolean;
  editors?: Editors;
  unprotectedRanges?: GridRange[];
}

export interface ConditionalFormatRule {
  ranges?: GridRange[];
  booleanRule?: { condition?: BooleanCondition; format?: CellFormat };
  gradientRule?: Record<string, unknown>;
}

/** Charts are passed through as the API defines them; we only build a few basic charts. */
export interface EmbeddedChart {
  chartId?: number;
  spec?: Record<string, unknown>;
  position?: Record<string, unknown>;
  border?: Record<string, unknown>;
}

export interface Sheet {
  properties?: SheetProperties;
  data?: GridData[];
  merges?: GridRange[];
  conditionalFormats?: ConditionalFormatRule[];
  protectedRanges?: ProtectedRange[];
  developerMetadata?: DeveloperMetadata[];
  charts?: EmbeddedChart[];
}

export interface SpreadsheetProperties {
  title?: string;
  locale?: string;
  timeZone?: string;
  autoRecalc?: string;
}

export interface Spreadsheet {
  spreadsheetId?: string;
  properties?: SpreadsheetProperties;
  sheets?: Sheet[];
  developerMetadata?: DeveloperMetadata[];
  spreadsheetUrl?: string;
}

/**
 * A range of values as `values:batchGet` returns it: rows of cells, trailing empty cells and
 * rows dropped, interior empty cells `""`, no `values` at all when the range holds nothing.
 * With UNFORMATTED_VALUE a cell is a number (dates as serials), a boolean or a string (error
 * cells as their literal, e.g. `#DIV/0!`).
 */
export interface ValueRange {
  /** The requested range, normalised and bounded to the grid, e.g. `'委员'!A1:H1000`. */
  range?: string;
  majorDimension?: 'DIMENSION_UNSPECIFIED' | 'ROWS' | 'COLUMNS';
  values?: (string | number | boolean)[][];
}

/** The answer of `values:batchGet`: one ValueRange per requested range, in order. */
export interface BatchGetValuesResponse {
  spreadsheetId?: string;
  valueRanges?: ValueRange[];
}

/** One `spreadsheets:batchUpdate` request; exactly one member is set. */
export interface Request {
  addSheet?: { properties?: SheetProperties };
  deleteSheet?: { sheetId?: number };
  updateSheetProperties?: { properties?: SheetProperties; fields?: string };
  updateSpreadsheetProperties?: { properties?: SpreadsheetProperties; fields?: string };
  updateCells?: { rows?: RowData[]; fields?: string; range?: GridRange; start?: GridCoordinate };
  repeatCell?: { range?: GridRange; cell?: CellData; fields?: string };
  appendCells?: { sheetId?: number; rows?: RowData[]; fields?: string };
  insertDimension?: { range?: DimensionRange; inheritFromBefore?: boolean };
  deleteDimension?: { range?: DimensionRange };
  updateDimensionProperties?: {
    range?: DimensionRange;
    properties?: DimensionProperties;
    fields?: string;
  };
  createDeveloperMetadata?: { developerMetadata?: DeveloperMetadata };
  deleteDeveloperMetadata?: { dataFilter?: Record<string, unknown> };
  addProtectedRange?: { protectedRange?: ProtectedRange };
  addConditionalFormatRule?: { rule?: ConditionalFormatRule; index?: number };
  deleteConditionalFormatRule?: { sheetId?: number; index?: number };
  setDataValidation?: { range?: GridRange; rule?: DataValidationRule };
  addChart?: { chart?: EmbeddedChart };
  updateChartSpec?: { chartId?: number; spec?: Record<string, unknown> };
  deleteEmbeddedObject?: { objectId?: number };
  mergeCells?: { range?: GridRange; mergeType?: 'MERGE_ALL' | 'MERGE_COLUMNS' | 'MERGE_ROWS' };
  unmergeCells?: { range?: GridRange };
}

/** One reply of `spreadsheets:batchUpdate`; `{}` for kinds without a reply. */
export interface Response {
  addSheet?: { properties?: SheetProperties };
  addChart?: { chart?: EmbeddedChart };
  addProtectedRange?: { protectedRange?: ProtectedRange };
  createDeveloperMetadata?: { developerMetadata?: DeveloperMetadata };
  deleteDeveloperMetadata?: { deletedDeveloperMetadata?: DeveloperMetadata[] };
  deleteConditionalFormatRule?: { rule?: ConditionalFormatRule };
}

export interface BatchUpdateSpreadsheetRequest {
  requests?: Request[];
  includeSpreadsheetInResponse?: boolean;
  responseRanges?: string[];
  responseIncludeGridData?: boolean;
}

export interface BatchUpdateSpreadsheetResponse {
  spreadsheetId?: string;
  replies?: Response[];
  updatedSpreadsheet?: Spreadsheet;
}
