import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli';
import {
  deriveAdminKey,
  deriveSheetKey,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyRequest,
} from '../../src/worker/request-signature';

/**
 * `npm run cli -- admin …` against a stand-in for the Worker's admin routes that verifies each
 * request with the Worker's own verification and the admin key (the routes themselves are
 * tested in workerd: tests/worker/attacks.test.ts).
 */

const SECRET = randomBytes(32).toString('hex');

interface Sheet {
  keyGeneration: number;
  registered: boolean;
  configured: boolean;
}

let sheets: Map<string, Sheet>;
const calls: string[] = [];
let server: Server;
let worker = '';

beforeEach(() => {
  calls.length = 0;
  rollup = null;
  sheets = new Map([
    ['sheet-a', { keyGeneration: 1, registered: true, configured: false }],
    ['sheet-b', { keyGeneration: 3, registered: false, configured: true }],
  ]);
});

const LAST_SYNC = {
  ok: false,
  code: 'NOT_SHARED',
  message: '同步服务无权访问这份表格。',
  trigger: 'schedule',
  finishedAt: '2026-06-01T18:00:05.000Z',
  durationMs: 321,
};

let rollup: string | null;

function route(method: string, path: string, body: string): [number, unknown] {
  if (path === '/v1/admin/rollup') {
    const { spreadsheetId } = JSON.parse(body) as { spreadsheetId?: string };
    rollup = spreadsheetId ?? rollup;
    if (!rollup) return [409, { code: 'NO_ROLLUP', message: '尚未登记汇总表。' }];
    return [200, { ok: true, spreadsheetId: rollup, committees: sheets.size, flagged: 1 }];
  }
  const [, id, action] = /^\/v1\/admin\/sheets(?:\/([^/]+))?(?:\/(\w+))?$/.exec(path) ?? [];
  const sheet = id === undefined ? undefined : sheets.get(id);
  if (method === 'GET' && id === undefined)
    return [
      200,
      {
        sheets: [...sheets].map(([spreadsheetId, s]) => ({
          spreadsheetId,
          configured: s.configured,
          registeredAt: s.registered ? '2026-05-20T02:00:00.000Z' : null,
        })),
      },
    ];
  if (!sheet) return [404, { code: 'NO_SUCH_ROUTE', message: '没有这个地址。' }];
  if (method === 'GET' && action === undefined)
    return [
      200,
      {
        spreadsheetId: id,
        registered: sheet.registered || sheet.configured,
        lastSync: id === 'sheet-a' ? LAST_SYNC : null,
        nextNightlyRun: '2026-06-02T18:00:00.000Z',
        configured: sheet.configured,
        keyGeneration: sheet.keyGeneration,
        goneNights: id === 'sheet-a' ? 2 : 0,
      },
    ];
  if (method === 'POST' && action === 'revoke') {
    const { keyGeneration } = JSON.parse(body) as { keyGeneration: number };
    const revoked = keyGeneration === sheet.keyGeneration;
    if (revoked) sheet.keyGeneration++;
    return [200, { spreadsheetId: id, keyGeneration: sheet.keyGeneration, revoked }];
  }
  if (method === 'POST' && action === 'forget') {
    const forgotten = sheet.registered;
    sheet.registered = false;
    return [200, { spreadsheetId: id, forgotten, configured: sheet.configured }];
  }
  return [405, { code: 'METHOD_NOT_ALLOWED', message: '请求方法不对。' }];
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks);
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      const method = request.method ?? 'GET';
      calls.push(`${method} ${path}${body.length > 0 ? ` ${body}` : ''}`);
      const problem = await verifyRequest({
        keys: [await deriveAdminKey(SECRET)],
        method,
        path,
        body,
        timestamp: String(request.headers[TIMESTAMP_HEADER] ?? '') || null,
        signature: String(request.headers[SIGNATURE_HEADER] ?? '') || null,
        now: Math.floor(Date.now() / 1000),
      });
      const [status, answer] = problem
        ? [401, { code: problem, message: '签名不正确。' }]
        : route(method, path, String(body));
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  worker = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function admin(
  args: string[],
  env: Record<string, string> = { SYNC_SIGNING_SECRET: SECRET },
) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['admin', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
  });
  return { code, stdout, stderr };
}

describe('npm run cli -- admin', () => {
  it('list: every sheet the nightly run syncs, with its key generation and last outcome', async () => {
    const { code, stdout } = await admin(['list', '--worker', worker]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        '表格 sheet-a',
        '  夜间同步：是（菜单同步后登记）；下次 2026-06-02T18:00:00.000Z',
        '  密钥：第 1 代',
        '  上次同步：2026-06-01T18:00:05.000Z 夜间 NOT_SHARED：同步服务无权访问这份表格。',
        '  连续 2 晚找不到表格或无权访问',
        '表格 sheet-b',
        '  夜间同步：是（SYNC_SPREADSHEETS）；下次 2026-06-02T18:00:00.000Z',
        '  密钥：第 3 代',
        '  上次同步：从未同步',
        '',
      ].join('\n'),
    );
    expect(calls).toEqual([
      'GET /v1/admin/sheets',
      'GET /v1/admin/sheets/sheet-a',
      'GET /v1/admin/sheets/sheet-b',
    ]);
    const json = await admin(['list', '--worker', worker, '--json']);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ spreadsheetId: 'sheet-a', keyGeneration: 1, lastSync: LAST_SYNC }),
      expect.objectContaining({ spreadsheetId: 'sheet-b', keyGeneration: 3, lastSync: null }),
    ]);
  });

  it('key and keys: the key of the generation the Worker holds, derived here from the secret', async () => {
    expect((await admin(['key', '--worker', worker, '--spreadsheet', 'sheet-b'])).stdout).toBe(
      `${await deriveSheetKey(SECRET, 'sheet-b', 3)}\n`,
    );
    expect((await admin(['keys', '--worker', worker])).stdout).toBe(
      `sheet-a\t${await deriveSheetKey(SECRET, 'sheet-a', 1)}\nsheet-b\t${await deriveSheetKey(SECRET, 'sheet-b', 3)}\n`,
    );
  });

  it('revoke: names the generation it revokes and prints the new key; a second run revokes the next', async () => {
    const first = await admin(['revoke', '--worker', worker, '--spreadsheet', 'sheet-a']);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      [
        '已停用第 1 代密钥；新的同步密钥（第 2 代）：',
        await deriveSheetKey(SECRET, 'sheet-a', 2),
        '请把它填入这份表格的“两个全覆盖 → 同步设置…”；旧密钥从现在起无效，其他表格不受影响。',
        '',
      ].join('\n'),
    );
    expect(calls.slice(-1)).toEqual(['POST /v1/admin/sheets/sheet-a/revoke {"keyGeneration":1}']);
    await admin(['revoke', '--worker', worker, '--spreadsheet', 'sheet-a']);
    expect(calls.slice(-1)).toEqual(['POST /v1/admin/sheets/sheet-a/revoke {"keyGeneration":2}']);
    expect(sheets.get('sheet-a')?.keyGeneration).toBe(3);
    expect(sheets.get('sheet-b')?.keyGeneration).toBe(3);
  });

  it('forget: says whether it was registered, and that a configured sheet stays until removed from SYNC_SPREADSHEETS', async () => {
    expect((await admin(['forget', '--worker', worker, '--spreadsheet', 'sheet-a'])).stdout).toBe(
      '已从夜间同步名单中删除。\n',
    );
    expect((await admin(['forget', '--worker', worker, '--spreadsheet', 'sheet-a'])).stdout).toBe(
      '这份表格本不在登记名单中。\n',
    );
    expect(
      (await admin(['forget', '--worker', worker, '--spreadsheet', 'sheet-b'])).stdout,
    ).toContain('它仍列在 SYNC_SPREADSHEETS 中');
  });

  it('rollup: registers the spreadsheet given, then rewrites it; without one, rewrites the one registered', async () => {
    const none = await admin(['rollup', '--worker', worker]);
    expect([none.code, none.stderr]).toEqual([
      3,
      expect.stringContaining('Worker 拒绝了请求（NO_ROLLUP）：尚未登记汇总表。'),
    ]);
    expect((await admin(['rollup', '--worker', worker, '--spreadsheet', 'rollup-1'])).stdout).toBe(
      '已把表格 rollup-1 登记为机关党组汇总表；此后每晚同步完会重写它。\n' +
        '已重写汇总表 rollup-1：共 2 个专委会，其中 1 个同步失败、从未同步或已超过两天未同步（标出，不计入汇总）。\n',
    );
    expect((await admin(['rollup', '--worker', worker])).stdout).toContain('已重写汇总表 rollup-1');
    expect(calls.slice(-2)).toEqual([
      'POST /v1/admin/rollup {"spreadsheetId":"rollup-1"}',
      'POST /v1/admin/rollup {}',
    ]);
    const bad = await admin(['rollup', '--worker', worker, '--spreadsheet', 'not/an/id']);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('汇总表的表格ID')]);
  });

  it("refusals: exit 3 with the Worker's sentence; mistakes: exit 1 with one sentence", async () => {
    const wrongSecret = await admin(['list', '--worker', worker], {
      SYNC_SIGNING_SECRET: randomBytes(32).toString('hex'),
    });
    expect([wrongSecret.code, wrongSecret.stderr]).toEqual([
      3,
      expect.stringContaining('Worker 拒绝了请求（BAD_SIGNATURE）：签名不正确。'),
    ]);
    const cases: [string[], Record<string, string>, string][] = [
      [['list'], { SYNC_SIGNING_SECRET: SECRET }, '需要 --worker URL'],
      [['list', '--worker', worker], {}, 'SYNC_SIGNING_SECRET'],
      [['status', '--worker', worker], { SYNC_SIGNING_SECRET: SECRET }, '需要 --spreadsheet ID'],
      [['rotate', '--worker', worker], { SYNC_SIGNING_SECRET: SECRET }, '子命令应为'],
    ];
    const unreachable = await admin(['list', '--worker', 'http://127.0.0.1:1'], {
      SYNC_SIGNING_SECRET: SECRET,
    });
    expect([unreachable.code, unreachable.stderr]).toEqual([
      3,
      expect.stringContaining('无法连接 Worker'),
    ]);
    for (const [args, env, says] of cases) {
      const { code, stderr } = await admin(args, env);
      expect([code, stderr], args.join(' ')).toEqual([1, expect.stringContaining(says)]);
    }
  });
});
