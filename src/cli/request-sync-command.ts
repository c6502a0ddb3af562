import type { SyncSummary } from '../sync/run-sync';
import { deriveSheetKey, signRequest } from '../worker/request-signature';
import { cliCommand } from './cli-command';
import { generationOf } from './key-command';
import { printHeadline } from './print-headline';
import { spreadsheetId } from './spreadsheet-id';
import { UsageError } from './usage-error';

/** The Worker refused or failed a sync: its message is already for staff; the CLI exits 3. */
export class WorkerRefusal extends Error {}

/** `request-sync`: one signed sync request to the Worker, as the sheet's menu sends it. */
export const requestSyncCommand = cliCommand({
  name: 'request-sync',
  help: `request-sync --worker URL --spreadsheet ID [--generation N] [--json]
        向 Worker 发送一次签名的同步请求，如同菜单“立即同步”（密钥来自环境变量 SYNC_SHEET_KEY，
        或由 SYNC_SIGNING_SECRET 推导）。`,
  options: {
    worker: { type: 'string' },
    spreadsheet: { type: 'string' },
    generation: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const id = spreadsheetId(values.spreadsheet);
    if (!values.worker) throw new UsageError('需要 --worker URL，例如 http://127.0.0.1:8787。');
    const secret = io.env.SYNC_SIGNING_SECRET;
    const sheetKey =
      io.env.SYNC_SHEET_KEY ??
      (secret ? await deriveSheetKey(secret, id, generationOf(values.generation)) : undefined);
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
  },
});
