import ExcelJS from 'exceljs';
import { OUTPUT_TAB_NAMES } from '../domain/workbook-schema';

/** What a spreadsheet app shows of one output tab, cell by cell. */
export interface OutputTabView {
  frozen: string;
  tabColor: string | undefined;
  widths: Array<number | undefined>;
  /** Row heights in points, as runs of rows (`2–35: 15.75`), for rows given one. */
  heights: string;
  merges: string[];
  print: string;
  /** One entry per row: its cells as `value ⟨format⟩`, `·` for an empty cell. */
  rows: string[][];
}

function formatOf(cell: ExcelJS.Cell): string {
  const parts: string[] = [];
  const { font, fill, alignment, numFmt } = cell;
  if (numFmt && numFmt !== 'General') parts.push(numFmt);
  if (font?.bold) parts.push('bold');
  if (font?.italic) parts.push('italic');
  if (font?.size !== undefined && font.size !== 11) parts.push(`${font.size}pt`);
  if (font?.color?.argb && font.color.argb !== 'FF000000') parts.push(`text ${font.color.argb}`);
  if (fill?.type === 'pattern' && fill.pattern === 'solid' && fill.fgColor?.argb)
    parts.push(`fill ${fill.fgColor.argb}`);
  if (alignment?.wrapText) parts.push('wrap');
  if (alignment?.vertical) parts.push(alignment.vertical);
  if (alignment?.horizontal) parts.push(alignment.horizontal);
  const note = cell.note;
  if (note)
    parts.push(
      `note ${typeof note === 'string' ? note : (note.texts ?? []).map((t) => t.text).join('')}`,
    );
  const rule = cell.dataValidation;
  if (rule) parts.push(`${rule.type} ${(rule.formulae ?? []).join(' ')}`);
  return parts.length > 0 ? ` ⟨${parts.join(', ')}⟩` : '';
}

function shownValue(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'object') return String(value);
  if ('formula' in value || 'sharedFormula' in value)
    return `=${cell.formula} → ${String((value as ExcelJS.CellFormulaValue).result ?? '')}`;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('error' in value) return String(value.error);
  if ('text' in value) return String(value.text);
  return JSON.stringify(value);
}

function viewOf(worksheet: ExcelJS.Worksheet): OutputTabView {
  const view = worksheet.views?.[0] as Partial<ExcelJS.WorksheetViewFrozen> | undefined;
  const rows: string[][] = [];
  const heights: Array<[number, number, number]> = [];
  for (let r = 1; r <= worksheet.rowCount; r++) {
    const row = worksheet.getRow(r);
    if (row.height !== undefined) {
      const last = heights.at(-1);
      if (last && last[1] === r - 1 && last[2] === row.height) last[1] = r;
      else heights.push([r, r, row.height]);
    }
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c);
      if (cell.type === ExcelJS.ValueType.Merge) {
        cells.push('(merged)');
        continue;
      }
      const text = `${shownValue(cell)}${formatOf(cell)}`;
      cells.push(text === '' ? '·' : text);
    }
    while (cells.at(-1) === '·') cells.pop();
    rows.push(cells);
  }
  while (rows.at(-1)?.length === 0) rows.pop();
  const widths: Array<number | undefined> = [];
  for (let c = 1; c <= worksheet.columnCount; c++) widths.push(worksheet.getColumn(c).width);
  const setup = worksheet.pageSetup;
  const titles = setup.printTitlesRow
    ? `rows ${setup.printTitlesRow} repeated`
    : 'no rows repeated';
  return {
    frozen: view?.state === 'frozen' ? `${view.ySplit ?? 0} rows, ${view.xSplit ?? 0} columns` : '',
    tabColor: worksheet.properties.tabColor?.argb,
    widths,
    heights: heights
      .map(([from, to, points]) => `${from === to ? from : `${from}–${to}`}: ${points}`)
      .join('; '),
    merges: Object.values(
      (worksheet as unknown as { _merges: Record<string, { range: string }> })._merges,
    )
      .map((merge) => merge.range)
      .sort(),
    print: [
      setup.orientation,
      `paper ${setup.paperSize ?? '-'}`,
      setup.fitToPage ? `fit ${setup.fitToWidth} wide × ${setup.fitToHeight} tall` : 'no fit',
      titles,
      `header ${worksheet.headerFooter.oddHeader ?? '-'}`,
      `footer ${worksheet.headerFooter.oddFooter ?? '-'}`,
    ].join('; '),
    rows,
  };
}

/**
 * The output tabs of a synced .xlsx as a spreadsheet app shows them, read by exceljs (a reader
 * independent of the stand-in's): values, formats, notes, widths, merges, frozen panes, print
 * setup. Two files that sync alike describe alike.
 */
export async function describeOutputTabs(
  bytes: Uint8Array,
): Promise<Record<string, OutputTabView>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const tabs: Record<string, OutputTabView> = {};
  for (const name of OUTPUT_TAB_NAMES) {
    const worksheet = workbook.getWorksheet(name);
    if (worksheet) tabs[name] = viewOf(worksheet);
  }
  return tabs;
}
