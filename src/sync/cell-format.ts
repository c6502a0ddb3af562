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

/** The format of a cell without styles. */
const NO_STYLE: CellFormat = {};
/** Each format made here, with `style` added after its styles; weakly held, so bounded by the formats alive. */
const withStyles = new WeakMap<CellFormat, Map<CellStyle, CellFormat>>();

/**
 * The Sheets format of a cell carrying `style` after the styles that gave it `format` (none when
 * undefined); `format` is one this module made. Cached: few combinations occur.
 */
export function withStyle(format: CellFormat | undefined, style: CellStyle): CellFormat {
  const from = format ?? NO_STYLE;
  let next = withStyles.get(from);
  if (!next) {
    next = new Map();
    withStyles.set(from, next);
  }
  let result = next.get(style);
  if (!result) {
    const part = STYLE_FORMATS[style];
    result = {
      ...from,
      ...part,
      ...(part.textFormat || from.textFormat
        ? { textFormat: { ...from.textFormat, ...part.textFormat } }
        : {}),
    };
    next.set(style, result);
  }
  return result;
}

/** The Sheets format of a cell carrying these styles, later ones adding to earlier ones. */
export function cellFormat(styles: readonly CellStyle[]): CellFormat {
  return styles.reduce(withStyle, NO_STYLE);
}
