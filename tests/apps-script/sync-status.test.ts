import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveSheetKey } from '../../src/worker/request-signature';
import type { SheetStatus as WorkerStatus } from '../../src/worker/sheet-status';
import { BlockingFetch } from './blocking-fetch';
import { loadAppsScript } from './load-apps-script';
import { startFakeWorker } from './start-local-services';

const SECRET = randomBytes(32).toString('hex');
const STATUSES = {
  'synced-sheet': {
    registered: true,
    lastSync: {
      ok: true,
      code: 'OK',
      message: '同步完成。',
      trigger: 'menu',
      finishedAt: '2026-11-26T06:03:00.000Z',
      durationMs: 3_240,
    },
  },
  'failing-sheet': {
    registered: true,
    lastSync: {
      ok: false,
      code: 'NOT_SHARED',
      message:
        '同步服务无权访问这份表格：请在表格右上角点“共享”，把 sync@x.iam.gserviceaccount.com 添加为编辑者。',
      trigger: 'schedule',
      finishedAt: '2026-11-25T18:00:41.000Z',
      durationMs: 812,
    },
  },
} as const;

let fetcher: BlockingFetch;
let worker: { url: string; stop(): Promise<void> };
let unconfigured: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  fetcher = new BlockingFetch();
  [worker, unconfigured] = await Promise.all([
    startFakeWorker({ secret: SECRET, statuses: STATUSES }),
    startFakeWorker({}),
  ]);
}, 60_000);

afterAll(async () => {
  await fetcher?.close();
  await Promise.all([worker?.stop(), unconfigured?.stop()]);
});

/** The clerk clicks 两个全覆盖 → 同步状态 in spreadsheet `id`, whose key is `key`. */
async function clickStatus(id: string, url = worker.url, key?: string) {
  const script = loadAppsScript({
    spreadsheetId: id,
    properties: {
      DC_ALLOW_LOCAL_WORKER: 'true',
      DC_WORKER_URL: url,
      DC_SHEET_KEY: key ?? (await deriveSheetKey(SECRET, id)),
    },
    fetcher,
    timeZone: 'Asia/Shanghai',
  });
  script.run('showSyncStatus');
  const reply = script.fetched[0]?.reply;
  const answer = reply && 'body' in reply ? (JSON.parse(reply.body) as WorkerStatus) : undefined;
  return { script, answer };
}

/** `2026-11-27 02:00`: an instant in China time. */
function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

describe('同步状态 asks the Worker with a signed GET and shows the answer in Chinese', () => {
  it('a sheet synced from the menu: when, how, how long, and the next nightly run', async () => {
    const { script, answer } = await clickStatus('synced-sheet');
    expect(script.fetched).toMatchObject([
      {
        url: `${worker.url}/v1/sheets/synced-sheet/status`,
        method: 'GET',
        body: undefined,
        headers: { 'X-DC-Signature': expect.stringMatching(/^v1=[0-9a-f]{64}$/) },
        reply: { status: 200 },
      },
    ]);
    expect(script.shown).toEqual([
      {
        kind: 'alert',
        title: '同步状态',
        text: [
          '上次同步：2026-11-26 14:03（菜单“立即同步”，用时 3.2 秒）',
          '结果：成功。',
          `下次自动同步：${chinaTime(answer?.nextNightlyRun ?? '')}。`,
        ].join('\n'),
      },
    ]);
    expect(chinaTime(answer?.nextNightlyRun ?? '')).toMatch(/ 02:00$/);
  });

  it('a nightly sync that failed: the Worker’s sentence on what to do', async () => {
    const { script, answer } = await clickStatus('failing-sheet');
    expect(script.shown.at(-1)?.text).toBe(
      [
        '上次同步：2026-11-26 02:00（每日定时同步，用时 0.8 秒）',
        `结果：未成功。${STATUSES['failing-sheet'].lastSync.message}`,
        `下次自动同步：${chinaTime(answer?.nextNightlyRun ?? '')}。`,
      ].join('\n'),
    );
  });

  it('a sheet never synced: says so, and that it joins the nightly run after the first sync', async () => {
    const { script } = await clickStatus('new-sheet');
    expect(script.shown).toEqual([
      {
        kind: 'alert',
        title: '同步状态',
        text: '还没有同步记录：请点“两个全覆盖 → 立即同步”。\n这份表格尚未加入每晚自动同步：第一次用菜单同步成功后会自动加入。',
      },
    ]);
  });
});

describe('同步状态 says what went wrong', () => {
  it('a key for another sheet (BAD_SIGNATURE): the key is wrong', async () => {
    const { script } = await clickStatus(
      'synced-sheet',
      worker.url,
      await deriveSheetKey(SECRET, 'another-sheet'),
    );
    expect(script.fetched[0]?.reply).toMatchObject({ status: 401 });
    expect(script.shown).toEqual([
      {
        kind: 'alert',
        title: '同步状态',
        text: '同步密钥不正确：请管理员核对这份表格的同步密钥，并在“两个全覆盖 → 同步设置…”中重新填写。',
      },
    ]);
  });

  it('a Worker without its secrets (NOT_CONFIGURED): the Worker’s sentence', async () => {
    const { script } = await clickStatus('synced-sheet', unconfigured.url, 'a'.repeat(64));
    expect(script.shown.at(-1)?.text).toBe('同步服务尚未配置完成（缺少密钥），请联系管理员。');
  });

  it('not configured in the sheet: asks for the administrator, without a request', () => {
    const script = loadAppsScript({ fetcher });
    script.run('showSyncStatus');
    expect(script.shown).toEqual([
      {
        kind: 'alert',
        title: '两个全覆盖',
        text: '未配置：请管理员在“两个全覆盖 → 同步设置…”中填写 Worker 地址和同步密钥。',
      },
    ]);
    expect(script.fetched).toEqual([]);
  });
});
