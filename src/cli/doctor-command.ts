import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { formatInstant } from '../domain/calendar-date';
import { createSheetsClient, type SheetsClient } from '../sheets/sheets-client';
import { SheetsError } from '../sheets/sheets-error';
import { SPREADSHEET_ID } from '../sheets/spreadsheet-id';
import { describeFailure } from '../sync/describe-failure';
import { runSync, SyncError } from '../sync/run-sync';
import { deriveSheetKey } from '../worker/request-signature';
import type { LastSync } from '../worker/sheet-status';
import { cliCommand } from './cli-command';
import { UsageError } from './usage-error';
import { fetchSheetStatus, type StatusReply } from './worker-status';

/** The command line's options doctor reads (the names `sync` and `request-sync` use). */
export interface DoctorOptions {
  worker?: string | undefined;
  spreadsheet?: string | undefined;
  credentials?: string | undefined;
  'api-base'?: string | undefined;
  'token-url'?: string | undefined;
}

/** Where doctor prints, and the environment holding the sheet's key. */
export interface DoctorIo {
  stdout: (text: string) => void;
  env: Record<string, string | undefined>;
}

/** Some check did not pass; the lines printed say which and how to fix it. */
export class ChecksFailed extends Error {
  override readonly name = 'ChecksFailed';
}

/** One line of the report: passed, failed (with how to fix it), or not run because an earlier one failed. */
interface Check {
  label: string;
  outcome: 'pass' | 'fail' | 'skip';
  sentence: string;
}

const pass = (label: string, sentence: string): Check => ({ label, outcome: 'pass', sentence });
const fail = (label: string, sentence: string): Check => ({ label, outcome: 'fail', sentence });
const skip = (label: string, after: string): Check => ({
  label,
  outcome: 'skip',
  sentence: `未检查：须先通过「${after}」。`,
});

const MARK = { pass: '✓', fail: '✗', skip: '–' } as const;

/** Thrown by the dry run's client where the sync would write: everything before it passed. */
class WriteReached extends Error {}

/** `2026-11-26 14:03`, China time, the zone of the nightly run. */
const chinaTime = (iso: string) => formatInstant(Date.parse(iso), 'Asia/Shanghai');

async function checkHealth(worker: string): Promise<Check> {
  const label = 'Worker 在线';
  const url = new URL('/health', worker).toString();
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    return fail(
      label,
      `无法连接 ${url}：核对 --worker（npx wrangler deploy 打印的 https://….workers.dev 地址），或先部署 Worker。`,
    );
  }
  const body = (await response.json().catch(() => undefined)) as { service?: unknown } | undefined;
  return response.ok && body?.service === 'dual-coverage'
    ? pass(label, `${url} 回答正常。`)
    : fail(
        label,
        `${url} 的回答（HTTP ${response.status}）不是 dual-coverage Worker 的：核对 --worker 地址。`,
      );
}

function checkConfigured(reply: StatusReply): Check {
  const label = 'Worker 已配置';
  if (reply.ok)
    return pass(label, '同步密钥与 Worker 的 SYNC_SIGNING_SECRET 相符（签名的状态请求被接受）。');
  switch (reply.code) {
    case 'NOT_CONFIGURED':
      return fail(
        label,
        'Worker 缺少密钥：运行 npx wrangler secret put SYNC_SIGNING_SECRET 和 npx wrangler secret put GOOGLE_SERVICE_ACCOUNT_KEY < key.json。',
      );
    case 'BAD_SIGNATURE':
    case 'MISSING_SIGNATURE':
      return fail(
        label,
        '同步密钥与 Worker 的 SYNC_SIGNING_SECRET 不符：用部署时的 SYNC_SIGNING_SECRET 运行 npm run cli -- key --spreadsheet <表格ID> 重新得到密钥。',
      );
    case 'EXPIRED':
      return fail(label, '本机时钟与 Worker 相差超过 5 分钟：校准本机时间后再运行 doctor。');
    case 'NO_SUCH_ROUTE':
      return fail(
        label,
        '这个 Worker 还没有状态接口（版本过旧）：运行 npx wrangler deploy 部署当前版本。',
      );
    default:
      return fail(
        label,
        `Worker 拒绝了签名的状态请求（HTTP ${reply.httpStatus}${reply.code ? ` ${reply.code}` : ''}）：${reply.message ?? '请查看 npx wrangler tail 的日志。'}`,
      );
  }
}

function checkLastSync(last: LastSync | null, registered: boolean, nextRun: string): Check {
  const label = '上次同步';
  if (!last)
    return fail(
      label,
      '还没有同步记录：在表格中点“两个全覆盖 → 立即同步”，或运行 npm run cli -- request-sync。',
    );
  const how = last.trigger === 'schedule' ? '每日定时同步' : '菜单同步';
  const when = `${chinaTime(last.finishedAt)}（北京时间，${how}，用时 ${(last.durationMs / 1000).toFixed(1)} 秒）`;
  const next = registered
    ? `下次自动同步 ${chinaTime(nextRun)}。`
    : '尚未加入每晚自动同步（第一次菜单同步成功后加入）。';
  return last.ok
    ? pass(label, `${when}成功；${next}`)
    : fail(label, `${when}未成功（${last.code}）：${last.message}`);
}

/** Proves the service account may edit: one atomic batch that adds a marker and removes it again. */
async function probeWrite(client: SheetsClient, spreadsheetId: string): Promise<void> {
  const metadataId = randomInt(1, 2 ** 31 - 1);
  await client.batchUpdate(spreadsheetId, {
    requests: [
      {
        createDeveloperMetadata: {
          developerMetadata: {
            metadataId,
            metadataKey: 'dual-coverage.doctor',
            visibility: 'DOCUMENT',
            location: { spreadsheet: true },
          },
        },
      },
      { deleteDeveloperMetadata: { dataFilter: { developerMetadataLookup: { metadataId } } } },
    ],
  });
}

/**
 * The Google side: the key yields a token, the Sheets API answers, the sheet is shared as editor,
 * and the sync's own dry run (its read and its checks, stopped before it writes) accepts the
 * workbook: the output tabs are ours and 委员 has its required columns.
 */
async function checkGoogle(options: DoctorOptions, spreadsheetId: string): Promise<Check[]> {
  const labels = ['服务账号密钥', 'Google Sheets API', '表格共享', '结果表', '「委员」表'] as const;
  const [keyLabel, apiLabel, shareLabel, outputLabel, membersLabel] = labels;
  const rest = (from: number, after: string) => labels.slice(from).map((l) => skip(l, after));
  const file = options.credentials as string;
  const text = await readFile(file, 'utf8');
  // jose loads with the key, not with every command (the command line's sync does not need it).
  const { createAccessTokenSource, parseServiceAccountKey } = await import(
    '../sheets/service-account-token'
  );
  let email: string;
  let client: SheetsClient;
  try {
    const key = parseServiceAccountKey(text);
    email = key.client_email;
    const tokens = createAccessTokenSource({
      key,
      fetch,
      ...(options['token-url'] ? { tokenUrl: options['token-url'] } : {}),
    });
    await tokens.getToken();
    client = createSheetsClient({
      fetch,
      tokens,
      ...(options['api-base'] ? { baseUrl: options['api-base'] } : {}),
    });
  } catch (error) {
    if (!(error instanceof SheetsError)) throw error;
    const why =
      error.code === 'BAD_CREDENTIALS'
        ? `${file} 不是可用的服务账号 JSON 密钥：在 Cloud 控制台“IAM 和管理 → 服务账号 → 密钥 → 添加密钥 → JSON”重新下载。`
        : error.code === 'TOKEN_REJECTED'
          ? 'Google 不接受这个密钥（密钥或服务账号可能已被删除或停用）：为服务账号新建 JSON 密钥，并用 npx wrangler secret put GOOGLE_SERVICE_ACCOUNT_KEY 更新 Worker。'
          : `没能从 Google 取得访问令牌：${describeFailure(error).message}`;
    return [fail(keyLabel, why), ...rest(1, keyLabel)];
  }
  const checks = [pass(keyLabel, `已为 ${email} 取得访问令牌。`)];

  // The sync's own read and rules, stopped where it would write: every call that is not a read
  // (batchUpdate today, whatever write a later sync uses) ends the dry run instead.
  const dryRun = new Proxy(client, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || /^(get|batchGet)/.test(String(name))) return value;
      return async () => {
        throw new WriteReached();
      };
    },
  });
  let stopped: unknown;
  try {
    await runSync({ spreadsheetId, client: dryRun, trigger: 'cli' });
  } catch (error) {
    stopped = error;
  }
  if (stopped instanceof SheetsError) {
    if (stopped.code === 'API_DISABLED') {
      const project = (JSON.parse(text) as { project_id?: string }).project_id ?? '<项目ID>';
      return [
        ...checks,
        fail(
          apiLabel,
          `服务账号所在的 Cloud 项目没有启用 Google Sheets API：运行 gcloud services enable sheets.googleapis.com --project=${project}，几分钟后再试。`,
        ),
        ...rest(2, apiLabel),
      ];
    }
    checks.push(pass(apiLabel, '服务账号所在项目已启用 Google Sheets API。'));
    const why =
      stopped.code === 'NOT_SHARED'
        ? `表格没有共享给 ${email}：在表格右上角点“共享”，把它添加为编辑者。`
        : stopped.code === 'NOT_FOUND'
          ? `找不到表格 ${spreadsheetId}：核对 --spreadsheet（表格网址中 /d/ 与 /edit 之间的部分）。`
          : describeFailure(stopped).message;
    return [...checks, fail(shareLabel, why), ...rest(3, shareLabel)];
  }
  if (stopped !== undefined && !(stopped instanceof WriteReached || stopped instanceof SyncError))
    throw stopped;
  checks.push(pass(apiLabel, '服务账号所在项目已启用 Google Sheets API。'));

  try {
    await probeWrite(client, spreadsheetId);
    checks.push(pass(shareLabel, `表格已共享给 ${email}，可以编辑。`));
  } catch (error) {
    if (!(error instanceof SheetsError)) throw error;
    checks.push(
      fail(
        shareLabel,
        error.code === 'NOT_SHARED'
          ? `${email} 对表格只有查看权限：在表格的“共享”中把它改为编辑者。`
          : describeFailure(error).message,
      ),
    );
  }
  if (stopped instanceof SyncError && stopped.code === 'FOREIGN_OUTPUT_TAB')
    return [...checks, fail(outputLabel, stopped.message), skip(membersLabel, outputLabel)];
  checks.push(pass(outputLabel, '结果表都由同步生成，或尚未创建。'));
  checks.push(
    stopped instanceof SyncError
      ? fail(membersLabel, stopped.message)
      : pass(membersLabel, '「委员」表及其必填列齐全。'),
  );
  return checks;
}

/**
 * `npm run cli -- doctor`: checks a deployment from the deployer's machine and prints one line
 * per check, ✓ or ✗ with how to fix it; throws ChecksFailed unless every check passed.
 */
export async function runDoctor(options: DoctorOptions, io: DoctorIo): Promise<void> {
  const { worker, spreadsheet: spreadsheetId, credentials } = options;
  if (
    !worker ||
    !URL.canParse(worker) ||
    !spreadsheetId ||
    !SPREADSHEET_ID.test(spreadsheetId) ||
    !credentials
  )
    throw new UsageError(
      'doctor 需要 --worker URL、--spreadsheet 表格ID 和 --credentials 服务账号密钥.json。',
    );
  const secret = io.env.SYNC_SIGNING_SECRET;
  const sheetKey =
    io.env.SYNC_SHEET_KEY ?? (secret ? await deriveSheetKey(secret, spreadsheetId) : undefined);
  if (!sheetKey)
    throw new UsageError('需要环境变量 SYNC_SHEET_KEY（表格的同步密钥）或 SYNC_SIGNING_SECRET。');
  io.stdout(`检查 Worker ${worker} 与表格 ${spreadsheetId}：\n`);

  const health = await checkHealth(worker);
  const status =
    health.outcome === 'pass'
      ? await fetchSheetStatus({ worker, spreadsheetId, sheetKey, fetch })
      : undefined;
  const checks = [
    health,
    status ? checkConfigured(status) : skip('Worker 已配置', health.label),
    ...(await checkGoogle(options, spreadsheetId)),
    status?.ok
      ? checkLastSync(
          status.status.lastSync,
          status.status.registered,
          status.status.nextNightlyRun,
        )
      : skip('上次同步', 'Worker 已配置'),
  ];
  for (const check of checks)
    io.stdout(`${MARK[check.outcome]} ${check.label}：${check.sentence}\n`);
  const failed = checks.filter((check) => check.outcome !== 'pass').length;
  if (failed > 0)
    throw new ChecksFailed(`${failed} 项未通过，按上面 ✗ 一行的说明处理后再运行 doctor。`);
  io.stdout(`全部 ${checks.length} 项通过。\n`);
}

/** `doctor`: checks a deployment line by line (docs/google-setup.md). */
export const doctorCommand = cliCommand({
  name: 'doctor',
  help: `doctor --worker URL --spreadsheet ID --credentials KEY.json
        检查一套部署：Worker、同步密钥、服务账号、Sheets API、共享、表格结构、上次同步，
        每项一行 ✓ 或 ✗ 及修正方法（密钥来自环境变量 SYNC_SHEET_KEY 或 SYNC_SIGNING_SECRET）。`,
  options: {
    worker: { type: 'string' },
    spreadsheet: { type: 'string' },
    credentials: { type: 'string' },
    'api-base': { type: 'string' },
    'token-url': { type: 'string' },
  },
  run: (values, io) => runDoctor(values, io),
});
