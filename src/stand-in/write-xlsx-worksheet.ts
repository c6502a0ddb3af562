import type ExcelJS from 'exceljs';
import { findPrintSetup } from '../sheets/print-setup';
import { StoredCell } from './stored-cell';
import type { StoredSheet } from './stored-spreadsheet';
import { writeXlsxCell } from './write-xlsx-cell';
import { xlsxColors } from './xlsx-colors';
import { xlsxWorksheetGeometry } from './xlsx-worksheet-geometry';

function writeCells(worksheet: ExcelJS.Worksheet, sheet: StoredSheet): void {
  const visited = new Set<string>();
  const grid = sheet.properties.gridProperties;
  const visit = (cell: ExcelJS.Cell) => {
    const row = Number(cell.row);
    const column = Number(cell.col);
    // Beyond the grid the stand-in saw nothing (say, validations down to row 5000): leave it be.
    if (
      visited.has(cell.address) ||
      row > (grid?.rowCount ?? 0) ||
      column > (grid?.columnCount ?? 0)
    ) {
      return;
    }
    visited.add(cell.address);
    const stored = sheet.grid.get(row - 1, column - 1);
    writeXlsxCell(cell, stored === undefined ? undefined : StoredCell.expand(stored));
  };
  worksheet.eachRow({ includeEmpty: false }, (row) => row.eachCell({ includeEmpty: true }, visit));
  for (const address of xlsxWorksheetGeometry.validatedAddresses(worksheet)) {
    visit(worksheet.getCell(address));
  }
  for (let r = 0; r < sheet.grid.height; r++) {
    const cells = sheet.grid.row(r);
    if (!cells) continue;
    for (let c = 0; c < cells.length; c++) {
      if (cells[c] !== undefined) visit(worksheet.getCell(r + 1, c + 1));
    }
  }
}

/**
 * Brings a worksheet in line with a stand-in sheet, in place: cells (only those that differ, so
 * styles exceljs keeps survive), merges, frozen panes, tab colour, visibility, column widths and
 * row heights. Formatting the stand-in does not model stays where it was.
 */
export function writeXlsxWorksheet(worksheet: ExcelJS.Worksheet, sheet: StoredSheet): void {
  // Merged-away cells forward writes to their master, so merges are lifted before writing.
  for (const merge of xlsxWorksheetGeometry.merges(worksheet)) {
    worksheet.unMergeCells(merge.top, merge.left, merge.bottom, merge.right);
  }
  // Rows and columns past a grid the API shrank are gone in Sheets; they go from the file too.
  const rowCount = sheet.properties.gridProperties?.rowCount ?? 0;
  const columnCount = sheet.properties.gridProperties?.columnCount ?? 0;
  // (exceljs's spliceRows does not remove trailing rows, so their cells are emptied instead.)
  for (let r = rowCount + 1; r <= worksheet.rowCount; r++) worksheet.getRow(r).values = [];
  if (worksheet.columnCount > columnCount) {
    worksheet.eachRow((row) => {
      for (let c = columnCount + 1; c <= row.cellCount; c++) row.getCell(c).value = null;
    });
  }
  writeCells(worksheet, sheet);
  for (const merge of sheet.merges) {
    worksheet.mergeCells(
      (merge.startRowIndex ?? 0) + 1,
      (merge.startColumnIndex ?? 0) + 1,
      merge.endRowIndex ?? 1,
      merge.endColumnIndex ?? 1,
    );
  }
  const properties = sheet.properties;
  const grid = properties.gridProperties ?? {};
  const view = worksheet.views?.[0] ?? {};
  worksheet.views = [
    grid.frozenRowCount || grid.frozenColumnCount
      ? {
          ...view,
          state: 'frozen',
          xSplit: grid.frozenColumnCount ?? 0,
          ySplit: grid.frozenRowCount ?? 0,
        }
      : { ...view, state: 'normal' },
  ] as ExcelJS.WorksheetView[];
  worksheet.state = properties.hidden ? 'hidden' : 'visible';
  const tab = properties.tabColorStyle?.rgbColor ?? properties.tabColor;
  if (tab) worksheet.properties.tabColor = { argb: xlsxColors.toArgb(tab) };
  else delete (worksheet.properties as Partial<ExcelJS.WorksheetProperties>).tabColor;
  sheet.columnMetadata.forEach((dimension, c) => {
    if (!dimension) return;
    const column = worksheet.getColumn(c + 1);
    if (dimension.pixelSize !== undefined)
      column.width = xlsxWorksheetGeometry.columnWidth(dimension.pixelSize);
    column.hidden = dimension.hiddenByUser === true;
  });
  sheet.rowMetadata.forEach((dimension, r) => {
    if (!dimension) return;
    const row = worksheet.getRow(r + 1);
    if (dimension.pixelSize !== undefined)
      row.height = xlsxWorksheetGeometry.rowHeight(dimension.pixelSize);
    row.hidden = dimension.hiddenByUser === true;
  });
  writePrintSetup(worksheet, sheet);
}

/** `&` starts a code in Excel's header and footer language; a literal one is doubled. */
function headerText(text: string): string {
  return text.replaceAll('&', '&&');
}

/**
 * The print setup a sync leaves in the tab's metadata (see src/sheets/print-setup.ts) as the
 * file's own: A4, one page wide, header rows repeated, header and footer. Tabs without one
 * keep whatever page setup they had.
 */
function writePrintSetup(worksheet: ExcelJS.Worksheet, sheet: StoredSheet): void {
  const setup = findPrintSetup(sheet.developerMetadata);
  if (!setup) return;
  worksheet.pageSetup = {
    ...worksheet.pageSetup,
    paperSize: 9,
    orientation: setup.landscape ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: setup.repeatRows > 0 ? `1:${setup.repeatRows}` : undefined,
  } as ExcelJS.PageSetup;
  const [left, centre, right] = setup.header.map(headerText);
  const footer = headerText(setup.footer).replace('{page}', '&P').replace('{pages}', '&N');
  worksheet.headerFooter = {
    ...worksheet.headerFooter,
    oddHeader: `&L${left}&C${centre}&R${right}`,
    oddFooter: `&C${footer}`,
  };
}
