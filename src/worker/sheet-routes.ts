import { type Context, Hono } from 'hono';
import { failureStatus, HttpFailure } from './http-failure';
import { methodNotAllowed } from './method-not-allowed';
import { deriveSheetKey } from './request-signature';
import { sheetStatus } from './sheet-status';
import type { Refusal, RunResult } from './sheet-sync-coordinator';
import { jsonObjectBody, readBody, signedRequestOf, signedWithOneOf } from './signed-request';
import { signingSecrets } from './signing-secrets';
import { spreadsheetIdOf } from './spreadsheet-id-of';

/** How long a caller waits for its sync before hearing that it still runs. */
const DEFAULT_WAIT_SECONDS = 50;

type SheetContext = Context<{ Bindings: Env }>;

/**
 * Reads and verifies a request signed with the sheet's key of its current generation, under
 * the current secret or, during a rotation, the previous one; a request signed with the key
 * generation just revoked is told so. Returns the request and the sheet's coordinator.
 */
async function signedBySheet(c: SheetContext, needsGoogle: boolean) {
  const body = await readBody(c.req.raw);
  const id = spreadsheetIdOf(c);
  const secrets = signingSecrets(c.env, Date.now());
  if (needsGoogle && !c.env.GOOGLE_SERVICE_ACCOUNT_KEY)
    throw new HttpFailure(
      'NOT_CONFIGURED',
      '同步服务尚未配置服务账号：请管理员运行 npx wrangler secret put GOOGLE_SERVICE_ACCOUNT_KEY < key.json。',
    );
  const request = signedRequestOf(c, body);
  const coordinator = c.env.SHEET_SYNC.getByName(id);
  const state = await coordinator.sheetState();
  const keysOf = (generation: number) =>
    Promise.all(secrets.map((secret) => deriveSheetKey(secret, id, generation)));
  if (!(await signedWithOneOf(request, await keysOf(state.keyGeneration)))) {
    const revoked =
      state.keyGeneration > 1 &&
      (await signedWithOneOf(request, await keysOf(state.keyGeneration - 1)));
    throw new HttpFailure(revoked ? 'KEY_REVOKED' : 'BAD_SIGNATURE');
  }
  return { id, request, coordinator, state };
}

function waitFor<T>(work: Promise<T>, seconds: number): Promise<T | 'timeout'> {
  let timer = 0;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), seconds * 1000) as unknown as number;
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const REFUSAL_MESSAGES: Record<Refusal['code'], (seconds: number) => string | undefined> = {
  REPLAYED: () => undefined,
  TOO_MANY_SYNCS: (s) => `这份表格一分钟内的同步次数已达上限，请 ${s} 秒后再点“立即同步”。`,
  BUSY: (s) => `同步服务此刻繁忙（各表格的同步次数已达上限），请 ${s} 秒后再试。`,
};

function refusalFailure({ code, retryAfterMs }: Refusal): HttpFailure {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpFailure(
    code,
    REFUSAL_MESSAGES[code](seconds),
    code === 'REPLAYED' ? {} : { 'retry-after': String(seconds) },
  );
}

/** `POST /:spreadsheetId/sync` and `GET /:spreadsheetId/status`, mounted at `/v1/sheets`. */
export const sheetRoutes = new Hono<{ Bindings: Env }>();

sheetRoutes.post('/:spreadsheetId/sync', async (c) => {
  const { id, request, coordinator } = await signedBySheet(c, true);
  jsonObjectBody(request);
  const wait = Number(c.env.SYNC_WAIT_SECONDS) || DEFAULT_WAIT_SECONDS;
  const sync = coordinator.menuSync(id, request.signature, Number(request.timestamp));
  const result = await waitFor(sync as Promise<RunResult>, wait);
  if (result === 'timeout') throw new HttpFailure('SYNC_RUNNING');
  if (result.ok) return c.json(result.summary);
  if ('refusal' in result) throw refusalFailure(result.refusal);
  const status = failureStatus(result.failure.code);
  if (status === 503) c.header('retry-after', '60');
  return c.json(result.failure, status);
});

sheetRoutes.get('/:spreadsheetId/status', async (c) => {
  const { id, state } = await signedBySheet(c, false);
  return c.json(await sheetStatus(c.env, id, state.lastSync));
});

sheetRoutes.all('/:spreadsheetId/sync', methodNotAllowed('POST'));
sheetRoutes.all('/:spreadsheetId/status', methodNotAllowed('GET'));
