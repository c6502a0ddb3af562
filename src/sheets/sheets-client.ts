import { type Reply, type Resend, sendWithRetry, type TransportOptions } from './send-with-retry';
import type {
  BatchGetValuesResponse,
  BatchUpdateSpreadsheetRequest,
  BatchUpdateSpreadsheetResponse,
  Spreadsheet,
} from './sheets-api-types';
import { SheetsError, type SheetsErrorCode } from './sheets-error';

/** Where the client gets bearer tokens; `createAccessTokenSource` is one. */
export interface TokenSource {
  getToken(): Promise<string>;
  /** Called with a token Google answered 401 to, before asking for a fresh one. */
  invalidate?(token: string): void;
  /** Named in NOT_SHARED errors as the address to share the spreadsheet with. */
  readonly serviceAccountEmail?: string;
}

/** Settings of {@link createSheetsClient}; without `tokens` requests carry no Authorization. */
export interface SheetsClientOptions extends TransportOptions {
  tokens?: TokenSource;
  baseUrl?: string;
}

/** Query options of `spreadsheets.get`. */
export interface GetSpreadsheetOptions {
  /** A field mask, e.g. `sheets.properties(sheetId,title)`. */
  fields?: string;
  /** A1 ranges; build sheet names with {@link quoteSheetTitle}. */
  ranges?: readonly string[];
  includeGridData?: boolean;
}

/** Query options of `values:batchGet`. */
export interface BatchGetValuesOptions {
  /** A1 ranges, answered in this order; build sheet names with {@link quoteSheetTitle}. */
  ranges: readonly string[];
  /** Google's default is FORMATTED_VALUE (text as the spreadsheet's locale shows it). */
  valueRenderOption?: 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';
  dateTimeRenderOption?: 'SERIAL_NUMBER' | 'FORMATTED_STRING';
  majorDimension?: 'ROWS' | 'COLUMNS';
  /** A field mask, e.g. `valueRanges(range,values)`. */
  fields?: string;
}

/** The Sheets API v4 calls dual-coverage makes. */
export interface SheetsClient {
  getSpreadsheet(spreadsheetId: string, options?: GetSpreadsheetOptions): Promise<Spreadsheet>;
  /** Reads values of several ranges at once; one range Google cannot place fails the call. */
  batchGetValues(
    spreadsheetId: string,
    options: BatchGetValuesOptions,
  ): Promise<BatchGetValuesResponse>;
  /**
   * Applies a batch atomically. After a 5xx or a timeout the batch is sent again (Google applies
   * all of it or none, but an attempt whose answer was lost may have been applied), so callers
   * must make batches safe to re-send, or re-read when a failure is `ambiguous`.
   */
  batchUpdate(
    spreadsheetId: string,
    body: BatchUpdateSpreadsheetRequest,
    options?: { fields?: string },
  ): Promise<BatchUpdateSpreadsheetResponse>;
  /** Creates a spreadsheet; re-sent only after a 429 or 401, so a lost answer never makes two. */
  createSpreadsheet(body: Spreadsheet): Promise<Spreadsheet>;
  /** HTTP requests sent to the Sheets API so far, each retry included, token requests excluded. */
  readonly roundTrips: number;
}

const DEFAULT_BASE_URL = 'https://sheets.googleapis.com/v4/';
// Real ids are 44 characters of this alphabet; anything else (a pasted URL, a title) would
// otherwise reach Google as a different path.
const SPREADSHEET_ID = /^[A-Za-z0-9_-]{1,200}$/;

/** Quotes a sheet title for A1 notation (`委员` → `'委员'`, `Bob's` → `'Bob''s'`). */
export function quoteSheetTitle(title: string): string {
  return `'${title.replaceAll("'", "''")}'`;
}

interface Call {
  method: 'GET' | 'POST';
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  resend: Resend;
  spreadsheetId?: string;
  /** Checks the shape of a 2xx body that parsed as a JSON object. */
  accepts: (body: Record<string, unknown>) => boolean;
}

/** Creates a Sheets API client over the injected `fetch`; it uses web APIs only, so it runs in Workers. */
export function createSheetsClient(options: SheetsClientOptions): SheetsClient {
  const { tokens, fetch } = options;
  const baseUrl = withTrailingSlash(options.baseUrl ?? DEFAULT_BASE_URL);
  let roundTrips = 0;
  const transport: TransportOptions = {
    ...options,
    fetch: (url, init) => {
      roundTrips++;
      return fetch(url, init);
    },
  };

  async function send(call: Call): Promise<Record<string, unknown>> {
    // Google pretty-prints JSON unless told not to; compact replies are a third smaller.
    const query = new URLSearchParams(call.query);
    query.set('prettyPrint', 'false');
    const url = `${baseUrl}${call.path}?${query}`;
    const label = `${call.method} ${call.path}`;
    let token: string | undefined;
    const reply = await sendWithRetry(transport, {
      label,
      resend: call.resend,
      prepare: async () => {
        token = await tokens?.getToken();
        const headers = new Headers();
        if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
        if (call.body !== undefined) headers.set('content-type', 'application/json');
        const body = call.body === undefined ? undefined : JSON.stringify(call.body);
        return { url, init: { method: call.method, headers, body } };
      },
      onUnauthorized: () => {
        if (token === undefined || tokens?.invalidate === undefined) return false;
        tokens.invalidate(token);
        return true;
      },
    });
    if (reply.status < 200 || reply.status > 299) {
      throw errorFromReply(reply, label, call.spreadsheetId, tokens?.serviceAccountEmail);
    }
    const body = parseJson(reply.body);
    if (!isRecord(body) || !call.accepts(body)) {
      // A 2xx means a write happened even though its reply is unreadable.
      const applied = call.resend !== 'safe';
      throw new SheetsError(
        'BAD_RESPONSE',
        `${label} answered HTTP ${reply.status} with a body that is not the expected JSON${applied ? '; the write was applied' : ''}`,
        { status: reply.status, attempts: reply.attempts, ambiguous: applied },
      );
    }
    return body;
  }

  return {
    get roundTrips() {
      return roundTrips;
    },
    async getSpreadsheet(spreadsheetId, { fields, ranges = [], includeGridData } = {}) {
      checkSpreadsheetId(spreadsheetId);
      const query = new URLSearchParams();
      // URLSearchParams writes a space as `+`, which Google reads as a space in the query.
      for (const range of ranges) query.append('ranges', range);
      if (includeGridData !== undefined) query.set('includeGridData', String(includeGridData));
      if (fields !== undefined) query.set('fields', fields);
      return (await send({
        method: 'GET',
        // The id pattern admits only URL-safe characters, so it goes into the path as it is.
        path: `spreadsheets/${spreadsheetId}`,
        query,
        resend: 'safe',
        spreadsheetId,
        accepts: (body) => body.sheets === undefined || Array.isArray(body.sheets),
      })) as Spreadsheet;
    },
    async batchGetValues(spreadsheetId, options) {
      checkSpreadsheetId(spreadsheetId);
      const query = new URLSearchParams();
      for (const range of options.ranges) query.append('ranges', range);
      for (const name of [
        'valueRenderOption',
        'dateTimeRenderOption',
        'majorDimension',
        'fields',
      ] as const) {
        const value = options[name];
        if (value !== undefined) query.set(name, value);
      }
      return (await send({
        method: 'GET',
        path: `spreadsheets/${spreadsheetId}/values:batchGet`,
        query,
        resend: 'safe',
        spreadsheetId,
        accepts: (body) => body.valueRanges === undefined || Array.isArray(body.valueRanges),
      })) as BatchGetValuesResponse;
    },
    async batchUpdate(spreadsheetId, body, { fields } = {}) {
      checkSpreadsheetId(spreadsheetId);
      return (await send({
        method: 'POST',
        path: `spreadsheets/${spreadsheetId}:batchUpdate`,
        ...(fields === undefined ? {} : { query: new URLSearchParams({ fields }) }),
        body,
        resend: 'atomic',
        spreadsheetId,
        accepts: (reply) => reply.replies === undefined || Array.isArray(reply.replies),
      })) as BatchUpdateSpreadsheetResponse;
    },
    async createSpreadsheet(body) {
      return (await send({
        method: 'POST',
        path: 'spreadsheets',
        body,
        resend: 'never',
        accepts: (reply) => typeof reply.spreadsheetId === 'string',
      })) as Spreadsheet;
    },
  };
}

function checkSpreadsheetId(spreadsheetId: string): void {
  if (!SPREADSHEET_ID.test(spreadsheetId)) {
    throw new SheetsError(
      'BAD_REQUEST',
      `${JSON.stringify(spreadsheetId.slice(0, 120))} is not a spreadsheet id; use the part of the sheet's URL between /d/ and /edit`,
    );
  }
}

/** What a google.rpc error envelope (or its legacy `errors[]` form) says. */
interface GoogleError {
  message: string | undefined;
  /** ErrorInfo reasons, or the legacy `errors[].reason`s. */
  reasons: string[];
}

function parseGoogleError(text: string): GoogleError {
  const body = parseJson(text);
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const entries = [
    ...(Array.isArray(error.details) ? error.details : []),
    ...(Array.isArray(error.errors) ? error.errors : []),
  ].filter(isRecord);
  const reasons = entries.flatMap((entry) =>
    typeof entry.reason === 'string' ? [entry.reason] : [],
  );
  const legacyMessage = entries.find((entry) => typeof entry.message === 'string')?.message;
  const message = typeof error.message === 'string' ? error.message : legacyMessage;
  return { message: typeof message === 'string' ? message : undefined, reasons };
}

function errorFromReply(
  reply: Reply,
  label: string,
  spreadsheetId: string | undefined,
  serviceAccountEmail: string | undefined,
): SheetsError {
  const { status, attempts, ambiguous } = reply;
  const google = parseGoogleError(reply.body);
  const said = google.message ?? `HTTP ${status}`;
  const fail = (code: SheetsErrorCode, message: string, shareWith?: string) =>
    new SheetsError(code, message, { status, attempts, ambiguous, shareWith });
  const spreadsheet =
    spreadsheetId === undefined ? 'the spreadsheet' : `spreadsheet ${spreadsheetId}`;

  if (status === 403) {
    if (
      google.reasons.includes('SERVICE_DISABLED') ||
      google.reasons.includes('accessNotConfigured') ||
      said.includes('has not been used in project')
    ) {
      return fail(
        'API_DISABLED',
        `The Google Sheets API is not enabled in the service account's Cloud project; enable it, wait a few minutes and retry. Google said: ${said}`,
      );
    }
    if (
      google.reasons.includes('ACCESS_TOKEN_SCOPE_INSUFFICIENT') ||
      google.reasons.includes('insufficientPermissions') ||
      said.includes('insufficient authentication scopes')
    ) {
      return fail(
        'INSUFFICIENT_SCOPES',
        `The access token lacks the https://www.googleapis.com/auth/spreadsheets scope. Google said: ${said}`,
      );
    }
    if (spreadsheetId !== undefined && said.startsWith('The caller does not have permission')) {
      const who = serviceAccountEmail ?? "the service account's e-mail";
      return fail(
        'NOT_SHARED',
        `The service account may not open ${spreadsheet}: share the spreadsheet with ${who} as editor`,
        serviceAccountEmail,
      );
    }
    return fail('PERMISSION_DENIED', `${label} was refused: ${said}`);
  }
  if (status === 404) {
    return fail(
      'NOT_FOUND',
      `${spreadsheet} does not exist or is not a Google Sheets file; check the id. Google said: ${said}`,
    );
  }
  if (status === 400 && said.includes('must not be an Office file')) {
    return fail(
      'OFFICE_FILE',
      `${spreadsheet} is an uploaded Office file; open it in Google Sheets, use File → Save as Google Sheets and use the new id. Google said: ${said}`,
    );
  }
  if (status === 401) {
    return fail(
      'UNAUTHENTICATED',
      `${label} was not authenticated, even after a token refresh: ${said}`,
    );
  }
  if (status === 429) {
    return fail(
      'RATE_LIMITED',
      `${label} was still over the Sheets API quota after ${attempts} attempt(s): ${said}`,
    );
  }
  if (status >= 500) {
    return fail(
      'UNAVAILABLE',
      `${label} failed with HTTP ${status} after ${attempts} attempt(s): ${said}`,
    );
  }
  if (status >= 400) return fail('BAD_REQUEST', `${label} was rejected: ${said}`);
  return fail('BAD_RESPONSE', `${label} answered HTTP ${status}`);
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
