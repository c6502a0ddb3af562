import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { RollupEntry } from '../domain/render-rollup';
import { createSheetsClient } from '../sheets/sheets-client';
import { SheetsStandIn } from '../stand-in/sheets-stand-in';
import { XlsxWorkbookFile } from '../stand-in/xlsx-workbook-file';
import { syncForRollup } from '../sync/sync-for-rollup';
import { writeRollup } from '../sync/write-rollup';
import { cliCommand } from './cli-command';
import { FileError } from './file-error';
import { loadWorkbook } from './local-workbook';
import { asOfOf } from './sync-target';
import { UsageError } from './usage-error';
import { writeFileAtomically } from './write-file-atomically';

/** The title of a rollup workbook the command creates. */
const NEW_TITLE = '机关党组「两个全覆盖」汇总';

/**
 * The .xlsx workbooks named on the command line: a folder gives its own `.xlsx` files (not
 * those of its subfolders, not Excel's `~$` lock files, not `out`), sorted by name.
 */
async function workbookPaths(inputs: string[], out: string): Promise<string[]> {
  const paths: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch((error: unknown) => {
      throw FileError.of(error, 'read', input);
    });
    if (!info.isDirectory()) {
      if (resolve(input) === resolve(out))
        throw new UsageError(`--out ${out} 也是要汇总的工作簿之一，请另选一个文件名。`);
      paths.push(input);
      continue;
    }
    const names = (await readdir(input))
      .filter((name) => /\.xlsx$/i.test(name) && !name.startsWith('~$') && !name.startsWith('.'))
      .sort();
    for (const name of names) {
      const path = join(input, name);
      if (resolve(path) !== resolve(out)) paths.push(path);
    }
  }
  if (paths.length === 0) throw new UsageError(`在 ${inputs.join('、')} 中没有找到 .xlsx 工作簿。`);
  return paths;
}

/**
 * One committee's entry: its workbook synced in memory through the stand-in, exactly as the
 * nightly run syncs a Google Sheet; the file itself is not changed. A file that cannot be read
 * is a committee whose sync failed, with the reason.
 */
async function entryOf(
  path: string,
  now: () => number,
  asOf: string | undefined,
): Promise<RollupEntry> {
  const source = basename(path);
  let file: XlsxWorkbookFile;
  try {
    file = await loadWorkbook(path);
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    const finishedAt = new Date(now()).toISOString();
    return {
      source,
      lastSync: { ok: false, code: 'UNREADABLE', message: error.message, finishedAt },
      figures: null,
      figuresAt: null,
    };
  }
  const standIn = new SheetsStandIn();
  standIn.put(file.spreadsheet);
  const client = createSheetsClient({ fetch: standIn.fetch });
  const { spreadsheetId } = file.spreadsheet;
  return syncForRollup({
    spreadsheetId,
    client,
    trigger: 'cli',
    source,
    now,
    ...(asOf === undefined ? {} : { asOf }),
  });
}

/**
 * Writes the rollup into `out`: an existing workbook keeps every other tab (and is refused,
 * unchanged, when a tab of its own has a rollup tab's name); a new one holds the rollup only.
 */
async function writeRollupWorkbook(
  out: string,
  entries: RollupEntry[],
  now: number,
): Promise<void> {
  const exists = await stat(out).then(
    () => true,
    () => false,
  );
  const standIn = new SheetsStandIn();
  const client = createSheetsClient({ fetch: standIn.fetch });
  let file: XlsxWorkbookFile | undefined;
  let spreadsheetId: string;
  if (exists) {
    file = await loadWorkbook(out);
    standIn.put(file.spreadsheet);
    spreadsheetId = file.spreadsheet.spreadsheetId;
  } else {
    spreadsheetId = (await client.createSpreadsheet({ properties: { title: NEW_TITLE } }))
      .spreadsheetId as string;
  }
  await writeRollup({ client, spreadsheetId, entries, now });
  // A new spreadsheet starts with an empty `Sheet1`, which a rollup workbook does not need.
  if (!file)
    await client.batchUpdate(spreadsheetId, { requests: [{ deleteSheet: { sheetId: 0 } }] });
  const stored = standIn.get(spreadsheetId);
  await writeFileAtomically(out, await (file ?? XlsxWorkbookFile.create(stored)).save(stored));
}

/** `rollup`: the 机关党组汇总 of local committee workbooks (docs/rollup.md). */
export const rollupCommand = cliCommand({
  name: 'rollup',
  help: `rollup --workbooks 文件夹或工作簿… --out 汇总.xlsx [--as-of YYYY-MM-DD]
        机关党组汇总：逐一同步各专委会的本地工作簿（只在内存中同步，不改动这些文件），
        把「各专委会」「汇总」「趋势」三张表写入 --out（已有的工作簿只重写这三张表）。
        文件夹取其中的 .xlsx 文件；无法同步的工作簿在「各专委会」中注明原因；
        --as-of 按指定日期同步各工作簿（默认：各自时区的今天）。`,
  options: {
    workbooks: { type: 'string' },
    out: { type: 'string' },
    'as-of': { type: 'string' },
  },
  positionals: '更多工作簿或文件夹',
  async run(values, io, positionals) {
    if (values.workbooks === undefined)
      throw new UsageError('rollup 需要 --workbooks，后面写各专委会工作簿所在的文件夹或工作簿。');
    const out = values.out;
    if (out === undefined)
      throw new UsageError('rollup 需要 --out 汇总.xlsx：汇总写入哪个工作簿。');
    const asOf = asOfOf(values['as-of']);
    const paths = await workbookPaths([values.workbooks, ...positionals], out);
    const now = Date.now();
    const entries: RollupEntry[] = [];
    for (const path of paths) entries.push(await entryOf(path, () => now, asOf));
    await writeRollupWorkbook(out, entries, now);
    const failed = entries.filter((e) => e.lastSync?.ok === false);
    io.stdout(
      `${[
        `已汇总 ${entries.length} 个专委会的工作簿，写入 ${out}。`,
        ...failed.map((e) => `无法同步 ${e.source}：${e.lastSync?.message ?? ''}`),
      ].join('\n')}\n`,
    );
  },
});
