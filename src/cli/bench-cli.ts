import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { describeOutputTabs } from './describe-output-tabs';
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

/** A command line run's cost, and what it synced: its summary and the file it wrote. */
export interface CliSync {
  run: CliRun;
  /** The `--json` summary without its duration, the one figure that differs between runs. */
  summary: string;
  /** The synced workbook. */
  path: string;
}

/**
 * Runs the command line of the tree at `root` on a copy of `xlsx` (the sync writes back in
 * place), under /usr/bin/time for the wall and CPU time and the peak resident set.
 */
export async function measureCli(root: string, xlsx: string, dir: string): Promise<CliSync> {
  const copy = join(dir, 'cli-run.xlsx');
  copyFileSync(xlsx, copy);
  const { stdout, stderr } = await promisify(execFile)(
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
    run: {
      wallS: Number(wall),
      cpuS: Number(user) + Number(system),
      peakRssMb: Number(rss) / 1024,
    },
    summary: stdout.replace(/"durationMs": \d+/, '"durationMs": 0'),
    path: copy,
  };
}

/** A sync's time as the output tabs show it (formatInstant: `2026-06-20 10:00`). */
const SYNC_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g;

/**
 * What a run synced: its summary (without its duration) and its output tabs as a spreadsheet
 * app shows them, cell by cell (read by exceljs, independent of either tree's .xlsx layer).
 */
export async function syncedResult(sync: CliSync): Promise<unknown> {
  const tabs = JSON.stringify(await describeOutputTabs(readFileSync(sync.path)));
  return {
    summary: JSON.parse(sync.summary),
    // The one thing two runs write differently: the clock time of the sync (覆盖总览, 历史).
    tabs: JSON.parse(tabs.replace(SYNC_TIME, '(the time of the sync)')),
  };
}
