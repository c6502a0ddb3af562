import type { Context } from 'hono';
import { Hono } from 'hono';
import { failureStatus, HttpFailure, type HttpFailureCode } from './http-failure';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyRequest } from './request-signature';
import type { SyncOutcome } from './sheet-sync-coordinator';

/** Sync requests carry a tiny JSON body; anything larger is refused before it is read. */
const MAX_BODY_BYTES = 4096;
const SPREADSHEET_ID = /^[A-Za-z0-9_-]{1,200}$/;
/** How long a caller waits for its sync before hearing that it still runs. */
const DEFAULT_WAIT_SECONDS = 50;

type AppEnv = { Bindings: Env };

function fail(code: HttpFailureCode, message?: string): never {
  throw new HttpFailure(code, message);
}

/**
 * The body, refused as too large once it passes MAX_BODY_BYTES. A Content-Length over the limit
 * is refused unread; one that is absent, or lies, lets no more than the limit through either.
 */
async function readBody(request: Request): Promise<Uint8Array> {
  if (Number(request.headers.get('content-length')) > MAX_BODY_BYTES) fail('PAYLOAD_TOO_LARGE');
  const body = new Uint8Array(MAX_BODY_BYTES);
  if (!request.body) return body.subarray(0, 0);
  const reader = request.body.getReader();
  for (let size = 0; ; ) {
    const { done, value } = await reader.read();
    if (done) return body.subarray(0, size);
    if (size + value.length > MAX_BODY_BYTES) {
      await reader.cancel();
      fail('PAYLOAD_TOO_LARGE');
    }
    body.set(value, size);
    size += value.length;
  }
}

async function readSyncRequest(
  c: Context<AppEnv>,
  spreadsheetId: string,
  body: Uint8Array,
): Promise<string> {
  const env = c.env;
  if (!env.SYNC_SIGNING_SECRET || !env.GOOGLE_SERVICE_ACCOUNT_KEY) fail('NOT_CONFIGURED');
  const signature = c.req.header(SIGNATURE_HEADER) ?? null;
  const problem = await verifyRequest({
    secret: env.SYNC_SIGNING_SECRET,
    spreadsheetId,
    method: c.req.method,
    path: new URL(c.req.url).pathname,
    body,
    timestamp: c.req.header(TIMESTAMP_HEADER) ?? null,
    signature,
    now: Math.floor(Date.now() / 1000),
  });
  if (problem) fail(problem);
  if (body.length > 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(body));
    } catch {
      fail('BAD_BODY');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail('BAD_BODY');
  }
  return signature as string;
}

function waitFor<T>(work: Promise<T>, seconds: number): Promise<T | 'timeout'> {
  let timer = 0;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), seconds * 1000) as unknown as number;
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The Worker's HTTP API: `GET /health` and the signed `POST /v1/sheets/:spreadsheetId/sync`. */
export const app = new Hono<AppEnv>();

app.get('/health', (c) => c.json({ ok: true, service: 'dual-coverage' }));

app.post('/v1/sheets/:spreadsheetId/sync', async (c) => {
  const body = await readBody(c.req.raw);
  const spreadsheetId = c.req.param('spreadsheetId');
  if (!SPREADSHEET_ID.test(spreadsheetId)) fail('BAD_SPREADSHEET_ID');
  const signature = await readSyncRequest(c, spreadsheetId, body);
  const coordinator = c.env.SHEET_SYNC.getByName(spreadsheetId);
  if (!(await coordinator.firstUse(signature, Math.floor(Date.now() / 1000)))) fail('REPLAYED');
  const wait = Number(c.env.SYNC_WAIT_SECONDS) || DEFAULT_WAIT_SECONDS;
  const sync = coordinator.sync(spreadsheetId, 'menu') as Promise<SyncOutcome>;
  const outcome = await waitFor(sync, wait);
  if (outcome === 'timeout') fail('SYNC_RUNNING');
  if (!outcome.ok) {
    const status = failureStatus(outcome.failure.code);
    if (status === 503) c.header('retry-after', '60');
    return c.json(outcome.failure, status);
  }
  return c.json(outcome.summary);
});

app.all('/health', () => fail('METHOD_NOT_ALLOWED'));
app.all('/v1/sheets/:spreadsheetId/sync', () => fail('METHOD_NOT_ALLOWED'));
app.notFound(() => fail('NO_SUCH_ROUTE'));

app.onError((error, c) => {
  const failure = error instanceof HttpFailure ? error : new HttpFailure('INTERNAL');
  if (!(error instanceof HttpFailure))
    console.error(JSON.stringify({ event: 'error', name: error.name }));
  if (failure.code === 'METHOD_NOT_ALLOWED')
    c.header('allow', new URL(c.req.url).pathname === '/health' ? 'GET' : 'POST');
  return c.json({ code: failure.code, message: failure.message }, failure.status);
});
