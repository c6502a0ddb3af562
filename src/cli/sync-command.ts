import { readFile } from 'node:fs/promises';
import { serialFromIso } from '../domain/calendar-date';
import { createAccessTokenSource, parseServiceAccountKey } from '../sheets/service-account-token';
import { createSheetsClient } from '../sheets/sheets-client';
import { runSync, type SyncSummary } from '../sync/run-sync';
import { cliCommand } from './cli-command';
import { FileError } from './file-error';
import { syncLocalWorkbook } from './local-workbook';
import { printHeadline } from './print-headline';
import { UsageError } from './usage-error';

/** `--as-of`, checked: a real date `YYYY-MM-DD`. */
export function asOfOf(asOf: string | undefined): string | undefined {
  if (asOf !== undefined && serialFromIso(asOf) === undefined)
    throw new UsageError(`--as-of 须是 YYYY-MM-DD 格式的有效日期，收到「${asOf}」。`);
  return asOf;
}

/** `sync`: a local .xlsx through the in-process stand-in, or a Google Sheet with a key. */
export const syncCommand = cliCommand({
  name: 'sync',
  help: `sync --workbook FILE.xlsx [--as-of YYYY-MM-DD] [--out FILE.xlsx] [--json]
        同步本地工作簿（不需要账号和网络）；默认写回原文件。
  sync --spreadsheet ID --credentials KEY.json [--as-of YYYY-MM-DD] [--json]
        同步 Google 表格，使用服务账号的 JSON 密钥。
        --as-of 按指定日期计算（默认：表格时区的今天）；--json 只在标准输出打印同步摘要
        （格式见 docs/workbook-contract.md 第 6 节）；--api-base、--token-url 仅供本地开发。`,
  options: {
    workbook: { type: 'string' },
    spreadsheet: { type: 'string' },
    credentials: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    'api-base': { type: 'string' },
    'token-url': { type: 'string' },
  },
  async run(values, io) {
    const asOf = asOfOf(values['as-of']);
    let summary: SyncSummary;
    let target: string;
    if (values.workbook !== undefined && values.spreadsheet !== undefined)
      throw new UsageError('sync 只能同步一份：--workbook 与 --spreadsheet 二选一。');
    if (values.workbook !== undefined) {
      target = values.out ?? values.workbook;
      summary = await syncLocalWorkbook(values.workbook, {
        ...(values.out ? { out: values.out } : {}),
        ...(asOf ? { asOf } : {}),
      });
    } else if (values.spreadsheet !== undefined && values.credentials !== undefined) {
      if (values.out !== undefined)
        throw new UsageError('--out 只用于 --workbook：Google 表格总是就地同步。');
      const path = values.credentials;
      const text = await readFile(path, 'utf8').catch((error: unknown) => {
        throw FileError.of(error, 'read', path);
      });
      const tokens = createAccessTokenSource({
        key: parseServiceAccountKey(text),
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
  },
});
