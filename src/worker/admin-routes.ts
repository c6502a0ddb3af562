import { type Context, Hono } from 'hono';
import { SPREADSHEET_ID } from '../sheets/spreadsheet-id';
import type { Failure } from '../sync/describe-failure';
import { configuredSpreadsheets } from './configured-spreadsheets';
import { failureStatus, HttpFailure } from './http-failure';
import { logLine } from './log-line';
import { methodNotAllowed } from './method-not-allowed';
import { deriveAdminKey } from './request-signature';
import { sheetStatus } from './sheet-status';
import { jsonObjectBody, readBody, signedRequestOf, signedWithOneOf } from './signed-request';
import { signingSecrets } from './signing-secrets';
import { spreadsheetIdOf } from './spreadsheet-id-of';

type AdminContext = Context<{ Bindings: Env }>;

/**
 * Reads and verifies a request signed with the admin key of the current secret only (an
 * administrator who rotates the secret has the new one); a sheet's key never passes.
 */
async function signedByAdmin(c: AdminContext) {
  const body = await readBody(c.req.raw);
  if (c.req.param('spreadsheetId') !== undefined) spreadsheetIdOf(c);
  const [secret = ''] = signingSecrets(c.env, Date.now());
  const request = signedRequestOf(c, body);
  if (!(await signedWithOneOf(request, [await deriveAdminKey(secret)])))
    throw new HttpFailure('BAD_SIGNATURE');
  return request;
}

/**
 * The administrative routes, mounted at `/v1/admin` (docs/worker.md): list the sheets the
 * nightly run syncs, show one, revoke its key, forget it. Reads are harmless to replay and
 * the two writes are idempotent, so none needs the replay check.
 */
export const adminRoutes = new Hono<{ Bindings: Env }>();

adminRoutes.get('/sheets', async (c) => {
  await signedByAdmin(c);
  const registered = await c.env.REGISTRY.getByName('registry').list();
  const configured = configuredSpreadsheets(c.env);
  const ids = [...new Set([...configured, ...registered.map((s) => s.spreadsheetId)])].sort();
  return c.json({
    sheets: ids.map((spreadsheetId) => ({
      spreadsheetId,
      configured: configured.includes(spreadsheetId),
      registeredAt: registered.find((s) => s.spreadsheetId === spreadsheetId)?.registeredAt ?? null,
    })),
  });
});

adminRoutes.get('/sheets/:spreadsheetId', async (c) => {
  await signedByAdmin(c);
  const id = spreadsheetIdOf(c);
  const state = await c.env.SHEET_SYNC.getByName(id).sheetState();
  return c.json({
    ...(await sheetStatus(c.env, id, state.lastSync)),
    configured: configuredSpreadsheets(c.env).includes(id),
    keyGeneration: state.keyGeneration,
    goneNights: state.goneNights,
  });
});

adminRoutes.post('/sheets/:spreadsheetId/revoke', async (c) => {
  const request = await signedByAdmin(c);
  const id = spreadsheetIdOf(c);
  const generation = jsonObjectBody(request).keyGeneration;
  if (!Number.isSafeInteger(generation) || (generation as number) < 1)
    throw new HttpFailure('BAD_BODY', '请求内容须为 {"keyGeneration": 要停用的密钥代数}。');
  const answer = await c.env.SHEET_SYNC.getByName(id).revokeKey(generation as number);
  if (answer.revoked)
    logLine({
      event: 'admin',
      action: 'revoke',
      spreadsheetId: id,
      keyGeneration: answer.keyGeneration,
    });
  return c.json({ spreadsheetId: id, ...answer });
});

adminRoutes.post('/sheets/:spreadsheetId/forget', async (c) => {
  jsonObjectBody(await signedByAdmin(c));
  const id = spreadsheetIdOf(c);
  const forgotten = await c.env.REGISTRY.getByName('registry').forget(id);
  if (forgotten) logLine({ event: 'admin', action: 'forget', spreadsheetId: id });
  return c.json({
    spreadsheetId: id,
    forgotten,
    configured: configuredSpreadsheets(c.env).includes(id),
  });
});

/**
 * Writes the 机关党组汇总 now (docs/rollup.md); with `{"spreadsheetId": …}` registers that
 * spreadsheet as the rollup first. Both are idempotent: writing again rewrites the same tabs.
 */
adminRoutes.post('/rollup', async (c) => {
  const body = jsonObjectBody(await signedByAdmin(c));
  const rollup = c.env.ROLLUP.getByName('rollup');
  if (body.spreadsheetId !== undefined) {
    const id = body.spreadsheetId;
    if (typeof id !== 'string' || !SPREADSHEET_ID.test(id))
      throw new HttpFailure('BAD_BODY', '请求内容须为 {} 或 {"spreadsheetId": 汇总表的表格ID}。');
    await rollup.register(id);
    logLine({ event: 'admin', action: 'rollup', spreadsheetId: id });
  }
  const outcome = await rollup.write('admin');
  if (outcome.ok) return c.json(outcome);
  if (outcome.code === 'BUSY')
    throw new HttpFailure('BUSY', outcome.message, {
      'retry-after': String(Math.max(1, Math.ceil(outcome.retryAfterMs / 1000))),
    });
  if (outcome.code === 'NO_ROLLUP') throw new HttpFailure('NO_ROLLUP', outcome.message);
  return c.json(
    { code: outcome.code, message: outcome.message },
    failureStatus(outcome.code as Failure['code']),
  );
});

adminRoutes.all('/sheets', methodNotAllowed('GET'));
adminRoutes.all('/rollup', methodNotAllowed('POST'));
adminRoutes.all('/sheets/:spreadsheetId', methodNotAllowed('GET'));
adminRoutes.all('/sheets/:spreadsheetId/revoke', methodNotAllowed('POST'));
adminRoutes.all('/sheets/:spreadsheetId/forget', methodNotAllowed('POST'));
