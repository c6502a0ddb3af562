/** Why an .xlsx file could not be read; each shell says it in its users' words. */
export type XlsxReadErrorCode =
  /** Not a zip package at all: a .csv, a web page saved as .xls, a text file. */
  | 'NOT_XLSX'
  /** An Office 97–2003 .xls workbook. */
  | 'LEGACY_XLS'
  /** A workbook with an opening password (an encrypted OLE container). */
  | 'ENCRYPTED'
  /** A zip package that cannot be opened: cut short, or damaged. */
  | 'DAMAGED'
  /** A zip package without a workbook part: a .docx, a .pptx, an .xlsb. */
  | 'NOT_SPREADSHEET'
  /** A workbook one of whose parts the reader cannot parse. */
  | 'UNREADABLE_PART';

/** The parts of a workbook a reader can fail on, for UNREADABLE_PART. */
export type XlsxPart =
  | 'workbook'
  | 'worksheet'
  | 'sharedStrings'
  | 'styles'
  | 'comments'
  | 'drawings'
  | 'tables'
  | 'theme'
  | 'other';

/** An .xlsx file that could not be read, with a stable code and, where known, the part. */
export class XlsxReadError extends Error {
  override readonly name = 'XlsxReadError';
  constructor(
    readonly code: XlsxReadErrorCode,
    readonly part?: XlsxPart,
    /** The tab, when the part is a worksheet whose name is known. */
    readonly sheet?: string,
  ) {
    super(part ? `${code}: cannot read the ${part} part${sheet ? ` of ${sheet}` : ''}` : code);
  }
}
