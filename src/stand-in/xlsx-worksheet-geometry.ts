/** Pixel ↔ .xlsx unit conversions: column widths in characters, row heights in points. */
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
};
