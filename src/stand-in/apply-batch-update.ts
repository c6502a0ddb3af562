import type { BatchUpdateSpreadsheetRequest, Request, Response } from '../sheets/sheets-api-types';
import { cellRequests } from './cell-requests';
import { dimensionRequests } from './dimension-requests';
import { discoverySchemas } from './discovery-schemas';
import { metadataRequests } from './metadata-requests';
import { objectRequests } from './object-requests';
import { RequestContext, type RequestHandlers } from './request-context';
import { sheetRequests } from './sheet-requests';
import { SheetsApiError } from './sheets-api-error';
import { SpreadsheetDraft } from './spreadsheet-draft';
import type { StoredSpreadsheet } from './stored-spreadsheet';

const MAX_CELLS = 10_000_000;

const HANDLERS: RequestHandlers = {
  ...sheetRequests,
  ...cellRequests,
  ...dimensionRequests,
  ...metadataRequests,
  ...objectRequests,
};

type AnyHandler = (context: RequestContext, body: unknown) => Response | undefined;

/** What a successful batch leaves behind. */
export interface BatchUpdateOutcome {
  spreadsheet: StoredSpreadsheet;
  replies: Response[];
}

/**
 * Applies `spreadsheets:batchUpdate` requests (already validated and proto3-normalised) to a
 * draft, in order, so later requests see earlier effects such as caller-chosen sheetIds. Any
 * failure throws `Invalid requests[i].<kind>: …` and leaves the stored spreadsheet untouched.
 */
export function applyBatchUpdate(
  spreadsheet: StoredSpreadsheet,
  body: BatchUpdateSpreadsheetRequest,
  options: { random: () => number; callerEmail: string | undefined },
): BatchUpdateOutcome {
  const requests = body.requests ?? [];
  if (requests.length === 0) throw SheetsApiError.invalid('Must specify at least one request.');
  const draft = new SpreadsheetDraft(spreadsheet);
  const context = new RequestContext(draft, options.random, options.callerEmail);
  const replies = requests.map((request, i): Response => {
    const kinds = Object.keys(request) as Array<keyof Request>;
    const [kind, extra] = kinds;
    if (extra !== undefined) {
      throw SheetsApiError.invalid(
        `Invalid value at 'requests[${i}]' (oneof), oneof field 'kind' is already set. Cannot overwrite with '${discoverySchemas.protoPath(extra)}'`,
      );
    }
    if (kind === undefined) throw SheetsApiError.invalid(`Invalid requests[${i}]: No request set.`);
    const handler = HANDLERS[kind] as AnyHandler | undefined;
    if (!handler) {
      throw new SheetsApiError(
        'UNIMPLEMENTED',
        `Invalid requests[${i}].${kind}: the local Sheets stand-in does not implement this request kind.`,
      );
    }
    try {
      const reply = handler(context, request[kind]);
      if (draft.gridCells() > MAX_CELLS) {
        throw SheetsApiError.invalid(
          `This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`,
        );
      }
      return reply ?? {};
    } catch (error) {
      if (error instanceof SheetsApiError) throw error.prefixed(`Invalid requests[${i}].${kind}: `);
      throw error;
    }
  });
  return { spreadsheet: draft.commit(), replies };
}
