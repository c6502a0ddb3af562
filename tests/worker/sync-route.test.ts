import { createExecutionContext, env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { app } from '../../src/worker/app';
import { deriveSheetKey, signRequest } from '../../src/worker/request-signature';
import { coveredCommittee } from '../support/domain-fixture';
import {
  callWorker,
  countArrivals,
  holdFirstReads,
  serviceAccountEmail,
  signedStatus,
  signedSync,
  testClock,
  workerHarness,
} from './worker-harness';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('GET /health', () => {
  it('answers without a signature', async () => {
    const response = await callWorker('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, service: 'dual-coverage' });
  });
});

describe('POST /v1/sheets/:spreadsheetId/sync', () => {
  it('runs a signed sync and returns the contract §6 summary, as of the China date of the one clock, even a second before it turns', async () => {
    const { standIn, addSpreadsheet, clock } = await workerHarness();
    const id = addSpreadsheet(coveredCommittee());
    // 23:59:59 in China: the sync and this test read the same frozen clock.
    clock.set(Date.parse(`${clock.chinaDate()}T15:59:59.999Z`));
    const today = clock.chinaDate();
    const response = await signedSync(id);
    expect(response.status).toBe(200);
    const summary = (await response.json()) as {
      asOf: string;
      rates: unknown;
      stats: { sheetsApiCalls: number };
    };
    expect(summary.asOf).toBe(today);
    expect(summary.rates).toEqual({
      org: { covered: 1, total: 1 },
      work: expect.objectContaining({ total: 2 }),
      contact: expect.objectContaining({ total: 1 }),
    });
    // A first sync reads the layout, then the values, then writes.
    expect(summary.stats.sheetsApiCalls).toBe(3);
    const titles = standIn.snapshot(id).sheets.map((s) => s.title);
    expect(titles).toEqual(
      expect.arrayContaining(['覆盖总览', '覆盖缺口', '责任缺口', '数据问题', '历史']),
    );
  });

  describe('refuses requests that are not signed for this spreadsheet, and changes nothing', () => {
    async function refused(send: (id: string) => Promise<Response>, code: string) {
      const { standIn, addSpreadsheet } = await workerHarness();
      const id = addSpreadsheet(coveredCommittee());
      const before = standIn.snapshot(id);
      const response = await send(id);
      expect(response.status).toBe(401);
      const body = (await response.json()) as { code: string; message: string };
      expect(body.code).toBe(code);
      expect(body.message).toMatch(/[\u4e00-\u9fff]/);
      expect(standIn.snapshot(id)).toEqual(before);
      expect(standIn.requests).toEqual([]);
    }

    it('unsigned', () =>
      refused(
        (id) => callWorker(`/v1/sheets/${id}/sync`, { method: 'POST', body: '{}' }),
        'MISSING_SIGNATURE',
      ));

    it('expired: signed more than five minutes ago', () =>
      refused((id) => signedSync(id, { timestamp: Date.now() / 1000 - 301 }), 'EXPIRED'));

    it('tampered: the body is not the one signed', () =>
      refused(async (id) => {
        const path = `/v1/sheets/${id}/sync`;
        const headers = await signRequest({
          key: await deriveSheetKey(env.SYNC_SIGNING_SECRET, id),
          method: 'POST',
          path,
          body: '{"trigger":"menu"}',
          timestamp: Date.now() / 1000,
        });
        return callWorker(path, { method: 'POST', headers, body: '{"trigger":"menu","x":1}' });
      }, 'BAD_SIGNATURE'));

    it('signed for another path', () =>
      refused(
        (id) => signedSync(id, { signedPath: `/v1/sheets/${id}/sync/again` }),
        'BAD_SIGNATURE',
      ));

    it('signed with another spreadsheet’s key', () =>
      refused(
        async (id) =>
          signedSync(id, { key: await deriveSheetKey(env.SYNC_SIGNING_SECRET, 'another-sheet') }),
        'BAD_SIGNATURE',
      ));
  });

  it('refuses a replayed request inside its five minutes', async () => {
    const { addSpreadsheet, clock } = await workerHarness();
    const id = addSpreadsheet(coveredCommittee());
    const request = { body: '{"trigger":"menu","nonce":"once"}', timestamp: clock.now() / 1000 };
    expect((await signedSync(id, request)).status).toBe(200);
    clock.advance(299_000);
    const replay = await signedSync(id, request);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: 'REPLAYED' });
  });

  it('serialises 20 concurrent syncs of one sheet into exactly 2 runs: all answered, one history row', async () => {
    const { standIn, addSpreadsheet, clock, writesTo } = await workerHarness();
    const id = addSpreadsheet(coveredCommittee());
    const arrivals = countArrivals();
    // The first run's read waits for all 20: the other 19 arrive while it runs, and share one.
    holdFirstReads(standIn, () => arrivals.reach(id, 20));
    const responses = await Promise.all(Array.from({ length: 20 }, () => signedSync(id)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const history = standIn.snapshot(id).sheets.find((s) => s.title === '历史');
    expect(history?.rows.map((r) => r[0])).toEqual(['日期', clock.chinaDate()]);
    expect(writesTo(id)).toBe(2);
  });

  it('tells staff which e-mail to share the sheet with when Google refuses', async () => {
    const { standIn, addSpreadsheet } = await workerHarness();
    const id = addSpreadsheet(coveredCommittee());
    standIn.share(id, ['someone@example.com']);
    const response = await signedSync(id);
    expect(response.status).toBe(502);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('NOT_SHARED');
    expect(body.message).toContain(serviceAccountEmail());
  });

  it('says which tab to add when the workbook cannot be synced', async () => {
    const { addSpreadsheet } = await workerHarness();
    const { 委员: _, ...rest } = coveredCommittee();
    const response = await signedSync(addSpreadsheet(rest));
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      code: 'MISSING_TAB',
      message: expect.stringContaining('委员'),
    });
  });
});

describe('bad requests get a JSON answer with a stable code', () => {
  it('unknown routes, wrong methods, bad ids, bad lengths and oversized bodies', async () => {
    const cases: [string, RequestInit, number, string, string | null][] = [
      ['/nowhere', {}, 404, 'NO_SUCH_ROUTE', null],
      ['/v1/sheets/abc/sync', { method: 'GET' }, 405, 'METHOD_NOT_ALLOWED', 'POST'],
      ['/v1/sheets/abc/sync', { method: 'PUT' }, 405, 'METHOD_NOT_ALLOWED', 'POST'],
      ['/v1/sheets/abc/status', { method: 'POST' }, 405, 'METHOD_NOT_ALLOWED', 'GET'],
      ['/v1/admin/sheets', { method: 'DELETE' }, 405, 'METHOD_NOT_ALLOWED', 'GET'],
      ['/v1/admin/sheets/abc/revoke', { method: 'GET' }, 405, 'METHOD_NOT_ALLOWED', 'POST'],
      ['/health', { method: 'POST' }, 405, 'METHOD_NOT_ALLOWED', 'GET'],
      ['/v1/sheets/a.b/sync', { method: 'POST' }, 400, 'BAD_SPREADSHEET_ID', null],
      ['/v1/sheets/a.b/status', {}, 400, 'BAD_SPREADSHEET_ID', null],
      [
        '/v1/sheets/abc/sync',
        { method: 'POST', body: 'x'.repeat(10_000) },
        413,
        'PAYLOAD_TOO_LARGE',
        null,
      ],
      ...['abc', '-1', '1e3', '0x12', '18.0'].map(
        (length): [string, RequestInit, number, string, null] => [
          '/v1/sheets/abc/sync',
          { method: 'POST', headers: { 'content-length': length }, body: '{}' },
          400,
          'BAD_CONTENT_LENGTH',
          null,
        ],
      ),
    ];
    for (const [path, init, status, code, allow] of cases) {
      const response = await callWorker(path, init);
      const label = `${init.method ?? 'GET'} ${path} ${JSON.stringify(init.headers ?? {})}`;
      expect(response.status, label).toBe(status);
      expect(response.headers.get('content-type'), label).toContain('application/json');
      expect(response.headers.get('allow'), label).toBe(allow);
      expect(await response.json(), label).toMatchObject({ code, message: expect.any(String) });
    }
  });

  it('a signed body that is not a JSON object, or is empty', async () => {
    await workerHarness();
    for (const body of ['[1,2', '', '"menu"', 'null']) {
      const response = await signedSync('abc', { body });
      expect(response.status, body).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'BAD_BODY' });
    }
  });
});

describe('a deployment whose secrets are missing or examples refuses, naming what to do', () => {
  const send = (overrides: Partial<Env>, path = '/v1/sheets/abc/sync') =>
    app.fetch(
      new Request(`https://dual-coverage.example.workers.dev${path}`, {
        method: path.endsWith('/sync') ? 'POST' : 'GET',
        ...(path.endsWith('/sync') ? { body: '{}' } : {}),
      }),
      { ...env, ...overrides },
      createExecutionContext(),
    );

  it.each([
    ['SYNC_SIGNING_SECRET', { SYNC_SIGNING_SECRET: '' }, 'wrangler secret put SYNC_SIGNING_SECRET'],
    [
      'the example secret',
      { SYNC_SIGNING_SECRET: 'replace-with-openssl-rand-hex-32' },
      'openssl rand -hex 32',
    ],
    ['a short secret', { SYNC_SIGNING_SECRET: 'a'.repeat(31) }, '至少 32 个字符'],
    [
      'GOOGLE_SERVICE_ACCOUNT_KEY',
      { GOOGLE_SERVICE_ACCOUNT_KEY: '' },
      'wrangler secret put GOOGLE_SERVICE_ACCOUNT_KEY',
    ],
  ])('%s', async (_, overrides, says) => {
    const response = await send(overrides);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      code: 'NOT_CONFIGURED',
      message: expect.stringContaining(says),
    });
  });

  it('the status and admin routes too, for the secret', async () => {
    for (const path of ['/v1/sheets/abc/status', '/v1/admin/sheets']) {
      const response = await send({ SYNC_SIGNING_SECRET: 'dev-only-signing-secret' }, path);
      expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([
        500,
        'NOT_CONFIGURED',
      ]);
    }
  });
});

describe('GET /v1/sheets/:spreadsheetId/status (the contract of doctor and 同步状态)', () => {
  it('before any sync: registered false, lastSync null, and the next 18:00 UTC', async () => {
    const { addSpreadsheet, clock } = await workerHarness();
    const id = addSpreadsheet(coveredCommittee());
    clock.set(Date.parse('2026-07-01T17:59:59Z'));
    const response = await signedStatus(id);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      spreadsheetId: id,
      registered: false,
      lastSync: null,
      nextNightlyRun: '2026-07-01T18:00:00.000Z',
    });
    clock.set(Date.parse('2026-07-01T18:00:00Z'));
    expect(await (await signedStatus(id)).json()).toMatchObject({
      nextNightlyRun: '2026-07-02T18:00:00.000Z',
    });
  });

  it('after a menu sync: registered, and the last outcome with its code, sentence, trigger, time and duration', async () => {
    const { addSpreadsheet, clock, standIn } = await workerHarness();
    const id = addSpreadsheet(coveredCommittee());
    const finishedAt = new Date(clock.now()).toISOString();
    expect((await signedSync(id)).status).toBe(200);
    const status = await (await signedStatus(id)).json();
    expect(status).toEqual({
      spreadsheetId: id,
      registered: true,
      lastSync: {
        ok: true,
        code: 'OK',
        message: expect.stringMatching(
          /^同步完成：覆盖缺口 \d+ 人，责任缺口 \d+ 项，数据问题 \d+ 条。$/,
        ),
        trigger: 'menu',
        finishedAt,
        durationMs: expect.any(Number),
      },
      nextNightlyRun: expect.stringMatching(/T18:00:00\.000Z$/),
    });
    standIn.share(id, ['someone-else@example.com']);
    expect((await signedSync(id)).status).toBe(502);
    expect(await (await signedStatus(id)).json()).toMatchObject({
      registered: true,
      lastSync: {
        ok: false,
        code: 'NOT_SHARED',
        message: expect.stringContaining(serviceAccountEmail()),
        trigger: 'menu',
      },
    });
  });

  it('a sheet in SYNC_SPREADSHEETS counts as registered', async () => {
    testClock();
    const path = '/v1/sheets/configured-sheet/status';
    const headers = await signRequest({
      key: await deriveSheetKey(env.SYNC_SIGNING_SECRET, 'configured-sheet'),
      method: 'GET',
      path,
      body: '',
      timestamp: Date.now() / 1000,
    });
    const response = await app.fetch(
      new Request(`https://dual-coverage.example.workers.dev${path}`, { headers }),
      { ...env, SYNC_SPREADSHEETS: 'other, configured-sheet' },
      createExecutionContext(),
    );
    expect(await response.json()).toMatchObject({ registered: true, lastSync: null });
  });

  it('is signed like the sync: refused unsigned, with another sheet’s key, or signed as POST', async () => {
    const { addSpreadsheet } = await workerHarness();
    const id = addSpreadsheet(coveredCommittee());
    const path = `/v1/sheets/${id}/status`;
    const signedAs = async (method: string, key?: string) =>
      callWorker(path, {
        headers: await signRequest({
          key: key ?? (await deriveSheetKey(env.SYNC_SIGNING_SECRET, id)),
          method,
          path,
          body: '',
          timestamp: Date.now() / 1000,
        }),
      });
    const refusals = [
      await callWorker(path),
      await signedStatus(id, { key: await deriveSheetKey(env.SYNC_SIGNING_SECRET, 'another') }),
      await signedAs('POST'),
    ];
    expect(
      await Promise.all(
        refusals.map(async (r) => [r.status, ((await r.json()) as { code: string }).code]),
      ),
    ).toEqual([
      [401, 'MISSING_SIGNATURE'],
      [401, 'BAD_SIGNATURE'],
      [401, 'BAD_SIGNATURE'],
    ]);
    expect((await signedAs('GET')).status).toBe(200);
  });
});
