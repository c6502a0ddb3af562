import type { CellStyle } from '../domain/output-tab';
import type { CellFormat, Color } from '../sheets/sheets-api-types';

const GREY_BAND: Color = { red: 0.9, green: 0.9, blue: 0.9 };
/** The backgrounds of the rate bands: full coverage, from 90 %, below 90 %. */
export const BAND_COLORS = {
  good: { red: 0.851, green: 0.918, blue: 0.827 },
  warn: { red: 1, green: 0.949, blue: 0.8 },
  bad: { red: 0.957, green: 0.8, blue: 0.8 },
} as const satisfies Record<string, Color>;
const GREY_TEXT: Color = { red: 0.4, green: 0.4, blue: 0.4 };

/** The tab colour that marks the system's output tabs. */
export const OUTPUT_TAB_COLOR: Color = { red: 0.16, green: 0.38, blue: 0.71 };

/** What each named style contributes to a cell's format; later styles add to earlier ones. */
const STYLE_FORMATS: Readonly<Record<CellStyle, CellFormat>> = {
  title: { textFormat: { bold: true, fontSize: 14 } },
  section: { textFormat: { bold: true, fontSize: 11 } },
  header: { textFormat: { bold: true }, backgroundColor: GREY_BAND },
  label: { textFormat: { bold: true } },
  percent: { numberFormat: { type: 'PERCENT', pattern: '0.0%' } },
  good: { backgroundColor: BAND_COLORS.good },
  warn: { backgroundColor: BAND_COLORS.warn },
  bad: { backgroundColor: BAND_COLORS.bad },
  muted: { textFormat: { foregroundColor: GREY_TEXT } },
  wrap: { wrapStrategy: 'WRAP', verticalAlignment: 'TOP' },
  top: { verticalAlignment: 'TOP' },
  center: { horizontalAlignment: 'CENTER' },
};

/**
 * The field mask of one style's format (`userEnteredFormat.textFormat.bold,…`): a repeatCell with
 * it adds the style to each cell and leaves the rest of the cell's format as it is.
 */
export function styleFields(style: CellStyle): string {
  const format = STYLE_FORMATS[style];
  return Object.keys(format)
    .flatMap((key) =>
      key === 'textFormat'
        ? Object.keys(format.textFormat ?? {}).map((sub) => `userEnteredFormat.textFormat.${sub}`)
        : [`userEnteredFormat.${key}`],
    )
    .join(',');
}

const cache = new Map<string, CellFormat>();

/** The Sheets format of a cell carrying these styles (cached: few combinations occur). */
export function cellFormat(styles: readonly CellStyle[]): CellFormat {
  const key = styles.join('+');
  let format = cache.get(key);
  if (format) return format;
  format = {};
  for (const style of styles) {
    const part = STYLE_FORMATS[style];
    format = {
      ...format,
      ...part,
      ...(part.textFormat || format.textFormat
        ? { textFormat: { ...format.textFormat, ...part.textFormat } }
        : {}),
    };
  }
  cache.set(key, format);
  return format;
}
