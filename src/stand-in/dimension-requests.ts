import type { DimensionProperties, DimensionRange, GridRange } from '../sheets/sheets-api-types';
import { applyFieldMask } from './apply-field-mask';
import { insertGap } from './insert-gap';
import type { RequestContext, RequestHandlers } from './request-context';
import { SheetsApiError } from './sheets-api-error';
import type { StoredSheet } from './stored-spreadsheet';

type Edges = [number | undefined, number | undefined];
/** Moves a span's edges; undefined when the span disappears. */
type Shift = (start: number | undefined, end: number | undefined) => Edges | undefined;

interface Span {
  sheet: StoredSheet;
  rows: boolean;
  start: number;
  end: number;
  count: number;
}

function span(context: RequestContext, range: DimensionRange | undefined, openEnd: boolean): Span {
  const sheet = context.grid(range?.sheetId);
  if (range?.dimension !== 'ROWS' && range?.dimension !== 'COLUMNS') {
    throw SheetsApiError.invalid('range.dimension must be ROWS or COLUMNS.');
  }
  const rows = range.dimension === 'ROWS';
  const grid = sheet.properties.gridProperties;
  const count = (rows ? grid?.rowCount : grid?.columnCount) ?? 0;
  const start = range.startIndex ?? 0;
  const end = range.endIndex ?? (openEnd ? count : undefined);
  if (end === undefined || start >= end) {
    throw SheetsApiError.invalid('range must have a startIndex lower than its endIndex.');
  }
  return { sheet, rows, start, end, count };
}

function shiftRange(range: GridRange, rows: boolean, shift: Shift): GridRange | undefined {
  const edges = rows
    ? shift(range.startRowIndex, range.endRowIndex)
    : shift(range.startColumnIndex, range.endColumnIndex);
  if (!edges) return undefined;
  const [start, end] = edges;
  return rows
    ? { ...range, startRowIndex: start, endRowIndex: end }
    : { ...range, startColumnIndex: start, endColumnIndex: end };
}

function defined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

// Merges, protections, conditional formats and row/column metadata follow the cells they sit on.
function shiftObjects(sheet: StoredSheet, rows: boolean, shift: Shift): void {
  sheet.merges = sheet.merges.map((merge) => shiftRange(merge, rows, shift)).filter(defined);
  sheet.protectedRanges = sheet.protectedRanges
    .map((protectedRange) => {
      const range = protectedRange.range && shiftRange(protectedRange.range, rows, shift);
      if (protectedRange.range && !range) return undefined;
      const unprotected = protectedRange.unprotectedRanges
        ?.map((r) => shiftRange(r, rows, shift))
        .filter(defined);
      return {
        ...protectedRange,
        range,
        unprotectedRanges: unprotected?.length ? unprotected : undefined,
      };
    })
    .filter(defined);
  sheet.conditionalFormats = sheet.conditionalFormats
    .map((rule) => ({
      ...rule,
      ranges: rule.ranges?.map((r) => shiftRange(r, rows, shift)).filter(defined),
    }))
    .filter((rule) => (rule.ranges?.length ?? 0) > 0);
  const dimension = rows ? 'ROWS' : 'COLUMNS';
  sheet.developerMetadata = sheet.developerMetadata
    .map((metadata) => {
      const range = metadata.location?.dimensionRange;
      if (!range || range.dimension !== dimension) return metadata;
      const edges = shift(range.startIndex, range.endIndex);
      if (!edges) return undefined;
      const dimensionRange = { ...range, startIndex: edges[0], endIndex: edges[1] };
      return { ...metadata, location: { ...metadata.location, dimensionRange } };
    })
    .filter(defined);
}

function setCount(sheet: StoredSheet, rows: boolean, count: number): void {
  const grid = { ...sheet.properties.gridProperties };
  if (rows) grid.rowCount = count;
  else grid.columnCount = count;
  sheet.properties.gridProperties = grid;
}

/** insertDimension, deleteDimension and updateDimensionProperties. */
export const dimensionRequests: RequestHandlers = {
  insertDimension(context, { range }) {
    const found = span(context, range, false);
    if (found.start > found.count) {
      throw SheetsApiError.invalid(
        `range.startIndex ${found.start} is past the end of the sheet (${found.count}).`,
      );
    }
    const sheet = context.draft.edit(found.sheet);
    const { rows, start } = found;
    const inserted = found.end - start;
    if (rows) {
      sheet.grid.insertRows(start, inserted);
      sheet.rowMetadata = insertGap(sheet.rowMetadata, start, inserted);
    } else {
      sheet.grid.insertColumns(start, inserted);
      sheet.columnMetadata = insertGap(sheet.columnMetadata, start, inserted);
    }
    shiftObjects(sheet, rows, (s, e) => [
      s === undefined || s < start ? s : s + inserted,
      e === undefined || e <= start ? e : e + inserted,
    ]);
    setCount(sheet, rows, found.count + inserted);
    return undefined;
  },

  deleteDimension(context, { range }) {
    const found = span(context, range, true);
    const { rows, start, end, count } = found;
    if (end > count) {
      throw SheetsApiError.invalid(
        `range.endIndex ${end} is past the end of the sheet (${count}).`,
      );
    }
    if (start === 0 && end === count) {
      throw SheetsApiError.invalid(
        `You can't delete all the ${rows ? 'rows' : 'columns'} on the sheet.`,
      );
    }
    const sheet = context.draft.edit(found.sheet);
    const deleted = end - start;
    if (rows) {
      sheet.grid.deleteRows(start, deleted);
      sheet.rowMetadata.splice(start, deleted);
    } else {
      sheet.grid.deleteColumns(start, deleted);
      sheet.columnMetadata.splice(start, deleted);
    }
    const move = (index: number | undefined) =>
      index === undefined || index <= start ? index : Math.max(start, index - deleted);
    shiftObjects(sheet, rows, (s, e) => {
      const moved: Edges = [move(s), move(e)];
      return moved[0] !== undefined && moved[1] !== undefined && moved[0] >= moved[1]
        ? undefined
        : moved;
    });
    setCount(sheet, rows, count - deleted);
    return undefined;
  },

  updateDimensionProperties(context, { range, properties = {}, fields }) {
    const mask = context.fieldMask(fields, 'DimensionProperties');
    const found = span(context, range, true);
    if (found.end > found.count) {
      throw SheetsApiError.invalid(
        `range.endIndex ${found.end} is past the end of the sheet (${found.count}).`,
      );
    }
    const sheet = context.draft.edit(found.sheet);
    const list = found.rows ? sheet.rowMetadata : sheet.columnMetadata;
    // Only what the stand-in keeps per row or column; metadata lives elsewhere.
    const { developerMetadata: _metadata, ...settable } = properties;
    for (let index = found.start; index < found.end; index++) {
      const updated = applyFieldMask(list[index], settable, mask) as DimensionProperties;
      list[index] = Object.keys(updated).length > 0 ? updated : undefined;
    }
    return undefined;
  },
};
