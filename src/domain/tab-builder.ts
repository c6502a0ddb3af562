import type { Rate } from './compute-coverage';
import type { CellStyle, ChartRegion, OutputTab, OutputValue, StyledRange } from './output-tab';

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

/** Builds an output tab row by row, keeping values and styles in step. */
export class TabBuilder {
  readonly rows: OutputValue[][] = [];
  readonly styles: StyledRange[] = [];
  readonly charts: ChartRegion[] = [];

  /** Appends a row and returns its 0-based index; `styles` apply to the whole row's cells. */
  add(values: OutputValue[], ...styles: CellStyle[]): number {
    const row = this.rows.length;
    this.rows.push(values);
    for (const style of styles) this.style(row, 0, 1, Math.max(values.length, 1), style);
    return row;
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

  build(name: OutputTab['name'], columnWidths: number[], frozenRows: number): OutputTab {
    return {
      name,
      rows: this.rows,
      styles: this.styles,
      columnWidths,
      frozenRows,
      charts: this.charts,
    };
  }
}
