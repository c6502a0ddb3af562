import type { Color } from '../sheets/sheets-api-types';

/** Sheets colours (0–1 channels) ↔ the ARGB hex strings of .xlsx files. */
export const xlsxColors = {
  /** `FFRRGGBB`, opaque. */
  toArgb(color: Color): string {
    const hex = (channel: number | undefined) =>
      Math.round((channel ?? 0) * 255)
        .toString(16)
        .padStart(2, '0')
        .toUpperCase();
    return `FF${hex(color.red)}${hex(color.green)}${hex(color.blue)}`;
  },

  /** The colour of an ARGB string, zero channels left out as proto3 does (black is `{}`). */
  fromArgb(argb: string | undefined): Color | undefined {
    if (!argb || !/^[0-9A-Fa-f]{8}$/.test(argb)) return undefined;
    const color: Color = {};
    const channel = (offset: number) => Number.parseInt(argb.slice(offset, offset + 2), 16) / 255;
    if (channel(2)) color.red = channel(2);
    if (channel(4)) color.green = channel(4);
    if (channel(6)) color.blue = channel(6);
    return color;
  },
};
