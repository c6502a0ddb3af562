import { Hono } from 'hono';
import { adminRoutes } from './admin-routes';
import { HttpFailure } from './http-failure';
import { methodNotAllowed } from './method-not-allowed';
import { sheetRoutes } from './sheet-routes';

/**
 * The Worker's HTTP API (docs/worker.md): `GET /health`, a sheet's signed
 * `POST /v1/sheets/:spreadsheetId/sync` and `GET /v1/sheets/:spreadsheetId/status`, and the
 * admin routes under `/v1/admin`.
 */
export const app = new Hono<{ Bindings: Env }>();

app.get('/health', (c) => c.json({ ok: true, service: 'dual-coverage' }));
app.all('/health', methodNotAllowed('GET'));
app.route('/v1/sheets', sheetRoutes);
app.route('/v1/admin', adminRoutes);
app.notFound(() => {
  throw new HttpFailure('NO_SUCH_ROUTE');
});

app.onError((error, c) => {
  const failure = error instanceof HttpFailure ? error : new HttpFailure('INTERNAL');
  if (!(error instanceof HttpFailure))
    console.error(JSON.stringify({ event: 'error', name: error.name }));
  for (const [name, value] of Object.entries(failure.headers)) c.header(name, value);
  return c.json({ code: failure.code, message: failure.message }, failure.status);
});
