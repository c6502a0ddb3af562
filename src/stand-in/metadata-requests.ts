import type { DeveloperMetadata, DeveloperMetadataLocation } from '../sheets/sheets-api-types';
import { type DataFilter, findDeveloperMetadata } from './find-developer-metadata';
import type { RequestContext, RequestHandlers } from './request-context';
import { SheetsApiError } from './sheets-api-error';

function allMetadata(context: RequestContext): DeveloperMetadata[] {
  const { draft } = context;
  return [...draft.developerMetadata, ...draft.sheets.flatMap((sheet) => sheet.developerMetadata)];
}

// Resolves the requested location to the stored one, with the read-only locationType filled in.
function storedLocation(
  context: RequestContext,
  location: DeveloperMetadataLocation | undefined,
): {
  location: DeveloperMetadataLocation;
  sheetId?: number;
} {
  const set = [location?.spreadsheet, location?.sheetId, location?.dimensionRange].filter(
    (member) => member !== undefined,
  );
  if (!location || set.length !== 1) {
    throw SheetsApiError.invalid(
      'The metadata location must set exactly one of spreadsheet, sheetId and dimensionRange.',
    );
  }
  if (location.spreadsheet) return { location: { locationType: 'SPREADSHEET', spreadsheet: true } };
  if (location.sheetId !== undefined) {
    const sheetId = context.sheet(location.sheetId).properties.sheetId ?? 0;
    return { location: { locationType: 'SHEET', sheetId }, sheetId };
  }
  const range = location.dimensionRange ?? {};
  const sheet = context.grid(range.sheetId);
  const rows = range.dimension === 'ROWS';
  if (!rows && range.dimension !== 'COLUMNS') {
    throw SheetsApiError.invalid('dimensionRange.dimension must be ROWS or COLUMNS.');
  }
  const start = range.startIndex;
  if (start === undefined || range.endIndex !== start + 1) {
    throw SheetsApiError.invalid(
      'Developer metadata may only be associated with a single row or column: the dimensionRange must span exactly one.',
    );
  }
  const grid = sheet.properties.gridProperties;
  const count = (rows ? grid?.rowCount : grid?.columnCount) ?? 0;
  if (start >= count) {
    throw SheetsApiError.invalid(
      `dimensionRange.startIndex ${start} is past the end of the sheet (${count}).`,
    );
  }
  return {
    location: { locationType: rows ? 'ROW' : 'COLUMN', dimensionRange: range },
    sheetId: sheet.properties.sheetId ?? 0,
  };
}

/** createDeveloperMetadata and deleteDeveloperMetadata. */
export const metadataRequests: RequestHandlers = {
  createDeveloperMetadata(context, { developerMetadata: requested = {} }) {
    if (!requested.metadataKey) throw SheetsApiError.invalid('metadataKey must be set.');
    if (requested.visibility !== 'DOCUMENT' && requested.visibility !== 'PROJECT') {
      throw SheetsApiError.invalid('visibility must be DOCUMENT or PROJECT.');
    }
    const existing = new Set(allMetadata(context).map((metadata) => metadata.metadataId));
    const requestedId = requested.metadataId;
    if (requestedId !== undefined && requestedId <= 0) {
      throw SheetsApiError.invalid(`metadataId ${requestedId} must be positive.`);
    }
    if (requestedId !== undefined && existing.has(requestedId)) {
      throw SheetsApiError.invalid(`Developer metadata with id ${requestedId} already exists.`);
    }
    const { location, sheetId } = storedLocation(context, requested.location);
    const metadata: DeveloperMetadata = {
      metadataId: requestedId ?? context.newId((id) => existing.has(id)),
      metadataKey: requested.metadataKey,
    };
    if (requested.metadataValue !== undefined) metadata.metadataValue = requested.metadataValue;
    metadata.location = location;
    metadata.visibility = requested.visibility;
    if (sheetId === undefined) {
      context.draft.developerMetadata.push(metadata);
    } else {
      context.draft.edit(context.sheet(sheetId)).developerMetadata.push(metadata);
    }
    return { createDeveloperMetadata: { developerMetadata: metadata } };
  },

  deleteDeveloperMetadata(context, { dataFilter }) {
    const { draft } = context;
    const doomed = new Set(
      findDeveloperMetadata(draft, [(dataFilter ?? {}) as DataFilter]).map(
        (match) => match.developerMetadata,
      ),
    );
    if (doomed.size === 0) return { deleteDeveloperMetadata: {} };
    draft.developerMetadata = draft.developerMetadata.filter((metadata) => !doomed.has(metadata));
    for (const sheet of draft.sheets) {
      if (sheet.developerMetadata.some((metadata) => doomed.has(metadata))) {
        const edited = draft.edit(sheet);
        edited.developerMetadata = sheet.developerMetadata.filter(
          (metadata) => !doomed.has(metadata),
        );
      }
    }
    return { deleteDeveloperMetadata: { deletedDeveloperMetadata: [...doomed] } };
  },
};
