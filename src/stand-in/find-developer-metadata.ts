import type {
  DeveloperMetadata,
  DeveloperMetadataLocation,
  GridRange,
} from '../sheets/sheets-api-types';
import type { GridWindow } from './format-a1-range';
import { parseA1Range } from './parse-a1-range';
import type { StoredSheet } from './stored-spreadsheet';

/** Discovery `DeveloperMetadataLookup`. */
export interface DeveloperMetadataLookup {
  metadataId?: number;
  metadataKey?: string;
  metadataValue?: string;
  visibility?: DeveloperMetadata['visibility'];
  locationType?: DeveloperMetadataLocation['locationType'];
  metadataLocation?: DeveloperMetadataLocation;
  locationMatchingStrategy?: 'EXACT_LOCATION' | 'INTERSECTING_LOCATION';
}

/** Discovery `DataFilter`: exactly one member is set. */
export interface DataFilter {
  developerMetadataLookup?: DeveloperMetadataLookup;
  a1Range?: string;
  gridRange?: GridRange;
}

/** Where metadata can be searched: a spreadsheet or a draft of one. */
export interface MetadataSource {
  sheets: readonly StoredSheet[];
  developerMetadata: readonly DeveloperMetadata[];
}

// The region a location covers: the whole spreadsheet, or part of one sheet.
interface Region {
  sheetId?: number;
  window: GridWindow;
}

function regionOf(location: DeveloperMetadataLocation | undefined): Region {
  if (!location || location.spreadsheet) return { window: {} };
  const range = location.dimensionRange;
  if (!range) return { sheetId: location.sheetId ?? 0, window: {} };
  const edges = { start: range.startIndex, end: range.endIndex };
  return {
    sheetId: range.sheetId ?? 0,
    window:
      range.dimension === 'COLUMNS'
        ? { startColumn: edges.start, endColumn: edges.end }
        : { startRow: edges.start, endRow: edges.end },
  };
}

function spansOverlap(
  aStart = 0,
  aEnd = Number.POSITIVE_INFINITY,
  bStart = 0,
  bEnd = Number.POSITIVE_INFINITY,
): boolean {
  return aStart < bEnd && bStart < aEnd;
}

// Two regions on one sheet intersect when both their row and their column spans overlap; the
// spreadsheet itself is matched only by a spreadsheet-wide query.
function intersects(query: Region, target: Region): boolean {
  if (query.sheetId === undefined) return true;
  if (target.sheetId !== query.sheetId) return false;
  const a = query.window;
  const b = target.window;
  return (
    spansOverlap(a.startRow, a.endRow, b.startRow, b.endRow) &&
    spansOverlap(a.startColumn, a.endColumn, b.startColumn, b.endColumn)
  );
}

function sameLocation(
  a: DeveloperMetadataLocation | undefined,
  b: DeveloperMetadataLocation,
): boolean {
  const left = regionOf(a);
  const right = regionOf(b);
  return (
    left.sheetId === right.sheetId &&
    left.window.startRow === right.window.startRow &&
    left.window.endRow === right.window.endRow &&
    left.window.startColumn === right.window.startColumn &&
    left.window.endColumn === right.window.endColumn
  );
}

function matchesLookup(metadata: DeveloperMetadata, lookup: DeveloperMetadataLookup): boolean {
  if (lookup.metadataId !== undefined && metadata.metadataId !== lookup.metadataId) return false;
  if (lookup.metadataKey !== undefined && metadata.metadataKey !== lookup.metadataKey) return false;
  if (lookup.metadataValue !== undefined && metadata.metadataValue !== lookup.metadataValue)
    return false;
  if (lookup.visibility !== undefined && metadata.visibility !== lookup.visibility) return false;
  if (
    lookup.locationType !== undefined &&
    metadata.location?.locationType !== lookup.locationType
  ) {
    return false;
  }
  const where = lookup.metadataLocation;
  if (!where) return true;
  return lookup.locationMatchingStrategy === 'EXACT_LOCATION'
    ? sameLocation(metadata.location, where)
    : intersects(regionOf(where), regionOf(metadata.location));
}

function matchesFilter(
  source: MetadataSource,
  metadata: DeveloperMetadata,
  filter: DataFilter,
): boolean {
  if (filter.developerMetadataLookup)
    return matchesLookup(metadata, filter.developerMetadataLookup);
  if (metadata.location?.spreadsheet) return false;
  if (filter.a1Range !== undefined) {
    const { sheet, window } = parseA1Range(filter.a1Range, source.sheets);
    return intersects(
      { sheetId: sheet.properties.sheetId ?? 0, window },
      regionOf(metadata.location),
    );
  }
  if (filter.gridRange) {
    const range = filter.gridRange;
    const window = {
      startRow: range.startRowIndex,
      endRow: range.endRowIndex,
      startColumn: range.startColumnIndex,
      endColumn: range.endColumnIndex,
    };
    return intersects({ sheetId: range.sheetId ?? 0, window }, regionOf(metadata.location));
  }
  return false;
}

/**
 * Every developer metadata entry matching at least one filter, spreadsheet-level first, each
 * with the filters it matched (§6). A lookup ANDs its fields; a location matches intersecting
 * locations unless EXACT_LOCATION is asked for.
 */
export function findDeveloperMetadata(
  source: MetadataSource,
  filters: readonly DataFilter[],
): Array<{ developerMetadata: DeveloperMetadata; dataFilters: DataFilter[] }> {
  const all = [
    ...source.developerMetadata,
    ...source.sheets.flatMap((sheet) => sheet.developerMetadata),
  ];
  const found: Array<{ developerMetadata: DeveloperMetadata; dataFilters: DataFilter[] }> = [];
  for (const metadata of all) {
    const matched = filters.filter((filter) => matchesFilter(source, metadata, filter));
    if (matched.length > 0) found.push({ developerMetadata: metadata, dataFilters: matched });
  }
  return found;
}
