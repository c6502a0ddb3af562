import { execFile } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { SYNTHETIC_AS_OF, syntheticWorkbook } from './synthetic-workbook';

/** What one `npm run cli -- sync --workbook` cost, end to end. */
export interface CliRun {
  wallS: number;
  /** User and system CPU of the process, all threads. */
  cpuS: number;
  peakRssMb: number;
}

/**
 * Writes the synthetic committee as a plain .xlsx, the way a clerk's file arrives (one
 * worksheet per tab, dates as date cells).
 */
export async function writeSyntheticXlsx(
  path: string,
  members: number,
  activities: number,
): Promise<void> {
  const book = new ExcelJS.Workbook();
  for (const [title, rows] of Object.entries(syntheticWorkbook(members, activities))) {
    const sheet = book.addWorksheet(title);
    for (const row of rows) sheet.addRow(row.map((v) => v ?? null));
  }
  await book.xlsx.writeFile(path);
}

/**
 * Runs the command line of the tree at `root` on a copy of `xlsx` (the sync writes back in
 * place), under /usr/bin/time for the wall and CPU time and the peak resident set.
 */
export async function measureCli(root: string, xlsx: string, dir: string): Promise<CliRun> {
  const copy = join(dir, 'cli-run.xlsx');
  copyFileSync(xlsx, copy);
  const { stderr } = await promisify(execFile)(
    '/usr/bin/time',
    [
      '-f',
      'bench-cli %e %U %S %M',
      process.execPath,
      '--import',
      'tsx',
      join(root, 'src/cli/main.ts'),
      'sync',
      '--workbook',
      copy,
      '--as-of',
      SYNTHETIC_AS_OF,
      '--json',
    ],
    { cwd: root, maxBuffer: 64 * 2 ** 20 },
  );
  const [, wall, user, system, rss] =
    /bench-cli ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr) ?? [];
  return {
    wallS: Number(wall),
    cpuS: Number(user) + Number(system),
    peakRssMb: Number(rss) / 1024,
  };
}
