import { Hono } from 'hono';
import { HttpFailure, type HttpFailureCode } from '../../src/worker/http-failure';
import {
  deriveSheetKey,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyRequest,
} from '../../src/worker/request-signature';
import type { SheetStatus as WorkerStatus } from '../../src/worker/sheet-status';

/** What the fake says about one sheet; sheets it does not list were never synced. */
export type SheetStatus = Pick<WorkerStatus, 'registered' | 'lastSync'>;

/** The fake's configuration: JSON, so a child process can take it on its command line. */
export interface FakeWorkerSetup {
  /** The Worker's SYNC_SIGNING_SECRET; absent, every signed route answers NOT_CONFIGURED. */
  secret?: string;
  statuses?: Record<string, SheetStatus>;
  /** How far the fake's clock runs ahead of the caller's, in seconds. */
  clockAheadSeconds?: number;
  /** Refuses every status request with this, as an older Worker (NO_SUCH_ROUTE) or a fault would. */
  refuseStatus?: HttpFailureCode;
}

/** The next 18:00 UTC (02:00 China time), when the nightly cron fires. */
function nextNightlyRun(now: number): string {
  const next = new Date(now);
  next.setUTCHours(18, 0, 0, 0);
  if (next.getTime() <= now) next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString();
}

/**
 * A stand-in for the Worker's `/health` and signed status route (the contract of issue 14),
 * until the real route is merged. Signatures are checked by the Worker's own code and refusals
 * carry the Worker's own codes and sentences.
 */
export function createFakeWorker(setup: FakeWorkerSetup): Hono {
  const app = new Hono();
  app.get('/health', (c) => c.json({ ok: true, service: 'dual-coverage' }));
  app.get('/v1/sheets/:spreadsheetId/status', async (c) => {
    const spreadsheetId = c.req.param('spreadsheetId');
    if (setup.refuseStatus) throw new HttpFailure(setup.refuseStatus);
    if (!setup.secret) throw new HttpFailure('NOT_CONFIGURED');
    const problem = await verifyRequest({
      keys: [await deriveSheetKey(setup.secret, spreadsheetId)],
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      body: new Uint8Array(await c.req.arrayBuffer()),
      timestamp: c.req.header(TIMESTAMP_HEADER) ?? null,
      signature: c.req.header(SIGNATURE_HEADER) ?? null,
      now: Math.floor(Date.now() / 1000) + (setup.clockAheadSeconds ?? 0),
    });
    if (problem) throw new HttpFailure(problem);
    const known = setup.statuses?.[spreadsheetId] ?? { registered: false, lastSync: null };
    const status: WorkerStatus = {
      spreadsheetId,
      ...known,
      nextNightlyRun: nextNightlyRun(Date.now()),
    };
    return c.json(status);
  });
  app.notFound(() => {
    throw new HttpFailure('NO_SUCH_ROUTE');
  });
  app.onError((error, c) => {
    const failure = error instanceof HttpFailure ? error : new HttpFailure('INTERNAL');
    return c.json({ code: failure.code, message: failure.message }, failure.status);
  });
  return app;
}
