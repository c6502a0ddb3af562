import type { Analysis } from './analysis';
import { isoFromSerial } from './calendar-date';
import type { Rate } from './compute-coverage';
import { type CellAt, type ColumnFit, layOutTab } from './lay-out-tab';
import type {
  CellStyle,
  ChartRegion,
  OutputTab,
  OutputValue,
  PrintLayout,
  StyledRange,
} from './output-tab';

/** A rate's cell value: the fraction (shown as a percentage), or `—` when nobody is counted. */
export function rateValue(rate: Rate): OutputValue {
  return rate.total === 0 ? '—' : rate.covered / rate.total;
}

/** Full coverage is the goal: green at 100 %, amber from 90 %, red below. */
export function rateStyle(rate: Rate): CellStyle | null {
  if (rate.total === 0) return null;
  if (rate.covered === rate.total) return 'good';
  return rate.covered / rate.total >= 0.9 ? 'warn' : 'bad';
}

/** A4 portrait's printable width at 96 dpi with Excel's default margins, in pixels. */
const PORTRAIT_PX = 660;
/** Excel keeps at most 255 characters in a page header; the committee name gets a share. */
const HEADER_NAME_LENGTH = 60;

/** How a tab of this width prints, with the committee, the tab and the as-of date on top. */
export function printLayout(
  analysis: Analysis,
  tabName: string,
  columnWidths: readonly number[],
): PrintLayout {
  return pageLayout(
    analysis.workbook.settings.committeeName || '本专委会',
    tabName,
    isoFromSerial(analysis.asOf),
    columnWidths,
  );
}

/** How a tab of this width prints, with `owner` (who the tab is about), the tab and the date on top. */
export function pageLayout(
  owner: string,
  tabName: string,
  date: string,
  columnWidths: readonly number[],
): PrintLayout {
  return {
    landscape: columnWidths.reduce((sum, w) => sum + w, 0) > PORTRAIT_PX,
    header: [
      owner.length > HEADER_NAME_LENGTH ? `${owner.slice(0, HEADER_NAME_LENGTH)}…` : owner,
      tabName,
      `截至 ${date}`,
    ],
    footer: '第 {page} 页，共 {pages} 页',
  };
}

/** Builds an output tab row by row, keeping values and styles in step. */
export class TabBuilder {
  readonly rows: OutputValue[][] = [];
  readonly styles: StyledRange[] = [];
  readonly charts: ChartRegion[] = [];
  /** Cells whose text may run on over the empty cells to their right. */
  private readonly spills: CellAt[] = [];

  /** Appends a row and returns its 0-based index; `styles` apply to the whole row's cells. */
  add(values: OutputValue[], ...styles: CellStyle[]): number {
    const row = this.rows.length;
    this.rows.push(values);
    for (const style of styles) this.style(row, 0, 1, Math.max(values.length, 1), style);
    return row;
  }

  /** Appends a row whose last cell is a line of text (a title, a note) that may run on. */
  line(values: OutputValue[], ...styles: CellStyle[]): number {
    const row = this.add(values, ...styles);
    this.spill(row, values.length - 1);
    return row;
  }

  /** Lets one cell's text run on over the empty cells to its right: it sets no width. */
  spill(row: number, column: number): void {
    this.spills.push({ row, column });
  }

  blank(): void {
    this.rows.push([]);
  }

  style(row: number, column: number, rows: number, columns: number, style: CellStyle | null): void {
    if (style !== null && rows > 0 && columns > 0)
      this.styles.push({ row, column, rows, columns, style });
  }

  /** Styles one cell as a rate: a percentage coloured by its band, or a centred `—`. */
  rate(row: number, column: number, rate: Rate): void {
    if (rate.total === 0) {
      this.style(row, column, 1, 1, 'center');
      return;
    }
    this.style(row, column, 1, 1, 'percent');
    this.style(row, column, 1, 1, rateStyle(rate));
  }

  /** The tab, with columns fitted to its content and long text wrapped, unless `fit` says otherwise. */
  build(
    name: OutputTab['name'],
    frozenRows: number,
    analysis: Analysis,
    fit?: ColumnFit,
  ): OutputTab {
    return this.buildPage(
      name,
      frozenRows,
      analysis.workbook.settings.committeeName || '本专委会',
      isoFromSerial(analysis.asOf),
      fit,
    );
  }

  /** The tab, laid out like `build`'s, printed under `owner` and `date` (a tab of no one committee). */
  buildPage<Name extends string>(
    name: Name,
    frozenRows: number,
    owner: string,
    date: string,
    fit?: ColumnFit,
  ): OutputTab<Name> {
    const { columnWidths, rowHeights, wraps } = layOutTab(this.rows, this.styles, this.spills, fit);
    return {
      name,
      rows: this.rows,
      styles: [...this.styles, ...wraps],
      columnWidths,
      rowHeights,
      frozenRows,
      charts: this.charts,
      print: pageLayout(owner, name, date, columnWidths),
    };
  }
}
