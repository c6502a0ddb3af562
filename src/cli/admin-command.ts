import { SPREADSHEET_ID } from '../sheets/spreadsheet-id';
import { deriveAdminKey, deriveSheetKey, signRequest } from '../worker/request-signature';
import type { LastSync, SheetStatus } from '../worker/sheet-status';
import { cliCommand, type Io } from './cli-command';
import { WorkerRefusal } from './request-sync-command';
import { UsageError } from './usage-error';

/** The options of `npm run cli -- admin …`. */
interface AdminOptions {
  worker?: string | undefined;
  spreadsheet?: string | undefined;
  json?: boolean | undefined;
}

/** A sheet as `GET /v1/admin/sheets/:spreadsheetId` shows it. */
interface SheetView extends SheetStatus {
  configured: boolean;
  keyGeneration: number;
  goneNights: number;
}

/** The lines of `npm run cli -- help` about `admin`. */
const ADMIN_HELP = `admin list|keys --worker URL
        列出夜间同步的表格及各自的密钥代数和上次同步结果；keys 打印每份表格当前的同步密钥（轮换密钥后分发用）。
  admin status|key|revoke|forget --worker URL --spreadsheet ID
        一份表格的状态；打印它当前的同步密钥；停用它的密钥并打印新密钥（其他表格不受影响）；
        不再在夜间同步它（下次“立即同步”成功后会重新登记）。
  admin rollup --worker URL [--spreadsheet ID]
        立即重写机关党组汇总表；给出 --spreadsheet 时先把这份表格登记为汇总表（此后每晚同步完也会重写）。
        admin 命令都从环境变量 SYNC_SIGNING_SECRET 推导管理员密钥并签名请求。`;

/** One signed call to an admin route; the Worker's refusal becomes the error, its message as it is. */
async function adminCall(
  worker: string,
  secret: string,
  method: 'GET' | 'POST',
  path: string,
  body?: object,
): Promise<unknown> {
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers = await signRequest({
    key: await deriveAdminKey(secret),
    method,
    path,
    body: text,
    timestamp: Date.now() / 1000,
  });
  let response: Response;
  try {
    response = await fetch(new URL(path, worker), {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: text }),
    });
  } catch {
    throw new WorkerRefusal(`无法连接 Worker ${worker}：请核对 --worker 地址和网络。`);
  }
  const answer = (await response.json().catch(() => null)) as { code?: string; message?: string };
  if (!response.ok)
    throw new WorkerRefusal(
      answer?.message
        ? `Worker 拒绝了请求（${answer.code}）：${answer.message}`
        : `Worker 返回 HTTP ${response.status}。`,
    );
  return answer;
}

const describeLast = (last: LastSync | null) =>
  last
    ? `${last.finishedAt} ${last.trigger === 'menu' ? '菜单' : '夜间'} ${last.code}：${last.message}`
    : '从未同步';

function describeSheet(sheet: SheetView): string {
  const nightly = sheet.configured
    ? '是（SYNC_SPREADSHEETS）'
    : sheet.registered
      ? '是（菜单同步后登记）'
      : '否';
  return [
    `表格 ${sheet.spreadsheetId}`,
    `  夜间同步：${nightly}；下次 ${sheet.nextNightlyRun}`,
    `  密钥：第 ${sheet.keyGeneration} 代`,
    `  上次同步：${describeLast(sheet.lastSync)}`,
    ...(sheet.goneNights > 0 ? [`  连续 ${sheet.goneNights} 晚找不到表格或无权访问`] : []),
  ].join('\n');
}

/**
 * `npm run cli -- admin <list|status|key|keys|revoke|forget|rollup>`: signed calls to the Worker's
 * admin routes (docs/worker.md), with the admin key derived from SYNC_SIGNING_SECRET.
 */
async function runAdmin(options: AdminOptions, io: Io, rest: string[]): Promise<void> {
  const [action = ''] = rest;
  const { worker } = options;
  if (!worker)
    throw new UsageError(
      'admin 需要 --worker URL，例如 https://dual-coverage.<子域>.workers.dev。',
    );
  const secret = io.env.SYNC_SIGNING_SECRET;
  if (!secret)
    throw new UsageError('admin 需要环境变量 SYNC_SIGNING_SECRET（Worker 的签名密钥）。');
  const call = (method: 'GET' | 'POST', path: string, body?: object) =>
    adminCall(worker, secret, method, path, body);
  const sheetPath = () => {
    const id = options.spreadsheet;
    if (!id || !SPREADSHEET_ID.test(id))
      throw new UsageError(
        `admin ${action} 需要 --spreadsheet ID：表格网址中 /d/ 与 /edit 之间的部分。`,
      );
    return `/v1/admin/sheets/${id}`;
  };
  const view = async (path: string) => (await call('GET', path)) as SheetView;
  const everySheet = async () => {
    const { sheets } = (await call('GET', '/v1/admin/sheets')) as {
      sheets: { spreadsheetId: string }[];
    };
    const views: SheetView[] = [];
    for (const { spreadsheetId } of sheets)
      views.push(await view(`/v1/admin/sheets/${spreadsheetId}`));
    return views;
  };
  const keyOf = (sheet: Pick<SheetView, 'spreadsheetId' | 'keyGeneration'>) =>
    deriveSheetKey(secret, sheet.spreadsheetId, sheet.keyGeneration);
  const print = (answer: unknown, text: () => Promise<string> | string) =>
    Promise.resolve(options.json ? JSON.stringify(answer, null, 2) : text()).then((out) =>
      io.stdout(`${out}\n`),
    );

  switch (action) {
    case 'list': {
      const views = await everySheet();
      return print(views, () =>
        views.length === 0 ? '没有夜间同步的表格。' : views.map(describeSheet).join('\n'),
      );
    }
    case 'status': {
      const sheet = await view(sheetPath());
      return print(sheet, () => describeSheet(sheet));
    }
    case 'key': {
      const sheet = await view(sheetPath());
      return print({ ...sheet, key: await keyOf(sheet) }, () => keyOf(sheet));
    }
    case 'keys': {
      const views = await everySheet();
      const keys = await Promise.all(
        views.map(async (sheet) => ({
          spreadsheetId: sheet.spreadsheetId,
          key: await keyOf(sheet),
        })),
      );
      return print(keys, () => keys.map((k) => `${k.spreadsheetId}\t${k.key}`).join('\n'));
    }
    case 'revoke': {
      const path = sheetPath();
      const { keyGeneration } = await view(path);
      const answer = (await call('POST', `${path}/revoke`, { keyGeneration })) as {
        spreadsheetId: string;
        keyGeneration: number;
        revoked: boolean;
      };
      const key = await keyOf(answer);
      return print({ ...answer, key }, () =>
        [
          answer.revoked
            ? `已停用第 ${keyGeneration} 代密钥；新的同步密钥（第 ${answer.keyGeneration} 代）：`
            : `第 ${keyGeneration} 代密钥刚刚已被停用；当前同步密钥（第 ${answer.keyGeneration} 代）：`,
          key,
          '请把它填入这份表格的“两个全覆盖 → 同步设置…”；旧密钥从现在起无效，其他表格不受影响。',
        ].join('\n'),
      );
    }
    case 'forget': {
      const answer = (await call('POST', `${sheetPath()}/forget`, {})) as {
        forgotten: boolean;
        configured: boolean;
      };
      return print(answer, () =>
        [
          answer.forgotten ? '已从夜间同步名单中删除。' : '这份表格本不在登记名单中。',
          ...(answer.configured
            ? ['它仍列在 SYNC_SPREADSHEETS 中：从 wrangler.toml 删去并重新部署后才会停止夜间同步。']
            : []),
        ].join('\n'),
      );
    }
    case 'rollup': {
      const id = options.spreadsheet;
      if (id !== undefined && !SPREADSHEET_ID.test(id))
        throw new UsageError(
          'admin rollup 的 --spreadsheet 应为汇总表的表格ID：表格网址中 /d/ 与 /edit 之间的部分。',
        );
      const answer = (await call('POST', '/v1/admin/rollup', id ? { spreadsheetId: id } : {})) as {
        spreadsheetId: string;
        committees: number;
        flagged: number;
      };
      return print(answer, () =>
        [
          ...(id ? [`已把表格 ${id} 登记为机关党组汇总表；此后每晚同步完会重写它。`] : []),
          `已重写汇总表 ${answer.spreadsheetId}：共 ${answer.committees} 个专委会，其中 ${answer.flagged} 个同步失败、从未同步或已超过两天未同步（标出，不计入汇总）。`,
        ].join('\n'),
      );
    }
    default:
      throw new UsageError(
        `admin 的子命令应为 list、status、key、keys、revoke、forget 或 rollup。\n${ADMIN_HELP}`,
      );
  }
}

/** `admin`: the Worker's signed admin routes (docs/worker.md). */
export const adminCommand = cliCommand({
  name: 'admin',
  help: ADMIN_HELP,
  options: {
    worker: { type: 'string' },
    spreadsheet: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: 'list|status|key|keys|revoke|forget|rollup',
  run: runAdmin,
});
