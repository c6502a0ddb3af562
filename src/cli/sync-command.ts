import { cliCommand } from './cli-command';
import { printHeadline } from './print-headline';
import { SYNC_TARGET_OPTIONS, syncTarget } from './sync-target';
import { UsageError } from './usage-error';

/** `sync`: a local .xlsx through the in-process stand-in, or a Google Sheet with a key. */
export const syncCommand = cliCommand({
  name: 'sync',
  help: `sync --workbook FILE.xlsx [--as-of YYYY-MM-DD] [--out FILE.xlsx] [--json]
        同步本地工作簿（不需要账号和网络）；默认写回原文件。
  sync --spreadsheet ID --credentials KEY.json [--as-of YYYY-MM-DD] [--json]
        同步 Google 表格，使用服务账号的 JSON 密钥。
        --as-of 按指定日期计算（默认：表格时区的今天）；--json 只在标准输出打印同步摘要
        （格式见 docs/workbook-contract.md 第 6 节）；--api-base、--token-url 仅供本地开发。`,
  options: SYNC_TARGET_OPTIONS,
  async run(values, io) {
    if (values.out !== undefined && values.workbook === undefined && values.credentials)
      throw new UsageError('--out 只用于 --workbook：Google 表格总是就地同步。');
    const { summary, target } = await syncTarget({
      command: 'sync',
      workbook: values.workbook,
      xlsxOut: values.out,
      spreadsheet: values.spreadsheet,
      credentials: values.credentials,
      asOf: values['as-of'],
      apiBase: values['api-base'],
      tokenUrl: values['token-url'],
    });
    io.stdout(
      values.json ? `${JSON.stringify(summary, null, 2)}\n` : `${printHeadline(summary, target)}\n`,
    );
  },
});
