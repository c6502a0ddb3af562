import type ExcelJS from 'exceljs';

/** A merged block as exceljs keeps it: 1-based, inclusive edges. */
export interface XlsxMerge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Pixel ↔ exceljs unit conversions and the merge list of a worksheet. */
export const xlsxWorksheetGeometry = {
  /** Excel column widths are in characters of the default font: about 7 px each plus 5 px padding. */
  columnPixels(width: number): number {
    return Math.round(width * 7 + 5);
  },
  columnWidth(pixels: number): number {
    return Math.max(0, (pixels - 5) / 7);
  },
  /** Row heights are in points: 4 px for every 3 pt. */
  rowPixels(height: number): number {
    return Math.round((height * 4) / 3);
  },
  rowHeight(pixels: number): number {
    return (pixels * 3) / 4;
  },

  /**
   * The merged blocks. Read from exceljs's private index because the public `model` getter
   * serialises the whole worksheet, which is slow on large tabs.
   */
  merges(worksheet: ExcelJS.Worksheet): XlsxMerge[] {
    const index = (worksheet as unknown as { _merges: Record<string, XlsxMerge | undefined> })
      ._merges;
    return Object.values(index).filter((merge): merge is XlsxMerge => merge !== undefined);
  },

  /** Addresses (`B7`) that carry a data validation; exceljs expands validated ranges per cell. */
  validatedAddresses(worksheet: ExcelJS.Worksheet): string[] {
    const model = (worksheet as unknown as { dataValidations: { model: Record<string, unknown> } })
      .dataValidations.model;
    return Object.keys(model).filter(
      (address) => model[address] !== undefined && !address.includes(':'),
    );
  },
};
