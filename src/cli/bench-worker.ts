/**
 * The Worker `npm run bench` runs in workerd: one sync per request, through the same client,
 * token source and `runSync` as the Durable Object, against a stand-in server on this machine.
 * The layout cache travels with each request, standing in for the Durable Object's storage.
 * Bundled by wrangler from the tree being measured, so it may use only what every measured
 * tree exports (the bench gives the baseline a warm-up that does nothing: it had none).
 */
import {
  type AccessTokenSource,
  createAccessTokenSource,
  parseServiceAccountKey,
} from '../sheets/service-account-token';
import { createSheetsClient } from '../sheets/sheets-client';
import { runSync } from '../sync/run-sync';
import { warmUp } from '../worker/warm-up';

/** The body of one request to the bench Worker. */
export interface BenchSyncRequest {
  spreadsheetId: string;
  /** The stand-in's Sheets base URL and token URL. */
  baseUrl: string;
  tokenUrl: string;
  /** A service-account key file made for this run. */
  key: string;
  asOf: string;
  /** The Durable Object storage's entries before the sync. */
  storage: [string, unknown][];
}

/** What the bench Worker answers: the sync's own figures and the storage after it. */
export interface BenchSyncResponse {
  stats: { sheetsApiCalls: number; cellsRead: number; cellsWritten: number };
  storage: [string, unknown][];
}

// Like the Worker's: the code warmed at isolate start, one token source per isolate, so only
// an isolate's first sync signs.
await warmUp();
let tokens: AccessTokenSource | undefined;

export default {
  async fetch(request: Request): Promise<Response> {
    const body = (await request.json()) as BenchSyncRequest;
    tokens ??= createAccessTokenSource({
      key: parseServiceAccountKey(body.key),
      fetch: (input, init) => fetch(input, init),
      tokenUrl: body.tokenUrl,
    });
    const storage = new Map(body.storage);
    const summary = await runSync({
      spreadsheetId: body.spreadsheetId,
      client: createSheetsClient({
        fetch: (input, init) => fetch(input, init),
        tokens,
        baseUrl: body.baseUrl,
      }),
      trigger: 'schedule',
      asOf: body.asOf,
      layouts: {
        get: async (key) => storage.get(key),
        put: async (key, value) => {
          storage.set(key, value);
        },
      },
    });
    const { sheetsApiCalls, cellsRead, cellsWritten } = summary.stats;
    const answer: BenchSyncResponse = {
      stats: { sheetsApiCalls, cellsRead, cellsWritten },
      storage: [...storage],
    };
    return Response.json(answer);
  },
};
