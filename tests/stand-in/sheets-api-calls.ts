import type { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';

/** A status and parsed JSON body. */
export interface ApiReply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
  body: any;
  headers: Headers;
}

/** Thin calls to the stand-in's Sheets routes for one spreadsheet, as a client would send them. */
export function sheetsApiCalls(standIn: SheetsStandIn, spreadsheetId: string, token?: string) {
  const base = `https://sheets.googleapis.com/v4/spreadsheets/${spreadsheetId}`;
  const send = async (path: string, body?: unknown): Promise<ApiReply> => {
    const headers = new Headers();
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (body !== undefined) headers.set('content-type', 'application/json');
    const response = await standIn.fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json(), headers: response.headers };
  };
  return {
    /** spreadsheets.get; `query` is the raw query string, e.g. `fields=sheets.properties`. */
    get: (query = '') => send(query ? `?${query}` : ''),
    batchGet: (query: string) => send(`/values:batchGet?${query}`),
    valuesBatchUpdate: (body: unknown) => send('/values:batchUpdate', body),
    valuesBatchClear: (body: unknown) => send('/values:batchClear', body),
    batchUpdate: (body: unknown) => send(':batchUpdate', body),
    searchMetadata: (body: unknown) => send('/developerMetadata:search', body),
  };
}

/** `ranges=…&ranges=…` with each range percent-encoded, as URLSearchParams would write it. */
export function rangesQuery(...ranges: string[]): string {
  return ranges.map((range) => `ranges=${encodeURIComponent(range)}`).join('&');
}
