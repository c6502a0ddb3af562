import type { GridData, Sheet, Spreadsheet } from '../sheets/sheets-api-types';
import { buildGridData } from './build-grid-data';
import type { GridWindow } from './format-a1-range';
import { gridLimits } from './grid-limits';
import { parseA1Range } from './parse-a1-range';
import type { FieldMask } from './parse-field-mask';
import { projectFields } from './project-fields';
import { sheetPropertiesView } from './sheet-properties-view';
import type { StoredSheet, StoredSpreadsheet } from './stored-spreadsheet';

/** What spreadsheets.get (and create, and includeSpreadsheetInResponse) should return. */
export interface SpreadsheetViewOptions {
  /** A1 ranges, already URL-decoded. */
  ranges?: readonly string[];
  includeGridData?: boolean;
  /** The parsed `fields` parameter; when set, includeGridData is ignored (§1). */
  mask?: FieldMask;
}

function sheetView(sheet: StoredSheet, index: number): Sheet {
  const view: Sheet = { properties: sheetPropertiesView(sheet, index) };
  if (sheet.merges.length > 0) view.merges = sheet.merges;
  if (sheet.conditionalFormats.length > 0) view.conditionalFormats = sheet.conditionalFormats;
  if (sheet.protectedRanges.length > 0) view.protectedRanges = sheet.protectedRanges;
  if (sheet.charts.length > 0) view.charts = sheet.charts;
  const own = sheet.developerMetadata.filter((m) => m.location?.locationType === 'SHEET');
  if (own.length > 0) view.developerMetadata = own;
  return view;
}

function withoutKey(mask: FieldMask | true, key: string): FieldMask | true {
  if (mask === true || mask.has('*')) return mask;
  const copy = new Map(mask);
  copy.delete(key);
  return copy;
}

function dataMaskOf(sheetMask: FieldMask | true): FieldMask | true | undefined {
  return sheetMask === true || sheetMask.has('*') ? true : sheetMask.get('data');
}

/**
 * Builds the Spreadsheet resource the way spreadsheets.get returns it (§1): only the sheets the
 * ranges touch, grid data when asked for (by includeGridData, or by a mask reaching into
 * `sheets.data`), projected to exactly the masked paths.
 */
export function buildSpreadsheetView(
  spreadsheet: StoredSpreadsheet,
  options: SpreadsheetViewOptions = {},
): Spreadsheet {
  const { mask, ranges = [] } = options;
  const windows = new Map<StoredSheet, GridWindow[]>();
  for (const text of ranges) {
    const { sheet, window } = parseA1Range(text, spreadsheet.sheets);
    windows.set(sheet, [...(windows.get(sheet) ?? []), window]);
  }
  const sheetsMask: FieldMask | true | undefined = mask
    ? mask.has('*')
      ? true
      : mask.get('sheets')
    : true;
  const dataMask = sheetsMask === undefined ? undefined : dataMaskOf(sheetsMask);
  const wantsData = mask ? dataMask !== undefined : options.includeGridData === true;

  const sheets: Sheet[] = [];
  if (sheetsMask !== undefined) {
    const ownMask = withoutKey(sheetsMask, 'data');
    spreadsheet.sheets.forEach((sheet, index) => {
      if (ranges.length > 0 && !windows.has(sheet)) return;
      const view = projectFields(sheetView(sheet, index), ownMask) as Sheet;
      if (wantsData && sheet.properties.sheetType !== 'OBJECT') {
        const blocks = windows.get(sheet) ?? [{}];
        view.data = blocks.map(
          (window): GridData =>
            buildGridData(sheet, gridLimits.bound(sheet, window), dataMask ?? true),
        );
      }
      sheets.push(view);
    });
  }

  const full: Spreadsheet = {
    spreadsheetId: spreadsheet.spreadsheetId,
    properties: { autoRecalc: 'ON_CHANGE', ...spreadsheet.properties },
    sheets,
    developerMetadata: spreadsheet.developerMetadata,
    spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${spreadsheet.spreadsheetId}/edit`,
  };
  if (full.developerMetadata?.length === 0) delete full.developerMetadata;
  if (!mask) return full;
  const projected = projectFields(
    { ...full, sheets: undefined },
    withoutKey(mask, 'sheets'),
  ) as Spreadsheet;
  return sheetsMask === undefined ? projected : { ...projected, sheets };
}
