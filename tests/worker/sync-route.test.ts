import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deriveSheetKey, signRequest } from '../../src/worker/request-signature';
import { coveredCommittee } from '../support/domain-fixture';
import { callWorker, serviceAccountEmail, signedSync, workerHarness } from './worker-harness';

afterEach(() => {
  vi.restoreAllMocks();
});

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('GET /health', () => {
  it('answers without a signature', async () => {
    const response = await callWorker('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, service: 'dual-coverage' });
  });
});

describe('POST /v1/sheets/:spreadsheetId/sync', () => {
  it('runs a signed sync and returns the SPEC §6 summary', async () => {
    const { standIn, addSpreadsheet } = await workerHarness();
    const id = addSpreadsheet(coveredCommittee());
    const response = await signedSync(id);
    expect(response.status).toBe(200);
    const summary = (await response.json()) as {
      asOf: string;
      rates: unknown;
      stats: { sheetsApiCalls: number };
    };
    expect(summary.asOf).toBe(today());
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
    const { addSpreadsheet } = await workerHarness();
    const id = addSpreadsheet(coveredCommittee());
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await signedSync(id, { timestamp })).status).toBe(200);
    const replay = await signedSync(id, { timestamp });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: 'REPLAYED' });
  });

  it('serialises 20 concurrent syncs of one sheet: all answered, one history row, few writes', async () => {
    const { standIn, addSpreadsheet } = await workerHarness();
    const id = addSpreadsheet(coveredCommittee());
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signedSync(id, { body: `{"trigger":"menu","n":${i}}` })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const history = standIn.snapshot(id).sheets.find((s) => s.title === '历史');
    expect(history?.rows.map((r) => r[0])).toEqual(['日期', today()]);
    const writes = standIn.requests.filter((r) => r.kind === 'spreadsheets.batchUpdate');
    expect(writes.length).toBeLessThanOrEqual(2);
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
  it('unknown routes, wrong methods, bad ids, bad bodies and oversized bodies', async () => {
    const cases: [string, RequestInit, number, string][] = [
      ['/nowhere', {}, 404, 'NO_SUCH_ROUTE'],
      ['/v1/sheets/abc/sync', { method: 'GET' }, 405, 'METHOD_NOT_ALLOWED'],
      ['/health', { method: 'POST' }, 405, 'METHOD_NOT_ALLOWED'],
      ['/v1/sheets/a.b/sync', { method: 'POST' }, 400, 'BAD_SPREADSHEET_ID'],
      [
        '/v1/sheets/abc/sync',
        { method: 'POST', body: 'x'.repeat(10_000) },
        413,
        'PAYLOAD_TOO_LARGE',
      ],
    ];
    for (const [path, init, status, code] of cases) {
      const response = await callWorker(path, init);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.json()).toMatchObject({ code, message: expect.any(String) });
    }
    const wrongMethod = await callWorker('/v1/sheets/abc/sync', { method: 'PUT' });
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('a signed body that is not a JSON object', async () => {
    await workerHarness();
    const response = await signedSync('abc', { body: '[1,2' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'BAD_BODY' });
  });
});
