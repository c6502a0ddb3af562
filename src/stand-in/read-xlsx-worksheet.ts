import { errorLiterals } from '../sheets/error-literals';
import type {
  CellData,
  DimensionProperties,
  ExtendedValue,
  GridRange,
  NumberFormat,
} from '../sheets/sheets-api-types';
import { CellGrid } from './cell-grid';
import { createStoredSheet } from './create-stored-sheet';
import { shiftFormula } from './shift-formula';
import { StoredCell } from './stored-cell';
import type { StoredSheet } from './stored-spreadsheet';
import { UNCOMPUTED_FORMULA } from './uncomputed-formula';
import { xlsxColors } from './xlsx-colors';
import { type XlsxValidation, xlsxDataValidations } from './xlsx-data-validations';
import type { XlsxNote } from './xlsx-notes';
import { xlsxRichText } from './xlsx-rich-text';
import type { XlsxStyles } from './xlsx-styles';
import { xlsxWorksheetGeometry } from './xlsx-worksheet-geometry';
import { XmlScanner } from './xml-scanner';

/** A worksheet part and what it needs from the rest of the package. */
export interface XlsxWorksheetSource {
  xml: string;
  sheetId: number;
  title: string;
  hidden: boolean;
  /** The shared strings part, by index. */
  strings: readonly string[];
  styles: XlsxStyles;
  notes: readonly XlsxNote[];
  /** Whether the workbook counts dates from 1904 (old Mac Excel). */
  date1904: boolean;
  malformed: () => Error;
}

type Row = Array<StoredCell | undefined>;

// An imported tab gets at least Google's default grid of 1000 × 26.
const MIN_ROWS = 1000;
const MIN_COLUMNS = 26;
const DEFAULT_DATE: NumberFormat = { type: 'DATE', pattern: 'yyyy-mm-dd' };
/** Days from 1900-01-00 to 1904-01-01: a 1904-based serial plus this is a 1900-based one. */
const DAYS_1900_TO_1904 = 1462;
const EPOCH_MS = Date.UTC(1899, 11, 30);
const A = 0x41;
const Z = 0x5a;

function dimension(pixels: number | undefined, hidden: boolean): DimensionProperties | undefined {
  if (pixels === undefined && !hidden) return undefined;
  const properties: DimensionProperties = {};
  if (pixels !== undefined) properties.pixelSize = pixels;
  if (hidden) properties.hiddenByUser = true;
  return properties;
}

function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

/** The 0-based column of a cell reference (`AB12`) starting at `at` in `xml`. */
function columnAt(xml: string, at: number): number {
  let column = 0;
  for (let code = xml.charCodeAt(at); code >= A && code <= Z; code = xml.charCodeAt(++at))
    column = column * 26 + (code - A + 1);
  return column - 1;
}

/** The non-negative integer written at `at` (an `s="12"` value), or 0. */
function integerAt(xml: string, at: number): number {
  let value = 0;
  for (let code = xml.charCodeAt(at); code >= 0x30 && code <= 0x39; code = xml.charCodeAt(++at))
    value = value * 10 + (code - 0x30);
  return value;
}

/** A shared formula's master: its formula and where it stands. */
interface SharedFormula {
  formula: string;
  row: number;
  column: number;
}

/**
 * A worksheet part as a stand-in sheet: typed cells (dates as serials, formulas with their saved
 * result, error cells as errorValue, rich text as plain text), the style each cell shows (see
 * XlsxStyles), notes, validations, merges (merged-away cells read as empty), grid size, frozen
 * rows and columns, tab colour, visibility, column widths and row heights. Read in one pass over
 * the XML, without a model of the whole workbook.
 */
export function readXlsxWorksheet(source: XlsxWorksheetSource): StoredSheet {
  const { xml, styles, strings, malformed } = source;
  const scanner = new XmlScanner(xml, malformed);
  const rows: Array<Row | undefined> = [];
  const rowMetadata: Array<DimensionProperties | undefined> = [];
  const columnRanges: Array<{ min: number; max: number; pixels?: number; hidden: boolean }> = [];
  const merges: GridRange[] = [];
  let validations: XlsxValidation[] = [];
  const shared = new Map<string, SharedFormula>();
  let tabColor: string | undefined;
  let frozenRows = 0;
  let frozenColumns = 0;
  let lastRow = -1;
  let lastColumn = -1;
  let viewSeen = false;

  const unstyled = styles.style(0);
  /** A `<c>` as a stored cell: its type (`t`), `<v>`, formula, inline string and style. */
  const cellOf = (
    type: string | undefined,
    value: string | undefined,
    formula: string | undefined,
    inline: string | undefined,
    s: number,
  ): StoredCell | undefined => {
    const style = s === 0 ? unstyled : styles.style(s);
    // Most cells are a plain literal, kept as the bare value (see StoredCell).
    let plain: string | number | boolean | undefined;
    let error: ExtendedValue | undefined;
    let date = false;
    switch (type) {
      case 's': {
        const text = strings[Number(value)] ?? '';
        if (text !== '') plain = text;
        break;
      }
      case 'inlineStr':
        if (inline) plain = inline;
        break;
      case 'str':
        if (value !== undefined && (value !== '' || formula !== undefined)) plain = value;
        break;
      case 'b':
        if (value) plain = value === '1' || value === 'true';
        break;
      case 'e':
        if (value)
          error = { errorValue: { type: errorLiterals.type(value) ?? 'ERROR', message: value } };
        break;
      case 'd': {
        // An ISO 8601 date, as some writers save date cells; a time without a zone is UTC.
        const text = value ?? '';
        const time = Date.parse(/T[^Z+-]*$/.test(text) ? `${text}Z` : text);
        if (!Number.isNaN(time)) plain = (time - EPOCH_MS) / 86_400_000;
        date = true;
        break;
      }
      default:
        if (value) {
          const number = Number(value);
          plain = source.date1904 && style.date ? number + DAYS_1900_TO_1904 : number;
        }
    }
    let format = style.format;
    if (date && !format?.numberFormat) format = { ...format, numberFormat: DEFAULT_DATE };
    if (formula === undefined && error === undefined && format === undefined) return plain;
    const result = error ?? (plain === undefined ? undefined : StoredCell.plainValue(plain));
    const data: CellData = {};
    if (formula !== undefined) {
      data.userEnteredValue = { formulaValue: `=${formula}` };
      data.effectiveValue = result ?? UNCOMPUTED_FORMULA;
    } else if (result) {
      data.userEnteredValue = result;
      data.effectiveValue = result;
    }
    if (format) data.userEnteredFormat = format;
    return data;
  };

  const readRow = (rowIndex: number) => {
    const depth = scanner.depth;
    let column = -1;
    let cells: Row | undefined;
    while (scanner.next() && scanner.depth > depth) {
      if (scanner.closing || !scanner.is('c')) continue;
      const ref = scanner.valueStart('r');
      column = ref >= 0 ? columnAt(xml, ref) : column + 1;
      const styleAt = scanner.valueStart('s');
      const s = styleAt >= 0 ? integerAt(xml, styleAt) : 0;
      const type = scanner.attribute('t');
      let formula: string | undefined;
      let inline: string | undefined;
      // Most cells are `<c …><v>…</v></c>`: read without tokenising the `<v>`.
      let value = scanner.leafText('v');
      if (!scanner.selfClosing) {
        const cellDepth = scanner.depth;
        while (scanner.next() && scanner.depth > cellDepth) {
          if (scanner.closing) continue;
          if (scanner.is('v')) value = scanner.text();
          else if (scanner.is('is')) inline = xlsxRichText(scanner);
          else if (scanner.is('f')) {
            const kind = scanner.attribute('t');
            const si = scanner.attribute('si');
            const text = scanner.text();
            if (kind === 'shared' && si !== undefined) {
              const master = shared.get(si);
              if (text !== '') {
                shared.set(si, { formula: text, row: rowIndex, column });
                formula = text;
              } else if (master) {
                formula = shiftFormula(
                  master.formula,
                  rowIndex - master.row,
                  column - master.column,
                );
              }
            } else if (kind !== 'dataTable' && text !== '') formula = text;
          } else scanner.skip();
        }
      }
      if (column > lastColumn) lastColumn = column;
      const cell = cellOf(type, value, formula, inline, s);
      if (cell !== undefined) {
        cells ??= [];
        cells[column] = cell;
      }
    }
    if (cells) rows[rowIndex] = cells;
  };

  while (scanner.next()) {
    if (scanner.closing || scanner.depth !== 1) continue;
    switch (scanner.name) {
      case 'sheetPr':
        scanner.within(() => {
          if (scanner.is('tabColor')) tabColor = scanner.attribute('rgb');
        });
        break;
      case 'sheetViews':
        scanner.within(() => {
          if (scanner.is('sheetView')) {
            // The first view is the one apps open with.
            if (viewSeen) scanner.skip();
            viewSeen = true;
          } else if (scanner.is('pane') && scanner.attribute('state') === 'frozen') {
            frozenRows = Number(scanner.attribute('ySplit') ?? 0);
            frozenColumns = Number(scanner.attribute('xSplit') ?? 0);
          }
        });
        break;
      case 'cols':
        scanner.within(() => {
          if (!scanner.is('col')) return;
          const width = scanner.attribute('width');
          columnRanges.push({
            min: Number(scanner.attribute('min') ?? 1) - 1,
            max: Number(scanner.attribute('max') ?? 1),
            ...(width === undefined
              ? {}
              : { pixels: xlsxWorksheetGeometry.columnPixels(Number.parseFloat(width)) }),
            hidden: isTrue(scanner.attribute('hidden')),
          });
        });
        break;
      case 'sheetData': {
        const depth = scanner.depth;
        if (scanner.selfClosing) break;
        let rowIndex = -1;
        while (scanner.next() && scanner.depth > depth) {
          if (scanner.closing || !scanner.is('row')) continue;
          const r = scanner.valueStart('r');
          rowIndex = r >= 0 ? integerAt(xml, r) - 1 : rowIndex + 1;
          const height = scanner.attribute('ht');
          rowMetadata[rowIndex] = dimension(
            height === undefined
              ? undefined
              : xlsxWorksheetGeometry.rowPixels(Number.parseFloat(height)),
            isTrue(scanner.attribute('hidden')),
          );
          if (rowIndex > lastRow) lastRow = rowIndex;
          if (!scanner.selfClosing) readRow(rowIndex);
        }
        break;
      }
      case 'mergeCells':
        scanner.within(() => {
          const match = scanner.is('mergeCell')
            ? /^\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/.exec(scanner.attribute('ref') ?? '')
            : null;
          if (!match) return;
          merges.push({
            ...(source.sheetId === 0 ? {} : { sheetId: source.sheetId }),
            startRowIndex: Number(match[2]) - 1,
            endRowIndex: Number(match[4]),
            startColumnIndex: columnAt(match[1] as string, 0),
            endColumnIndex: columnAt(match[3] as string, 0) + 1,
          });
        });
        break;
      case 'dataValidations':
        validations = xlsxDataValidations.read(scanner);
        break;
      default:
        scanner.skip();
    }
  }

  // Merged-away cells show nothing, whatever the file holds there.
  for (const merge of merges) {
    for (let r = merge.startRowIndex ?? 0; r < (merge.endRowIndex ?? 0); r++) {
      const cells = rows[r];
      if (!cells) continue;
      for (let c = merge.startColumnIndex ?? 0; c < (merge.endColumnIndex ?? 0); c++)
        if (r !== merge.startRowIndex || c !== merge.startColumnIndex) cells[c] = undefined;
    }
  }
  const addTo = (row: number, column: number, part: CellData) => {
    const cells = rows[row] ?? [];
    rows[row] = cells;
    const current = cells[column];
    cells[column] = { ...(current === undefined ? {} : StoredCell.expand(current)), ...part };
  };
  for (const note of source.notes) {
    if (!note.text) continue;
    addTo(note.row, note.column, { note: note.text });
    lastRow = Math.max(lastRow, note.row);
    lastColumn = Math.max(lastColumn, note.column);
  }
  const rowCount = Math.max(MIN_ROWS, lastRow + 1);
  const columnCount = Math.max(MIN_COLUMNS, lastColumn + 1);
  // Validations live apart from cells: a template's drop-downs usually sit on rows still empty.
  for (const { boxes, rule } of validations) {
    if (!rule) continue;
    for (const box of boxes)
      for (let r = box.top; r < Math.min(box.bottom, rowCount); r++)
        for (let c = box.left; c < Math.min(box.right, columnCount); c++)
          addTo(r, c, { dataValidation: rule });
  }

  const background = xlsxColors.fromArgb(tabColor);
  const sheet = createStoredSheet({
    sheetId: source.sheetId,
    title: source.title,
    gridProperties: {
      rowCount,
      columnCount,
      ...(frozenRows ? { frozenRowCount: frozenRows } : {}),
      ...(frozenColumns ? { frozenColumnCount: frozenColumns } : {}),
    },
    ...(source.hidden ? { hidden: true } : {}),
    ...(background ? { tabColorStyle: { rgbColor: background } } : {}),
  });
  sheet.grid = new CellGrid(rows);
  sheet.rowMetadata = rowMetadata;
  for (const range of columnRanges) {
    for (let c = range.min; c < Math.min(range.max, columnCount); c++)
      sheet.columnMetadata[c] = dimension(range.pixels, range.hidden);
  }
  sheet.merges = merges;
  return sheet;
}
