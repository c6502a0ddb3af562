/**
 * The Worker `npm run bench` runs in workerd: one sync per request, through the Worker's own
 * client factory (`sheetsClientForEnv`, its token source kept per isolate) and `runSync`, as
 * the Durable Object runs it, against a stand-in server on this machine. Its bindings name the
 * stand-in and a key made for the run; the layout cache travels with each request, standing in
 * for the Durable Object's storage. Bundled by wrangler from the tree being measured, so it may
 * use only what every measured tree exports (the bench gives the baseline a warm-up that does
 * nothing: it had none).
 */
import { env } from 'cloudflare:workers';
import { runSync } from '../sync/run-sync';
import { type SheetsEnv, sheetsClientForEnv } from '../worker/sheets-client-for-env';
import { warmUp } from '../worker/warm-up';

/** The bench Worker's bindings: the stand-in's Sheets base URL and token URL, and the key. */
export type BenchEnv = Required<SheetsEnv>;

/** One Sheets request of a warm sync, as the bench recorded it (its token included). */
export interface RecordedCall {
  /** Below the Sheets base URL, e.g. `spreadsheets/ID/values:batchGet?…`. */
  path: string;
  method: string;
  headers: [string, string][];
  body?: string;
}

/** The body of one request to the bench Worker. */
export interface BenchSyncRequest {
  spreadsheetId: string;
  asOf: string;
  /** The Durable Object storage's entries before the sync. */
  storage: [string, unknown][];
  /**
   * When present, no sync: these calls are sent and their answers decoded, nothing else — the
   * part of a warm sync's CPU that is not the sync's own work.
   */
  replay?: RecordedCall[];
}

/** What the bench Worker answers: the sync's own figures and the storage after it. */
export interface BenchSyncResponse {
  stats: { sheetsApiCalls: number; cellsRead: number; cellsWritten: number };
  storage: [string, unknown][];
}

// As in the Worker: the code warmed and the key prepared at isolate start.
await warmUp(env as BenchEnv);

export default {
  async fetch(request: Request, bindings: BenchEnv): Promise<Response> {
    const body = (await request.json()) as BenchSyncRequest;
    if (body.replay) {
      for (const call of body.replay) {
        const { path, ...init } = call;
        JSON.parse(await (await fetch(`${bindings.SHEETS_API_BASE_URL}${path}`, init)).text());
      }
      return Response.json({
        stats: { sheetsApiCalls: body.replay.length, cellsRead: 0, cellsWritten: 0 },
        storage: body.storage,
      });
    }
    const storage = new Map(body.storage);
    const summary = await runSync({
      spreadsheetId: body.spreadsheetId,
      client: sheetsClientForEnv(bindings),
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
