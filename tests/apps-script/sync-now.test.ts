import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/domain/analysis';
import type { Rate } from '../../src/domain/compute-coverage';
import { createAccessTokenSource } from '../../src/sheets/service-account-token';
import { createSheetsClient, type SheetsClient } from '../../src/sheets/sheets-client';
import { deriveSheetKey } from '../../src/worker/request-signature';
import { BlockingFetch } from './blocking-fetch';
import { type AppsScriptOptions, loadAppsScript, type Shown } from './load-apps-script';
import { type CannedAnswer, type LocalServices, startLocalServices } from './start-local-services';

/** What the clerk reads in each case (Code.js). */
const SAYS = {
  notConfigured: '未配置：请管理员在“两个全覆盖 → 同步设置…”中填写 Worker 地址和同步密钥。',
  badKey:
    '同步密钥不正确：请管理员核对这份表格的同步密钥，并在“两个全覆盖 → 同步设置…”中重新填写。',
  expired:
    '请求已过期：签名时间与同步服务的时钟相差超过 5 分钟。请再点一次“立即同步”；如仍出现，请管理员检查同步服务器的时间。',
  syncRunning: '上一次同步仍在进行，完成后结果会自动写入表格：请过一会儿查看“覆盖总览”，无需再点。',
  googleBusy: 'Google 表格暂时繁忙，请一分钟后再点“立即同步”。',
  unreachable:
    '无法连接同步服务：请稍后再试；如仍无法连接，请管理员核对“同步设置…”中的 Worker 地址。',
  timedOut: '同步服务响应超时：同步可能仍在进行，请稍后查看“覆盖总览”，或再点一次“立即同步”。',
};
const OUTPUT_TABS = ['覆盖总览', '覆盖缺口', '责任缺口', '数据问题', '历史'];

function json(status: number, body: object): CannedAnswer {
  return { status, type: 'application/json; charset=utf-8', body: JSON.stringify(body) };
}

const EMPTY_COMMITTEE: Summary = {
  asOf: '2026-11-26',
  period: { label: '2026年第四季度', start: '2026-10-01', end: '2026-12-31' },
  rates: {
    org: { covered: 0, total: 0 },
    work: { covered: 0, total: 0 },
    contact: { covered: 0, total: 0 },
  },
  coverageGaps: [],
  responsibilityGaps: [],
  dataIssues: [],
  review: {
    previous: null,
    opened: { coverage: 0, responsibility: 0 },
    closed: { coverage: 0, responsibility: 0 },
    open: { coverage: 0, responsibility: 0 },
    persistent: [],
    ledgerRestarted: false,
  },
};

/**
 * What the real Worker cannot be made to answer on demand (a sync still running, Google busy, an
 * internal fault), a server that is not the Worker, and a committee nobody counts in. The canned
 * server never answers any other path.
 */
const CANNED: Record<string, CannedAnswer> = {
  '/v1/sheets/sync-running/sync': json(409, {
    code: 'SYNC_RUNNING',
    message: '同步仍在进行中，完成后结果会写入表格，请稍后刷新查看。',
  }),
  '/v1/sheets/google-busy/sync': json(503, {
    code: 'RATE_LIMITED',
    message: '访问 Google 表格过于频繁，请一分钟后再试。',
  }),
  '/v1/sheets/worker-fault/sync': json(500, {
    code: 'INTERNAL',
    message: '同步服务发生内部错误，表格没有被修改，请联系管理员。',
  }),
  '/v1/sheets/not-the-worker/sync': {
    status: 404,
    type: 'text/html',
    body: '<html><body>Not Found</body></html>',
  },
  '/v1/sheets/empty-committee/sync': json(200, EMPTY_COMMITTEE),
};

let services: LocalServices;
let fetcher: BlockingFetch;
let sheets: SheetsClient;
let accessToken: string;

beforeAll(async () => {
  fetcher = new BlockingFetch();
  services = await startLocalServices(CANNED);
  const tokens = createAccessTokenSource({
    key: services.syncAccount,
    tokenUrl: services.tokenUrl,
    fetch,
  });
  sheets = createSheetsClient({ fetch, baseUrl: services.sheetsBaseUrl, tokens });
  accessToken = await tokens.getToken();
}, 180_000);

afterAll(async () => {
  await fetcher?.close();
  await services?.stop();
}, 30_000);

/** The tabs the stand-in holds now, read synchronously as SpreadsheetApp reads the live sheet. */
function liveTitles(spreadsheetId: string): () => string[] {
  return () => {
    const reply = fetcher.fetch({
      url: `${services.sheetsBaseUrl}spreadsheets/${spreadsheetId}?fields=sheets.properties.title`,
      method: 'GET',
      headers: { authorization: `Bearer ${accessToken}` },
      timeoutMs: 10_000,
    });
    if (!('status' in reply) || reply.status !== 200) throw new Error(JSON.stringify(reply));
    const body = JSON.parse(reply.body) as { sheets: Array<{ properties: { title: string } }> };
    return body.sheets.map((sheet) => sheet.properties.title);
  };
}

/** The text of every tab, cell by cell, read back through the stand-in's Sheets API. */
async function tabTexts(spreadsheetId: string): Promise<Map<string, string>> {
  const spreadsheet = await sheets.getSpreadsheet(spreadsheetId, {
    includeGridData: true,
    fields: 'sheets(properties.title,data.rowData.values.formattedValue)',
  });
  return new Map(
    (spreadsheet.sheets ?? []).map((sheet) => [
      sheet.properties?.title ?? '',
      (sheet.data ?? [])
        .flatMap((grid) => grid.rowData ?? [])
        .flatMap((row) => row.values ?? [])
        .map((cell) => cell.formattedValue ?? '')
        .join('\n'),
    ]),
  );
}

/** The clerk clicks 两个全覆盖 → 立即同步 in the spreadsheet `spreadsheetId`. */
function clickSyncNow(
  spreadsheetId: string,
  settings: { url?: string; key?: string },
  options: AppsScriptOptions = {},
) {
  // Every Worker here listens on 127.0.0.1, which needs the development switch.
  const properties: Record<string, string> = { DC_ALLOW_LOCAL_WORKER: 'true' };
  if (settings.url) properties.DC_WORKER_URL = settings.url;
  if (settings.key) properties.DC_SHEET_KEY = settings.key;
  const script = loadAppsScript({ spreadsheetId, properties, fetcher, ...options });
  script.run('syncNow');
  return script;
}

function failed(text: string): Shown[] {
  return [
    { kind: 'toast', title: '两个全覆盖', text: '正在同步…', seconds: -1 },
    { kind: 'toast', title: '两个全覆盖', text: '同步未完成', seconds: 5 },
    { kind: 'alert', title: '同步未完成', text },
  ];
}

const randomKey = () => randomBytes(32).toString('hex');

describe('立即同步 against the real Worker and the Sheets stand-in', { timeout: 60_000 }, () => {
  it('fills the output tabs, shows the period and the three rates, and opens 覆盖总览', async () => {
    const id = services.spreadsheetId;
    expect((await tabTexts(id)).get('覆盖总览') ?? '').not.toContain('截至日期');
    const key = await deriveSheetKey(services.signingSecret, id);
    const script = clickSyncNow(
      id,
      { url: services.workerUrl, key },
      { sheetTitles: liveTitles(id) },
    );

    const [request] = script.fetched;
    expect(request).toMatchObject({
      url: `${services.workerUrl}/v1/sheets/${id}/sync`,
      method: 'POST',
      body: expect.stringMatching(/^\{"trigger":"menu","nonce":"[0-9a-f-]{36}"\}$/),
      headers: { 'Content-Type': 'application/json', 'X-DC-Signature': expect.any(String) },
      reply: { status: 200 },
    });
    const reply = request?.reply as { body: string };
    const summary = JSON.parse(reply.body) as Summary;
    const rate = (label: string, { covered, total }: Rate) =>
      `${label} ${((100 * covered) / total).toFixed(1)}%（${covered}/${total}）`;
    expect(Object.values(summary.rates).every((counted) => counted.total > 0)).toBe(true);
    const tabs = await tabTexts(id);
    expect([...tabs.keys()]).toEqual(expect.arrayContaining(OUTPUT_TABS));
    expect(tabs.get('覆盖总览')).toContain('截至日期');
    expect(tabs.get('覆盖总览')).toContain(summary.asOf);
    expect(script.shown).toEqual([
      { kind: 'toast', title: '两个全覆盖', text: '正在同步…', seconds: -1 },
      { kind: 'toast', title: '两个全覆盖', text: '同步完成', seconds: 5 },
      {
        kind: 'alert',
        title: '同步完成',
        text: [
          `${summary.period.label}（${summary.period.start} 至 ${summary.period.end}），截至 ${summary.asOf}`,
          '',
          rate('组织覆盖率', summary.rates.org),
          rate('工作覆盖率', summary.rates.work),
          rate('联系落实率', summary.rates.contact),
          '',
          `覆盖缺口 ${summary.coverageGaps.length} 人 · 责任缺口 ${summary.responsibilityGaps.length} 项 · 数据问题 ${summary.dataIssues.length} 条`,
          '详情见“覆盖总览”“覆盖缺口”“责任缺口”“数据问题”工作表。',
        ].join('\n'),
      },
    ]);
    expect(script.activeSheet).toBe('覆盖总览');
  });

  it('shows — for a rate nobody counts towards', () => {
    const script = clickSyncNow('empty-committee', { url: services.cannedUrl, key: randomKey() });
    const alert = script.shown.at(-1);
    expect(alert?.title).toBe('同步完成');
    expect(alert?.text).toContain(
      '\n组织覆盖率 —（0/0）\n工作覆盖率 —（0/0）\n联系落实率 —（0/0）\n',
    );
    expect(script.activeSheet).toBeUndefined();
  });
});

describe('立即同步 says what went wrong', { timeout: 60_000 }, () => {
  it('not configured: asks for the administrator, without a request', () => {
    for (const settings of [{}, { url: services.workerUrl }, { key: randomKey() }]) {
      const script = clickSyncNow(services.spreadsheetId, settings);
      expect(script.shown).toEqual([
        { kind: 'alert', title: '两个全覆盖', text: SAYS.notConfigured },
      ]);
      expect(script.fetched).toEqual([]);
    }
  });

  it('a wrong key (BAD_SIGNATURE): the key is wrong, ask the administrator', async () => {
    const anotherSheetsKey = await deriveSheetKey(services.signingSecret, 'another-sheet');
    const script = clickSyncNow(services.spreadsheetId, {
      url: services.workerUrl,
      key: anotherSheetsKey,
    });
    expect(script.fetched[0]?.reply).toMatchObject({ status: 401 });
    expect(script.fetched[0]?.reply).toHaveProperty(
      'body',
      expect.stringContaining('BAD_SIGNATURE'),
    );
    expect(script.shown).toEqual(failed(SAYS.badKey));
  });

  it('a clock 10 minutes off (EXPIRED): the request expired', async () => {
    const script = clickSyncNow(
      services.spreadsheetId,
      {
        url: services.workerUrl,
        key: await deriveSheetKey(services.signingSecret, services.spreadsheetId),
      },
      { now: () => Date.now() + 10 * 60_000 },
    );
    expect(script.fetched[0]?.reply).toHaveProperty('body', expect.stringContaining('EXPIRED'));
    expect(script.shown).toEqual(failed(SAYS.expired));
  });

  it('a sheet not shared with the service account (NOT_SHARED): names the e-mail to share with', async () => {
    const owners = createSheetsClient({
      fetch,
      baseUrl: services.sheetsBaseUrl,
      tokens: createAccessTokenSource({
        key: services.ownerAccount,
        tokenUrl: services.tokenUrl,
        fetch,
      }),
    });
    const { spreadsheetId } = await owners.createSpreadsheet({
      properties: { title: '别人的表格' },
    });
    const id = spreadsheetId as string;
    const script = clickSyncNow(id, {
      url: services.workerUrl,
      key: await deriveSheetKey(services.signingSecret, id),
    });
    expect(script.fetched[0]?.reply).toMatchObject({ status: 502 });
    expect(script.shown).toEqual(
      failed(
        `同步服务无权访问这份表格：请在表格右上角点“共享”，把 ${services.syncAccount.client_email} 添加为编辑者。`,
      ),
    );
  });

  it('a workbook that cannot be synced (422): the Worker’s sentence', async () => {
    const { spreadsheetId } = await sheets.createSpreadsheet({ properties: { title: '空表格' } });
    const id = spreadsheetId as string;
    const script = clickSyncNow(id, {
      url: services.workerUrl,
      key: await deriveSheetKey(services.signingSecret, id),
    });
    expect(script.fetched[0]?.reply).toMatchObject({ status: 422 });
    expect(script.shown).toEqual(
      failed('工作簿中没有「委员」表，无法同步：请添加名为「委员」的工作表。'),
    );
  });

  it('a Worker nobody answers at (a closed port): cannot connect', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address() as { port: number };
        server.close(() => resolve(address.port));
      });
    });
    const script = clickSyncNow(services.spreadsheetId, {
      url: `http://127.0.0.1:${port}`,
      key: randomKey(),
    });
    expect(script.fetched[0]?.reply).toEqual({ failure: 'Address unavailable' });
    expect(script.shown).toEqual(failed(SAYS.unreachable));
  });

  it('a Worker that does not answer in time: timed out, whatever language the error is in', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const script = clickSyncNow(
        'hangs',
        { url: services.cannedUrl, key: randomKey() },
        { fetchTimeoutMs: 1_000, locale },
      );
      expect(script.fetched[0]?.reply).toEqual({ failure: 'Timeout' });
      expect(script.shown).toEqual(failed(SAYS.timedOut));
    }
  });

  it.each([
    ['sync-running', '409 SYNC_RUNNING', SAYS.syncRunning],
    ['google-busy', '503 (Google busy)', SAYS.googleBusy],
    [
      'worker-fault',
      'another status with a JSON message',
      '同步服务发生内部错误，表格没有被修改，请联系管理员。',
    ],
    [
      'not-the-worker',
      'another status without JSON',
      '同步服务返回了意外的结果（HTTP 404）：请稍后再试；如仍出现，请管理员核对“同步设置…”中的 Worker 地址。',
    ],
  ])('%s — %s', (id, _case, says) => {
    const script = clickSyncNow(id, { url: services.cannedUrl, key: randomKey() });
    expect(script.shown).toEqual(failed(says));
  });
});
