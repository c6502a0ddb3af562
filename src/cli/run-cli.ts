import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import {
  SAMPLE_AS_OF,
  SAMPLE_EARLIER_AS_OF,
  sampleWorkbook,
} from '../../sheets-template/sample-committee';
import { serialFromIso } from '../domain/calendar-date';
import { createAccessTokenSource, parseServiceAccountKey } from '../sheets/service-account-token';
import { createSheetsClient } from '../sheets/sheets-client';
import { describeFailure } from '../sync/describe-failure';
import { runSync, SyncError, type SyncSummary } from '../sync/run-sync';
import { deriveSheetKey, signRequest } from '../worker/request-signature';
import { runDev } from './dev-command';
import { ChecksFailed, runDoctor } from './doctor-command';
import { syncLocalWorkbook, writeTemplateWorkbook } from './local-workbook';
import { printHeadline } from './print-headline';
import { provisionCommittee } from './provision-committee';
import { formatBench, runBench } from './run-bench';
import { signInAdministrator } from './sign-in-administrator';
import { SignInError } from './sign-in-error';
import { UsageError } from './usage-error';

const HELP = `dual-coverage 命令行（两个全覆盖）

用法：npm run cli -- <命令> [选项]

命令：
  sync --workbook FILE.xlsx [--as-of YYYY-MM-DD] [--out FILE.xlsx] [--json]
        同步本地工作簿（不需要账号和网络）；默认写回原文件。
  sync --spreadsheet ID --credentials KEY.json [--as-of YYYY-MM-DD] [--json]
        同步 Google 表格，使用服务账号的 JSON 密钥。
  template --out FILE.xlsx [--sample]
        生成空白工作簿模板（--sample：含示例专委会数据）。
  demo [--out FILE.xlsx]
        生成示例工作簿并同步两次，留下可打开查看的 .xlsx（默认 demo-output/sample-committee.xlsx）。
  key --spreadsheet ID
        打印这份表格的同步密钥（管理员用；从环境变量 SYNC_SIGNING_SECRET 读取 Worker 密钥）。
  request-sync --worker URL --spreadsheet ID [--json]
        向 Worker 发送一次签名的同步请求，如同菜单“立即同步”（密钥来自环境变量 SYNC_SHEET_KEY，
        或由 SYNC_SIGNING_SECRET 推导）。
  provision --title 名称 --oauth-client client_secret.json --service-account EMAIL [--share 邮箱,邮箱] [--sample]
        为一个专委会新建 Google 表格：按模板建表、共享给服务账号和工作人员、创建绑定的菜单脚本；
        以管理员本人身份登录（浏览器授权，授权保存在 ~/.config/dual-coverage/）；
        若设了环境变量 SYNC_SIGNING_SECRET，同时打印这份表格的同步密钥。
  doctor --worker URL --spreadsheet ID --credentials KEY.json
        检查一套部署：Worker、同步密钥、服务账号、Sheets API、共享、表格结构、上次同步，
        每项一行 ✓ 或 ✗ 及修正方法（密钥来自环境变量 SYNC_SHEET_KEY 或 SYNC_SIGNING_SECRET）。
  dev   本地开发：在本地 Sheets 替身上运行 wrangler dev（同 npm run dev）。
  bench [committee|province|national|stress …] [--json]
        性能基准（同 npm run bench）：合成工作簿在四个规模下完整同步的耗时、往返次数、字节数和堆内存。
  help  显示本说明。

选项：
  --as-of      按指定日期计算（默认：表格时区的今天）。
  --json       只在标准输出打印同步摘要 JSON（SPEC §6）。
  --api-base, --token-url, --google-root
               仅供本地开发：Sheets API、令牌端点、Google API 根地址（例如本地 Sheets 替身）。

退出码：0 成功；1 用法或文件错误；2 工作簿内容使同步无法进行；3 访问 Google 表格失败；
        4 doctor 有未通过的检查；70 内部错误。`;

/** Where a command writes; tests pass their own. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

const OPTIONS = {
  workbook: { type: 'string' },
  spreadsheet: { type: 'string' },
  credentials: { type: 'string' },
  'as-of': { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  sample: { type: 'boolean' },
  'api-base': { type: 'string' },
  'token-url': { type: 'string' },
  worker: { type: 'string' },
  title: { type: 'string' },
  'oauth-client': { type: 'string' },
  'service-account': { type: 'string' },
  share: { type: 'string' },
  'google-root': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

function asOfOf(values: Values): string | undefined {
  const asOf = values['as-of'];
  if (asOf !== undefined && serialFromIso(asOf) === undefined)
    throw new UsageError(`--as-of 须是 YYYY-MM-DD 格式的有效日期，收到「${asOf}」。`);
  return asOf;
}

async function sync(values: Values, io: Io): Promise<void> {
  const asOf = asOfOf(values);
  let summary: SyncSummary;
  let target: string;
  if (values.workbook !== undefined) {
    target = values.out ?? values.workbook;
    summary = await syncLocalWorkbook(values.workbook, {
      ...(values.out ? { out: values.out } : {}),
      ...(asOf ? { asOf } : {}),
    });
  } else if (values.spreadsheet !== undefined && values.credentials !== undefined) {
    const key = parseServiceAccountKey(await readFile(values.credentials, 'utf8'));
    const tokens = createAccessTokenSource({
      key,
      fetch,
      ...(values['token-url'] ? { tokenUrl: values['token-url'] } : {}),
    });
    const client = createSheetsClient({
      fetch,
      tokens,
      ...(values['api-base'] ? { baseUrl: values['api-base'] } : {}),
    });
    target = `Google 表格 ${values.spreadsheet}`;
    summary = await runSync({
      spreadsheetId: values.spreadsheet,
      client,
      trigger: 'cli',
      ...(asOf ? { asOf } : {}),
    });
  } else {
    throw new UsageError(
      'sync 需要 --workbook FILE.xlsx，或 --spreadsheet ID 与 --credentials KEY.json。',
    );
  }
  io.stdout(
    values.json ? `${JSON.stringify(summary, null, 2)}\n` : `${printHeadline(summary, target)}\n`,
  );
}

async function template(values: Values, io: Io): Promise<void> {
  if (!values.out) throw new UsageError('template 需要 --out FILE.xlsx。');
  await mkdir(dirname(values.out), { recursive: true });
  await writeTemplateWorkbook(
    values.out,
    values.sample ? '农业和农村委员会（示例）' : '两个全覆盖',
    values.sample ? sampleWorkbook() : undefined,
  );
  io.stdout(`已生成${values.sample ? '示例' : '空白'}工作簿 ${values.out}\n`);
}

async function demo(values: Values, io: Io): Promise<void> {
  const out = values.out ?? 'demo-output/sample-committee.xlsx';
  await mkdir(dirname(out), { recursive: true });
  io.stdout(`1. 生成示例专委会工作簿：${out}\n`);
  await writeTemplateWorkbook(out, '农业和农村委员会（示例）', sampleWorkbook());
  io.stdout(`2. 同步，截至上季度末 ${SAMPLE_EARLIER_AS_OF}（为「历史」留下一行）\n`);
  await syncLocalWorkbook(out, { asOf: SAMPLE_EARLIER_AS_OF });
  io.stdout(`3. 同步，截至 ${SAMPLE_AS_OF}\n\n`);
  const summary = await syncLocalWorkbook(out, { asOf: SAMPLE_AS_OF });
  io.stdout(`${printHeadline(summary, out)}\n\n`);
  io.stdout(
    `用 Excel、WPS 或 LibreOffice 打开 ${out}，查看「覆盖总览」「覆盖缺口」「责任缺口」「数据问题」「历史」五张表。\n`,
  );
}

function spreadsheetOf(values: Values): string {
  const id = values.spreadsheet;
  if (!id || !/^[A-Za-z0-9_-]{1,200}$/.test(id))
    throw new UsageError('需要 --spreadsheet ID：表格网址中 /d/ 与 /edit 之间的部分。');
  return id;
}

async function key(values: Values, io: Io): Promise<void> {
  const id = spreadsheetOf(values);
  const secret = io.env.SYNC_SIGNING_SECRET;
  if (!secret) throw new UsageError('需要环境变量 SYNC_SIGNING_SECRET（Worker 的签名密钥）。');
  io.stdout(`${await deriveSheetKey(secret, id)}\n`);
}

/** The Worker refused or failed a sync: its message is already for staff. */
class WorkerRefusal extends Error {}

async function requestSync(values: Values, io: Io): Promise<void> {
  const id = spreadsheetOf(values);
  if (!values.worker) throw new UsageError('需要 --worker URL，例如 http://127.0.0.1:8787。');
  const secret = io.env.SYNC_SIGNING_SECRET;
  const sheetKey = io.env.SYNC_SHEET_KEY ?? (secret ? await deriveSheetKey(secret, id) : undefined);
  if (!sheetKey)
    throw new UsageError('需要环境变量 SYNC_SHEET_KEY（表格的同步密钥）或 SYNC_SIGNING_SECRET。');
  const path = `/v1/sheets/${id}/sync`;
  const body = JSON.stringify({ trigger: 'menu', nonce: crypto.randomUUID() });
  const headers = await signRequest({
    key: sheetKey,
    method: 'POST',
    path,
    body,
    timestamp: Date.now() / 1000,
  });
  const response = await fetch(new URL(path, values.worker), {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  });
  const answer = (await response.json()) as SyncSummary & { message?: string };
  if (!response.ok)
    throw new WorkerRefusal(answer.message ?? `Worker 返回 HTTP ${response.status}。`);
  io.stdout(
    values.json
      ? `${JSON.stringify(answer, null, 2)}\n`
      : `${printHeadline(answer, `表格 ${id}（经 Worker ${values.worker}）`)}\n`,
  );
}

async function provision(values: Values, io: Io): Promise<void> {
  const { title } = values;
  const serviceAccountEmail = values['service-account'];
  if (!title || !serviceAccountEmail?.includes('@'))
    throw new UsageError('provision 需要 --title 专委会名称 和 --service-account 服务账号邮箱。');
  const clientFile = values['oauth-client'];
  if (!clientFile && !values['google-root'])
    throw new UsageError(
      'provision 需要 --oauth-client client_secret.json：管理员自己的“桌面应用”OAuth 客户端（服务账号不能创建表格）。',
    );
  const staffEmails = (values.share ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const done = await provisionCommittee({
    auth: clientFile ? await signInAdministrator(clientFile, io) : undefined,
    title,
    sample: values.sample === true,
    serviceAccountEmail,
    staffEmails,
    ...(io.env.SYNC_SIGNING_SECRET ? { signingSecret: io.env.SYNC_SIGNING_SECRET } : {}),
    ...(values['google-root'] ? { googleRoot: values['google-root'] } : {}),
  });
  io.stdout(
    [
      `已创建表格「${title}」：${done.spreadsheetUrl}`,
      `已共享给服务账号 ${serviceAccountEmail}${staffEmails.length > 0 ? ` 和 ${staffEmails.length} 位工作人员` : ''}（编辑者）`,
      `已创建绑定的菜单脚本（Apps Script 项目 ${done.scriptId}）`,
      done.sheetKey
        ? `这份表格的同步密钥：${done.sheetKey}`
        : '同步密钥：设好环境变量 SYNC_SIGNING_SECRET 后运行 npm run cli -- key --spreadsheet ' +
          done.spreadsheetId,
      '还差一步：打开表格，点菜单“两个全覆盖 → 同步设置…”（首次使用按提示授权脚本），填入 Worker 地址和上面的同步密钥，然后点“立即同步”。',
      '',
    ].join('\n'),
  );
}

async function bench(values: Values, io: Io, scales: string[]): Promise<void> {
  const reports = await runBench(scales, values.json ? undefined : io.stderr);
  io.stdout(values.json ? `${JSON.stringify(reports, null, 2)}\n` : `${formatBench(reports)}\n`);
}

const COMMANDS: Record<string, (values: Values, io: Io, rest: string[]) => Promise<void>> = {
  bench,
  provision,
  sync,
  template,
  demo,
  key,
  'request-sync': requestSync,
  doctor: (values, io) => runDoctor(values, io),
  dev: (_values, io) => runDev(io.stdout),
};

const STANDARD_IO: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

/** Runs one command line and returns its exit code (see HELP). */
export async function runCli(argv: string[], io: Io = STANDARD_IO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    const [command = 'help'] = positionals;
    const run = COMMANDS[command];
    if (values.help || command === 'help' || !run) {
      io.stdout(`${HELP}\n`);
      return run || command === 'help' || values.help ? 0 : 1;
    }
    await run(values, io, positionals.slice(1));
    return 0;
  } catch (error) {
    if (
      error instanceof UsageError ||
      String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')
    ) {
      io.stderr(`${(error as Error).message}\n运行 npm run cli -- help 查看用法。\n`);
      return 1;
    }
    const fileProblem = (error as NodeJS.ErrnoException).code;
    if (fileProblem === 'ENOENT' || fileProblem === 'EACCES' || fileProblem === 'EISDIR') {
      const path = (error as NodeJS.ErrnoException).path ?? '';
      io.stderr(
        `无法读取 ${path}：${fileProblem === 'ENOENT' ? '文件不存在' : '没有权限，或它不是文件'}。\n`,
      );
      return 1;
    }
    if (error instanceof WorkerRefusal || error instanceof SignInError) {
      io.stderr(`${error.message}\n`);
      return 3;
    }
    if (error instanceof ChecksFailed) {
      io.stderr(`${error.message}\n`);
      return 4;
    }
    const failure = describeFailure(error);
    io.stderr(`${failure.message}\n`);
    if (failure.code === 'INTERNAL') return 70;
    return error instanceof SyncError ? 2 : 3;
  }
}
