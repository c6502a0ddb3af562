import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticXlsx } from '../../src/cli/bench-cli';
import { describeOutputTabs } from '../../src/cli/describe-output-tabs';
import { syncLocalWorkbook } from '../../src/cli/local-workbook';
import { SYNTHETIC_AS_OF } from '../../src/cli/synthetic-workbook';

/** The size of the synthetic committee the synced-.xlsx golden is made from: fast to sync. */
const MEMBERS = 80;
const ACTIVITIES = 2_000;

/**
 * A synthetic committee written as a plain .xlsx, synced through the command line's path at the
 * end of the first quarter and again at the synthetic as-of date: its summary (without the
 * duration) and its output tabs as a spreadsheet app shows them, cell by cell.
 */
export async function syncedXlsxText(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'synced-xlsx-'));
  try {
    const path = join(dir, 'committee.xlsx');
    await writeSyntheticXlsx(path, MEMBERS, ACTIVITIES);
    await syncLocalWorkbook(path, { asOf: '2026-03-31', now: () => Date.UTC(2026, 2, 31, 2) });
    const { stats, ...summary } = await syncLocalWorkbook(path, {
      asOf: SYNTHETIC_AS_OF,
      now: () => Date.UTC(2026, 5, 20, 2),
    });
    const { durationMs: _, ...counts } = stats;
    const golden = {
      summary: { ...summary, stats: counts },
      tabs: await describeOutputTabs(await readFile(path)),
    };
    // One line per row, so a reviewer reads each tab as it looks.
    const text = JSON.stringify(golden, null, 2).replace(
      /\[\s+([^[\]{}]*?)\s+\]/g,
      (_, cells: string) => `[${cells.replace(/,\s+/g, ', ')}]`,
    );
    return `${text}\n`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
