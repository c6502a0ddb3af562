import { findPrintSetup, type PrintSetup } from '../sheets/print-setup';
import type { DimensionProperties } from '../sheets/sheets-api-types';
import { columnNames } from './column-names';
import { StoredCell } from './stored-cell';
import type { StoredSheet } from './stored-spreadsheet';
import { writeXlsxCell } from './write-xlsx-cell';
import { xlsxColors } from './xlsx-colors';
import { type ValidatedCell, xlsxDataValidations } from './xlsx-data-validations';
import type { XlsxStyles } from './xlsx-styles';
import { xlsxWorksheetGeometry } from './xlsx-worksheet-geometry';
import { type XmlChild, XmlChildren } from './xml-children';
import { encodeXml, XmlScanner, xmlAttributes } from './xml-scanner';

/** What a save writes a worksheet part from. */
export interface XlsxWorksheetWrite {
  sheet: StoredSheet;
  /** The part as the package holds it and the sheet read from it; absent for a new tab. */
  original?: { xml: string; sheet: StoredSheet };
  styles: XlsxStyles;
  /**
   * The relationship id of the notes' VML drawing: a string for new notes, null when the tab
   * has none any more, undefined to keep the part's own `<legacyDrawing>`.
   */
  legacyDrawing?: string | null;
}

/** The elements of a worksheet part in the order the schema requires them. */
const ORDER = [
  'sheetPr',
  'dimension',
  'sheetViews',
  'sheetFormatPr',
  'cols',
  'sheetData',
  'sheetCalcPr',
  'sheetProtection',
  'protectedRanges',
  'scenarios',
  'autoFilter',
  'sortState',
  'dataConsolidate',
  'customSheetViews',
  'mergeCells',
  'phoneticPr',
  'conditionalFormatting',
  'dataValidations',
  'hyperlinks',
  'printOptions',
  'pageMargins',
  'pageSetup',
  'headerFooter',
  'rowBreaks',
  'colBreaks',
  'customProperties',
  'cellWatches',
  'ignoredErrors',
  'smartTags',
  'drawing',
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
];

const NEW_WORKSHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<sheetData/></worksheet>';
const DEFAULT_MARGINS =
  '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';

/** A cell of the part as written: its column, style and where its element lies. */
interface PartCell {
  column: number;
  style: number;
  start: number;
  end: number;
}

/** A row of the part as written. */
interface PartRow {
  start: number;
  /** One past the `>` of its start tag. */
  openEnd: number;
  end: number;
  cells: PartCell[];
}

/** A worksheet part taken apart: its top-level elements and its rows. */
interface PartLayout {
  xml: string;
  elements: XmlChildren;
  rows: Map<number, PartRow>;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

function layoutOf(xml: string): PartLayout {
  const scanner = new XmlScanner(
    xml,
    () => new Error('a worksheet part the stand-in wrote is malformed'),
  );
  const rows = new Map<number, PartRow>();
  const children: XmlChild[] = [];
  let bodyStart = 0;
  let bodyEnd = 0;
  while (scanner.next()) {
    if (scanner.depth === 0) {
      if (scanner.closing) bodyEnd = scanner.start;
      else bodyStart = scanner.end;
      continue;
    }
    if (scanner.closing || scanner.depth !== 1) continue;
    const start = scanner.start;
    const name = scanner.name;
    if (name === 'sheetData' && !scanner.selfClosing) {
      let rowIndex = -1;
      while (scanner.next() && scanner.depth > 1) {
        if (scanner.closing || !scanner.is('row')) continue;
        const r = scanner.attribute('r');
        rowIndex = r === undefined ? rowIndex + 1 : Number(r) - 1;
        const row: PartRow = {
          start: scanner.start,
          openEnd: scanner.end,
          end: scanner.end,
          cells: [],
        };
        if (!scanner.selfClosing) {
          let column = -1;
          while (scanner.next() && scanner.depth > 2) {
            if (scanner.closing || !scanner.is('c')) continue;
            const ref = scanner.attribute('r');
            column = ref === undefined ? column + 1 : columnNames.index(ref.replace(/\d+$/, ''));
            const cell: PartCell = {
              column,
              style: Number(scanner.attribute('s') ?? 0),
              start: scanner.start,
              end: 0,
            };
            scanner.skip();
            cell.end = scanner.end;
            row.cells.push(cell);
          }
          row.end = scanner.end;
        }
        rows.set(rowIndex, row);
      }
    } else scanner.skip();
    children.push({ name, start, end: scanner.end });
  }
  return { xml, elements: new XmlChildren(xml, bodyStart, bodyEnd, children), rows };
}

/** A cell element as written, with the `r` it may lack (its place was implied). */
function withRef(xml: string, ref: string): string {
  return /^<c\s[^>]*\br="/.test(xml) ? xml : xml.replace(/^<c\b/, `<c r="${ref}"`);
}

function rowXml(
  write: XlsxWorksheetWrite,
  layout: PartLayout,
  r: number,
  columnCount: number,
  extent: { rows: number; columns: number },
): string {
  const { sheet, original, styles } = write;
  const current = sheet.grid.row(r);
  const base = original?.sheet.grid.row(r);
  const part = layout.rows.get(r);
  const dimension = sheet.rowMetadata[r];
  const sameDimension = same(dimension, original?.sheet.rowMetadata[r]);
  const lastPartColumn = part?.cells.at(-1)?.column ?? -1;
  if (part && current === base && sameDimension && lastPartColumn < columnCount) {
    if (part.cells.length > 0) {
      extent.rows = r + 1;
      extent.columns = Math.max(extent.columns, lastPartColumn + 1);
    }
    const xml = layout.xml.slice(part.start, part.end);
    return /^<row\s[^>]*\br="/.test(xml) ? xml : xml.replace(/^<row\b/, `<row r="${r + 1}"`);
  }
  const cells: string[] = [];
  const width = Math.min(columnCount, Math.max(current?.length ?? 0, lastPartColumn + 1));
  const partCells = new Map(part?.cells.map((cell) => [cell.column, cell]));
  for (let c = 0; c < width; c++) {
    const stored = current?.[c];
    const partCell = partCells.get(c);
    const ref = `${columnNames.letters(c)}${r + 1}`;
    let xml: string;
    if (partCell && stored === base?.[c])
      xml = withRef(layout.xml.slice(partCell.start, partCell.end), ref);
    else if (stored === undefined && base?.[c] === undefined) continue;
    else {
      const data = stored === undefined ? undefined : StoredCell.expand(stored);
      xml = writeXlsxCell(ref, data, styles.derive(partCell?.style ?? 0, data?.userEnteredFormat));
    }
    if (xml === '') continue;
    cells.push(xml);
    extent.columns = Math.max(extent.columns, c + 1);
  }
  if (cells.length === 0 && !dimension && !part) return '';
  if (cells.length > 0) extent.rows = r + 1;
  const attributes = (
    part ? XmlScanner.attributesOf(layout.xml.slice(part.start, part.openEnd)) : []
  ).filter(([name]) => !['r', 'spans', 'ht', 'customHeight', 'hidden'].includes(name));
  attributes.unshift(['r', String(r + 1)]);
  if (dimension?.pixelSize !== undefined)
    attributes.push(
      ['ht', String(xlsxWorksheetGeometry.rowHeight(dimension.pixelSize))],
      ['customHeight', '1'],
    );
  if (dimension?.hiddenByUser) attributes.push(['hidden', '1']);
  const open = `<row${xmlAttributes(attributes)}`;
  return cells.length === 0 ? `${open}/>` : `${open}>${cells.join('')}</row>`;
}

function sheetDataXml(write: XlsxWorksheetWrite, layout: PartLayout): { xml: string; ref: string } {
  const { sheet } = write;
  const grid = sheet.properties.gridProperties ?? {};
  const rowCount = grid.rowCount ?? 0;
  const columnCount = grid.columnCount ?? 0;
  const indices = new Set<number>(layout.rows.keys());
  for (let r = 0; r < sheet.grid.height; r++) if (sheet.grid.row(r)) indices.add(r);
  sheet.rowMetadata.forEach((dimension, r) => {
    if (dimension) indices.add(r);
  });
  const extent = { rows: 0, columns: 0 };
  const rows: string[] = [];
  // Rows past a grid the API shrank are gone in Sheets; they go from the file too.
  for (const r of [...indices].sort((a, b) => a - b))
    if (r < rowCount) rows.push(rowXml(write, layout, r, columnCount, extent));
  const ref =
    extent.rows === 0
      ? 'A1'
      : `A1:${columnNames.letters(Math.max(extent.columns, 1) - 1)}${extent.rows}`;
  return { xml: `<sheetData>${rows.join('')}</sheetData>`, ref };
}

/** The child elements of an element as written, by name. */
function childrenOf(xml: string): { open: string; children: Array<{ name: string; xml: string }> } {
  const scanner = new XmlScanner(xml, () => new Error(xml));
  scanner.next();
  const open = xml.slice(0, scanner.end);
  const children: Array<{ name: string; xml: string }> = [];
  if (scanner.selfClosing) return { open: open.replace(/\s*\/>$/, '>'), children };
  while (scanner.next() && scanner.depth > 0) {
    if (scanner.closing) continue;
    const start = scanner.start;
    const name = scanner.name;
    scanner.skip();
    children.push({ name, xml: xml.slice(start, scanner.end) });
  }
  return { open, children };
}

function sheetPrXml(
  sheet: StoredSheet,
  existing: string | undefined,
  setup: PrintSetup | undefined,
): string {
  const { open, children } = existing ? childrenOf(existing) : { open: '<sheetPr>', children: [] };
  const tab = sheet.properties.tabColorStyle?.rgbColor ?? sheet.properties.tabColor;
  const kept = (name: string) => children.find((child) => child.name === name)?.xml ?? '';
  let pageSetUpPr = kept('pageSetUpPr');
  if (setup) {
    const attributes = pageSetUpPr ? XmlScanner.attributesOf(pageSetUpPr) : [];
    pageSetUpPr = `<pageSetUpPr${xmlAttributes([...attributes.filter(([name]) => name !== 'fitToPage'), ['fitToPage', '1']])}/>`;
  }
  const inner = `${tab ? `<tabColor rgb="${xlsxColors.toArgb(tab)}"/>` : ''}${kept('outlinePr')}${pageSetUpPr}`;
  const attributes = open.slice('<sheetPr'.length, -1).trim();
  if (inner === '' && attributes === '') return '';
  return inner === '' ? `<sheetPr ${attributes}/>` : `${open}${inner}</sheetPr>`;
}

function sheetViewsXml(sheet: StoredSheet, existing: string | undefined): string {
  const grid = sheet.properties.gridProperties ?? {};
  const rows = grid.frozenRowCount ?? 0;
  const columns = grid.frozenColumnCount ?? 0;
  let pane = '';
  if (rows || columns) {
    const activePane = rows && columns ? 'bottomRight' : rows ? 'bottomLeft' : 'topRight';
    const topLeft = `${columnNames.letters(columns)}${rows + 1}`;
    pane = `<pane${columns ? ` xSplit="${columns}"` : ''}${rows ? ` ySplit="${rows}"` : ''} topLeftCell="${topLeft}" activePane="${activePane}" state="frozen"/>`;
  }
  if (!existing)
    return `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>`;
  const { open, children } = childrenOf(existing);
  const [first, ...others] = children;
  if (!first) return `${open}<sheetView workbookViewId="0">${pane}</sheetView></sheetViews>`;
  const view = childrenOf(first.xml);
  // The old pane's selections name panes that may be gone; the app starts at the top left.
  const kept = view.children.filter((child) => child.name !== 'pane' && child.name !== 'selection');
  return `${open}${view.open}${pane}${kept.map((c) => c.xml).join('')}</sheetView>${others.map((c) => c.xml).join('')}</sheetViews>`;
}

/** One `<col>` per run of columns alike; widths and hidden columns from the sheet, anything else as it was. */
function colsXml(sheet: StoredSheet, existing: string | undefined): string {
  const columnCount = sheet.properties.gridProperties?.columnCount ?? 0;
  const columns: Array<Array<[string, string]>> = [];
  const beyond: string[] = [];
  for (const child of existing ? childrenOf(existing).children : []) {
    if (child.name !== 'col') continue;
    const attributes = XmlScanner.attributesOf(child.xml);
    const min = Number(attributes.find(([name]) => name === 'min')?.[1] ?? 1) - 1;
    const max = Number(attributes.find(([name]) => name === 'max')?.[1] ?? 1);
    const rest = attributes.filter(
      ([name]) => !['min', 'max', 'width', 'customWidth', 'hidden'].includes(name),
    );
    for (let c = min; c < Math.min(max, columnCount); c++) columns[c] = rest;
    if (max > columnCount) {
      const from = Math.max(min, columnCount) + 1;
      beyond.push(child.xml.replace(/\smin="\d+"/, ` min="${from}"`));
    }
  }
  const attributesAt = (c: number, dimension: DimensionProperties | undefined) => {
    const attributes: Array<[string, string]> = [];
    if (dimension?.pixelSize !== undefined)
      attributes.push(
        ['width', String(xlsxWorksheetGeometry.columnWidth(dimension.pixelSize))],
        ['customWidth', '1'],
      );
    if (dimension?.hiddenByUser) attributes.push(['hidden', '1']);
    return [...attributes, ...(columns[c] ?? [])];
  };
  const runs: Array<{ min: number; max: number; attributes: string }> = [];
  const count = Math.min(columnCount, Math.max(columns.length, sheet.columnMetadata.length));
  for (let c = 0; c < count; c++) {
    const attributes = xmlAttributes(attributesAt(c, sheet.columnMetadata[c]));
    if (attributes === '') continue;
    const last = runs.at(-1);
    if (last && last.max === c && last.attributes === attributes) last.max = c + 1;
    else runs.push({ min: c, max: c + 1, attributes });
  }
  const elements = [
    ...runs.map((run) => `<col min="${run.min + 1}" max="${run.max}"${run.attributes}/>`),
    ...beyond,
  ];
  return elements.length === 0 ? '' : `<cols>${elements.join('')}</cols>`;
}

function mergeCellsXml(sheet: StoredSheet): string {
  if (sheet.merges.length === 0) return '';
  const refs = sheet.merges.map((merge) => {
    const from = `${columnNames.letters(merge.startColumnIndex ?? 0)}${(merge.startRowIndex ?? 0) + 1}`;
    return `<mergeCell ref="${from}:${columnNames.letters((merge.endColumnIndex ?? 1) - 1)}${merge.endRowIndex ?? 1}"/>`;
  });
  return `<mergeCells count="${refs.length}">${refs.join('')}</mergeCells>`;
}

function validatedCells(sheet: StoredSheet): ValidatedCell[] {
  const cells: ValidatedCell[] = [];
  for (const [row, column, cell] of sheet.grid.fullCells())
    if (cell.dataValidation) cells.push({ row, column, rule: cell.dataValidation });
  return cells;
}

function dataValidationsXml(
  write: XlsxWorksheetWrite,
  existing: string | undefined,
): string | undefined {
  const cells = validatedCells(write.sheet);
  if (existing && write.original) {
    const before = validatedCells(write.original.sheet);
    if (
      before.length === cells.length &&
      before.every((cell, i) => {
        const now = cells[i];
        return now?.row === cell.row && now.column === cell.column && now.rule === cell.rule;
      })
    )
      return undefined;
  }
  // Cells past the grid are not the API's: their validations stay as they were.
  const grid = write.sheet.properties.gridProperties ?? {};
  const kept: string[] = [];
  if (existing) {
    const scanner = new XmlScanner(existing, () => new Error(existing));
    scanner.next();
    for (const validation of xlsxDataValidations.read(scanner)) {
      const outside = xlsxDataValidations.outside(validation, {
        rows: grid.rowCount ?? 0,
        columns: grid.columnCount ?? 0,
      });
      if (outside) kept.push(outside);
    }
  }
  return xlsxDataValidations.write(cells, kept);
}

/** `&` starts a code in Excel's header and footer language; a literal one is doubled. */
function headerText(text: string): string {
  return text.replaceAll('&', '&&');
}

function pageSetupXml(setup: PrintSetup, existing: string | undefined): string {
  const rest = (existing ? XmlScanner.attributesOf(existing) : []).filter(
    ([name]) => !['paperSize', 'orientation', 'fitToWidth', 'fitToHeight', 'scale'].includes(name),
  );
  return `<pageSetup paperSize="9" orientation="${setup.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"${xmlAttributes(rest)}/>`;
}

function headerFooterXml(setup: PrintSetup, existing: string | undefined): string {
  const { open, children } = existing
    ? childrenOf(existing)
    : { open: '<headerFooter>', children: [] };
  const [left, centre, right] = setup.header.map(headerText);
  const footer = headerText(setup.footer).replace('{page}', '&P').replace('{pages}', '&N');
  const others = children.filter(
    (child) => child.name !== 'oddHeader' && child.name !== 'oddFooter',
  );
  return `${open}<oddHeader>${encodeXml(`&L${left}&C${centre}&R${right}`)}</oddHeader><oddFooter>${encodeXml(`&C${footer}`)}</oddFooter>${others.map((c) => c.xml).join('')}</headerFooter>`;
}

/**
 * A worksheet part showing `sheet`. A tab the package already holds is rewritten around what
 * changed: a row the API did not touch is copied as written, and in a row it did, each cell it
 * did not touch; a changed cell keeps the parts of its style the Sheets model does not know
 * (see XlsxStyles.derive). Elements the stand-in does not model — conditional formats,
 * hyperlinks, drawings, tables, protection — are kept as they are, in schema order.
 */
export function writeXlsxWorksheet(write: XlsxWorksheetWrite): string {
  const { sheet, original } = write;
  const layout = layoutOf(original?.xml ?? NEW_WORKSHEET);
  const existing = (name: string) => layout.elements.find(name);
  const setup = findPrintSetup(sheet.developerMetadata);
  const before = original?.sheet;
  const data = sheetDataXml(write, layout);
  const replaced = new Map<string, string>([
    ['dimension', `<dimension ref="${data.ref}"/>`],
    ['sheetData', data.xml],
    ['mergeCells', mergeCellsXml(sheet)],
  ]);
  if (
    !before ||
    !same(
      before.properties.tabColorStyle ?? before.properties.tabColor,
      sheet.properties.tabColorStyle ?? sheet.properties.tabColor,
    ) ||
    setup
  )
    replaced.set('sheetPr', sheetPrXml(sheet, existing('sheetPr'), setup));
  const frozen = (s: StoredSheet | undefined) => [
    s?.properties.gridProperties?.frozenRowCount ?? 0,
    s?.properties.gridProperties?.frozenColumnCount ?? 0,
  ];
  if (!before || !same(frozen(before), frozen(sheet)))
    replaced.set('sheetViews', sheetViewsXml(sheet, existing('sheetViews')));
  if (!before || !same(before.columnMetadata, sheet.columnMetadata))
    replaced.set('cols', colsXml(sheet, existing('cols')));
  const validations = dataValidationsXml(write, existing('dataValidations'));
  if (validations !== undefined) replaced.set('dataValidations', validations);
  if (setup) {
    if (!existing('pageMargins')) replaced.set('pageMargins', DEFAULT_MARGINS);
    replaced.set('pageSetup', pageSetupXml(setup, existing('pageSetup')));
    replaced.set('headerFooter', headerFooterXml(setup, existing('headerFooter')));
  }
  if (write.legacyDrawing !== undefined)
    replaced.set(
      'legacyDrawing',
      write.legacyDrawing ? `<legacyDrawing r:id="${write.legacyDrawing}"/>` : '',
    );

  return layout.elements.replace(replaced, ORDER);
}
