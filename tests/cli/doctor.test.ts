import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli';
import { MEMBERS_TAB } from '../../src/domain/workbook-schema';
import { type FetchServer, serveFetch } from '../../src/stand-in/serve-fetch';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { MARKER_KEY } from '../../src/sync/build-write-requests';
import { deriveSheetKey } from '../../src/worker/request-signature';
import { createFakeWorker, type FakeWorkerSetup, type SheetStatus } from '../support/fake-worker';

/**
 * `npm run cli -- doctor` against the Sheets stand-in (over HTTP, with Google-style tokens) and
 * the fake Worker: every ✗ is made to happen once, and a correct set-up passes whole.
 */
const SECRET = randomBytes(32).toString('hex');
const MEMBERS_HEADER = Object.values(MEMBERS_TAB.columns).map(([header]) => header);
const SYNCED: SheetStatus = {
  registered: true,
  lastSync: {
    ok: true,
    code: 'OK',
    message: '同步完成。',
    trigger: 'menu',
    finishedAt: '2026-11-26T06:03:00.000Z',
    durationMs: 2_240,
  },
};

let dir: string;
let standIn: SheetsStandIn;
let sheets: FetchServer;
let keyFile: string;
let serviceAccount: string;
const servers: FetchServer[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-coverage-doctor-'));
  standIn = new SheetsStandIn();
  sheets = await serveFetch(async (request) => standIn.fetch(request));
  const key = await standIn.createServiceAccount('sync@committee-project.iam.gserviceaccount.com');
  serviceAccount = key.client_email;
  keyFile = join(dir, 'key.json');
  await writeFile(keyFile, JSON.stringify(key), { mode: 0o600 });
});
afterAll(async () => {
  await Promise.all([sheets.close(), ...servers.map((server) => server.close())]);
});
beforeEach(() => {
  standIn.onRequest = undefined;
});

/** An id shaped like Google's (they start with 1; one starting with `-` would read as an option). */
const newId = () => `1${randomBytes(32).toString('base64url').slice(0, 43)}`;

/** A committee sheet the way a correct deployment has it: 委员 with its columns, shared as editor. */
function committeeSheet(tabs: { title: string; rows: string[][] }[] = []): string {
  const id = standIn.createSpreadsheet({
    spreadsheetId: newId(),
    title: '农业和农村委员会',
    sheets: [
      { title: '委员', rows: [MEMBERS_HEADER, ['NY-001', '张三', '农业界', '中共党员']] },
      ...tabs,
    ],
  });
  standIn.share(id, [serviceAccount]);
  return id;
}

async function fakeWorker(setup: FakeWorkerSetup): Promise<string> {
  const worker = createFakeWorker(setup);
  const server = await serveFetch(async (request) => worker.fetch(request));
  servers.push(server);
  return server.url;
}

async function doctor(
  id: string,
  options: { worker?: string; sheetKey?: string; keyFile?: string; tokenUrl?: string } = {},
) {
  const worker =
    options.worker ?? (await fakeWorker({ secret: SECRET, statuses: { [id]: SYNCED } }));
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    [
      'doctor',
      ...['--worker', worker, '--spreadsheet', id, '--credentials', options.keyFile ?? keyFile],
      ...[
        '--api-base',
        `${sheets.url}/v4/`,
        '--token-url',
        options.tokenUrl ?? `${sheets.url}/token`,
      ],
    ],
    {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env: { SYNC_SHEET_KEY: options.sheetKey ?? (await deriveSheetKey(SECRET, id)) },
    },
  );
  const lines = stdout.trim().split('\n').slice(1);
  return {
    code,
    stdout,
    stderr,
    lines,
    line: (label: string) => lines.find((l) => l.includes(` ${label}：`)),
  };
}

describe('doctor on a correct set-up', () => {
  it('prints ✓ for each of the eight checks and exits 0', async () => {
    const id = committeeSheet();
    const before = standIn.snapshot(id);
    const { code, lines, stdout, stderr } = await doctor(id);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lines.at(-1)).toBe('全部 8 项通过。');
    expect(lines.slice(0, -1).map((line) => line.slice(0, line.indexOf('：')))).toEqual([
      '✓ Worker 在线',
      '✓ Worker 已配置',
      '✓ 服务账号密钥',
      '✓ Google Sheets API',
      '✓ 表格共享',
      '✓ 结果表',
      '✓ 「委员」表',
      '✓ 上次同步',
    ]);
    expect(stdout).toContain(`✓ 表格共享：表格已共享给 ${serviceAccount}，可以编辑。`);
    expect(stdout).toMatch(
      /✓ 上次同步：2026-11-26 14:03（北京时间，菜单同步，用时 2\.2 秒）成功；下次自动同步 \d{4}-\d\d-\d\d 02:00。/,
    );
    // The write probe took its marker away again: the sheet is as it was.
    expect(standIn.snapshot(id)).toEqual(before);
  });
});

describe('doctor: each ✗ says how to fix it, and the exit code is 4', () => {
  it('a Worker nobody answers at: can not connect; the signed checks are not run', async () => {
    const closed = await serveFetch(async () => new Response());
    await closed.close();
    const { code, line, stderr } = await doctor(committeeSheet(), { worker: closed.url });
    expect(code).toBe(4);
    expect(line('Worker 在线')).toBe(
      `✗ Worker 在线：无法连接 ${closed.url}/health：核对 --worker（npx wrangler deploy 打印的 https://….workers.dev 地址），或先部署 Worker。`,
    );
    expect(line('Worker 已配置')).toBe('– Worker 已配置：未检查：须先通过「Worker 在线」。');
    expect(line('上次同步')).toBe('– 上次同步：未检查：须先通过「Worker 已配置」。');
    expect(line('「委员」表')).toMatch(/^✓/);
    expect(stderr).toBe('3 项未通过，按上面 ✗ 一行的说明处理后再运行 doctor。\n');
  });

  it('an address that is not the Worker: its /health is not ours', async () => {
    const { line } = await doctor(committeeSheet(), { worker: sheets.url });
    expect(line('Worker 在线')).toMatch(
      /^✗ Worker 在线：http:\/\/127\.0\.0\.1:\d+\/health 的回答（HTTP 404）不是 dual-coverage Worker 的：核对 --worker 地址。$/,
    );
  });

  it('a Worker without its secrets (NOT_CONFIGURED): the wrangler secret commands', async () => {
    const { line } = await doctor(committeeSheet(), { worker: await fakeWorker({}) });
    expect(line('Worker 已配置')).toBe(
      '✗ Worker 已配置：Worker 缺少密钥：运行 npx wrangler secret put SYNC_SIGNING_SECRET 和 npx wrangler secret put GOOGLE_SERVICE_ACCOUNT_KEY < key.json。',
    );
  });

  it('a sheet key from another secret (BAD_SIGNATURE): derive the key again', async () => {
    const id = committeeSheet();
    const { line } = await doctor(id, { sheetKey: await deriveSheetKey('another-secret', id) });
    expect(line('Worker 已配置')).toBe(
      '✗ Worker 已配置：同步密钥与 Worker 的 SYNC_SIGNING_SECRET 不符：用部署时的 SYNC_SIGNING_SECRET 运行 npm run cli -- key --spreadsheet <表格ID> 重新得到密钥。',
    );
  });

  it('a clock ten minutes off the Worker’s (EXPIRED): set the clock', async () => {
    const worker = await fakeWorker({ secret: SECRET, clockAheadSeconds: 600 });
    expect((await doctor(committeeSheet(), { worker })).line('Worker 已配置')).toBe(
      '✗ Worker 已配置：本机时钟与 Worker 相差超过 5 分钟：校准本机时间后再运行 doctor。',
    );
  });

  it('a Worker deployed before the status route (NO_SUCH_ROUTE): deploy again', async () => {
    const worker = await fakeWorker({ secret: SECRET, refuseStatus: 'NO_SUCH_ROUTE' });
    expect((await doctor(committeeSheet(), { worker })).line('Worker 已配置')).toBe(
      '✗ Worker 已配置：这个 Worker 还没有状态接口（版本过旧）：运行 npx wrangler deploy 部署当前版本。',
    );
  });

  it('any other refusal: its status, code and the Worker’s sentence', async () => {
    const worker = await fakeWorker({ secret: SECRET, refuseStatus: 'INTERNAL' });
    expect((await doctor(committeeSheet(), { worker })).line('Worker 已配置')).toBe(
      '✗ Worker 已配置：Worker 拒绝了签名的状态请求（HTTP 500 INTERNAL）：同步服务发生内部错误，表格没有被修改，请联系管理员。',
    );
  });

  it('a file that is not a service-account key: download a JSON key again', async () => {
    const notAKey = join(dir, 'client_secret.json');
    await writeFile(notAKey, JSON.stringify({ installed: { client_id: 'x' } }));
    const { line, lines } = await doctor(committeeSheet(), { keyFile: notAKey });
    expect(line('服务账号密钥')).toBe(
      `✗ 服务账号密钥：${notAKey} 不是可用的服务账号 JSON 密钥：在 Cloud 控制台“IAM 和管理 → 服务账号 → 密钥 → 添加密钥 → JSON”重新下载。`,
    );
    expect(lines.filter((l) => l.startsWith('–')).map((l) => l.slice(2, l.indexOf('：')))).toEqual([
      'Google Sheets API',
      '表格共享',
      '结果表',
      '「委员」表',
    ]);
  });

  it('a key Google does not accept (a deleted account): a new key, also for the Worker', async () => {
    const deleted = await new SheetsStandIn().createServiceAccount('old@x.iam.gserviceaccount.com');
    const file = join(dir, 'deleted-key.json');
    await writeFile(file, JSON.stringify(deleted));
    const { line } = await doctor(committeeSheet(), { keyFile: file });
    expect(line('服务账号密钥')).toBe(
      '✗ 服务账号密钥：Google 不接受这个密钥（密钥或服务账号可能已被删除或停用）：为服务账号新建 JSON 密钥，并用 npx wrangler secret put GOOGLE_SERVICE_ACCOUNT_KEY 更新 Worker。',
    );
  });

  it('a token endpoint that answers with something else (a proxy’s page): no token, and why', async () => {
    const proxy = await serveFetch(async () => new Response('<html>登录</html>'));
    servers.push(proxy);
    const { line } = await doctor(committeeSheet(), { tokenUrl: `${proxy.url}/token` });
    expect(line('服务账号密钥')).toBe(
      '✗ 服务账号密钥：没能从 Google 取得访问令牌：Google 表格返回了无法识别的内容，请稍后再试。',
    );
  });

  it('the Sheets API not enabled in the key’s project: the gcloud command', async () => {
    standIn.onRequest = ({ kind }) =>
      kind === 'token'
        ? undefined
        : Response.json(
            {
              error: {
                code: 403,
                message:
                  'Google Sheets API has not been used in project 123456789 before or it is disabled.',
                status: 'PERMISSION_DENIED',
                details: [
                  {
                    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                    reason: 'SERVICE_DISABLED',
                    domain: 'googleapis.com',
                  },
                ],
              },
            },
            { status: 403 },
          );
    const { line } = await doctor(committeeSheet());
    expect(line('Google Sheets API')).toBe(
      '✗ Google Sheets API：服务账号所在的 Cloud 项目没有启用 Google Sheets API：运行 gcloud services enable sheets.googleapis.com --project=committee-project，几分钟后再试。',
    );
    expect(line('表格共享')).toBe('– 表格共享：未检查：须先通过「Google Sheets API」。');
  });

  it('a sheet not shared with the service account: share it as editor', async () => {
    const id = committeeSheet();
    standIn.share(id, ['owner@example.cn']);
    const { line } = await doctor(id);
    expect(line('表格共享')).toBe(
      `✗ 表格共享：表格没有共享给 ${serviceAccount}：在表格右上角点“共享”，把它添加为编辑者。`,
    );
  });

  it('a sheet shared as viewer only: make it an editor', async () => {
    const id = committeeSheet();
    standIn.share(id, ['owner@example.cn'], [serviceAccount]);
    const { line } = await doctor(id);
    expect(line('表格共享')).toBe(
      `✗ 表格共享：${serviceAccount} 对表格只有查看权限：在表格的“共享”中把它改为编辑者。`,
    );
    expect(line('「委员」表')).toMatch(/^✓/);
  });

  it('any other refusal of the read (an uploaded .xlsx): the sync’s sentence for it', async () => {
    standIn.onRequest = ({ kind }) =>
      kind === 'token'
        ? undefined
        : Response.json(
            {
              error: {
                code: 400,
                message:
                  'This operation is not supported for this document. The document must not be an Office file.',
                status: 'FAILED_PRECONDITION',
              },
            },
            { status: 400 },
          );
    expect((await doctor(committeeSheet())).line('表格共享')).toBe(
      '✗ 表格共享：这是上传到云端硬盘的 Excel 文件，请先在 Google 表格中“文件 → 另存为 Google 表格”，再同步新表格。',
    );
  });

  it('a write refused for another reason: the sync’s sentence for it', async () => {
    standIn.onRequest = ({ kind }) =>
      kind === 'spreadsheets.batchUpdate'
        ? Response.json(
            { error: { code: 400, message: 'Invalid requests[0]', status: 'INVALID_ARGUMENT' } },
            { status: 400 },
          )
        : undefined;
    expect((await doctor(committeeSheet())).line('表格共享')).toBe(
      '✗ 表格共享：Google 表格拒绝了这次写入，表格内容没有改变，请管理员查看日志。',
    );
  });

  it('a spreadsheet id that does not exist: check --spreadsheet', async () => {
    const { line } = await doctor('1NoSuchSpreadsheet0000000000000000000000000');
    expect(line('表格共享')).toBe(
      '✗ 表格共享：找不到表格 1NoSuchSpreadsheet0000000000000000000000000：核对 --spreadsheet（表格网址中 /d/ 与 /edit 之间的部分）。',
    );
  });

  it('a staff tab named like an output tab: the sync’s own sentence; 委员 is not judged', async () => {
    const { line } = await doctor(committeeSheet([{ title: '历史', rows: [['日期', '备注']] }]));
    expect(line('结果表')).toBe(
      '✗ 结果表：工作表「历史」不是同步生成的，为免覆盖其内容，本次没有写入任何数据：请把它改名（例如「历史（原）」）后再同步。',
    );
    expect(line('「委员」表')).toBe('– 「委员」表：未检查：须先通过「结果表」。');
  });

  it('an output tab the sync made passes: it carries the marker', async () => {
    const id = committeeSheet([{ title: '历史', rows: [['日期']] }]);
    const sheetId = standIn.get(id).sheets[1]?.properties.sheetId ?? 0;
    standIn.put({
      ...standIn.get(id),
      sheets: standIn.get(id).sheets.map((sheet, index) =>
        index === 1
          ? {
              ...sheet,
              developerMetadata: [
                {
                  metadataId: 7,
                  metadataKey: MARKER_KEY,
                  metadataValue: '历史',
                  visibility: 'DOCUMENT',
                  location: { locationType: 'SHEET', sheetId },
                },
              ],
            }
          : sheet,
      ),
    });
    expect((await doctor(id)).line('结果表')).toMatch(/^✓ 结果表/);
  });

  it('no 委员 tab, or a required column missing: the sync’s own sentence', async () => {
    const noMembers = standIn.createSpreadsheet({
      spreadsheetId: newId(),
      sheets: [{ title: '名单', rows: [['姓名']] }],
    });
    standIn.share(noMembers, [serviceAccount]);
    expect((await doctor(noMembers)).line('「委员」表')).toBe(
      '✗ 「委员」表：工作簿中没有「委员」表，无法同步：请添加名为「委员」的工作表。',
    );
    const noAffiliation = standIn.createSpreadsheet({
      spreadsheetId: newId(),
      sheets: [{ title: '委员', rows: [['委员编号', '姓名']] }],
    });
    standIn.share(noAffiliation, [serviceAccount]);
    expect((await doctor(noAffiliation)).line('「委员」表')).toMatch(
      /^✗ 「委员」表：「委员」表缺少必填列「政治面貌」/,
    );
  });

  it('a sheet never synced: click 立即同步 or run request-sync', async () => {
    const id = committeeSheet();
    const { line } = await doctor(id, { worker: await fakeWorker({ secret: SECRET }) });
    expect(line('上次同步')).toBe(
      '✗ 上次同步：还没有同步记录：在表格中点“两个全覆盖 → 立即同步”，或运行 npm run cli -- request-sync。',
    );
  });

  it('a last sync that failed: when, and the Worker’s sentence', async () => {
    const id = committeeSheet();
    const message = `同步服务无权访问这份表格：请在表格右上角点“共享”，把 ${serviceAccount} 添加为编辑者。`;
    const worker = await fakeWorker({
      secret: SECRET,
      statuses: {
        [id]: {
          registered: true,
          lastSync: {
            ok: false,
            code: 'NOT_SHARED',
            message,
            trigger: 'schedule',
            finishedAt: '2026-11-25T18:00:12.000Z',
            durationMs: 640,
          },
        },
      },
    });
    const { line } = await doctor(id, { worker });
    expect(line('上次同步')).toBe(
      `✗ 上次同步：2026-11-26 02:00（北京时间，每日定时同步，用时 0.6 秒）未成功（NOT_SHARED）：${message}`,
    );
  });
});

describe('doctor’s command line', () => {
  it('needs the Worker, the spreadsheet, the key file and a sheet key', async () => {
    for (const [argv, env] of [
      [['doctor', '--worker', 'https://w.example', '--spreadsheet', 'abc'], {}],
      [
        [
          'doctor',
          '--worker',
          'https://w.example',
          '--spreadsheet',
          'abc',
          '--credentials',
          keyFile,
        ],
        {},
      ],
    ] as const) {
      let stderr = '';
      const code = await runCli([...argv], {
        stdout: () => undefined,
        stderr: (text) => (stderr += text),
        env,
      });
      expect(code).toBe(1);
      expect(stderr).toMatch(/^(doctor 需要 --worker URL|需要环境变量 SYNC_SHEET_KEY)/);
    }
  });
});
