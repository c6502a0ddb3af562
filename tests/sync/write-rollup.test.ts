import { describe, expect, it } from 'vitest';
import { ROLLUP_TAB_NAMES, type RollupEntry, renderRollup } from '../../src/domain/render-rollup';
import type { CellValue } from '../../src/domain/workbook-input';
import { PRINT_SETUP_KEY } from '../../src/sheets/print-setup';
import type { Spreadsheet } from '../../src/sheets/sheets-api-types';
import { createSheetsClient } from '../../src/sheets/sheets-client';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { MARKER_KEY } from '../../src/sync/build-write-requests';
import { SyncError } from '../../src/sync/run-sync';
import { syncForRollup } from '../../src/sync/sync-for-rollup';
import { writeRollup } from '../../src/sync/write-rollup';
import { coveredCommittee, settings } from '../support/domain-fixture';

const NOW = Date.parse('2026-05-12T02:00:00Z');

/** A stand-in holding two committees, one without its 委员 tab, and a blank rollup sheet. */
function deployment() {
  const standIn = new SheetsStandIn();
  const client = createSheetsClient({ fetch: standIn.fetch });
  const add = (title: string, tabs: Record<string, CellValue[][]>) =>
    standIn.createSpreadsheet({
      title,
      sheets: Object.entries(tabs).map(([name, rows]) => ({
        title: name,
        rows: rows.map((row) => row.map((v) => v ?? null)),
      })),
    });
  const farm = add('农业', { ...coveredCommittee(), 设置: settings(['专委会名称', '农业委']) });
  const { 委员: _, ...withoutMembers } = coveredCommittee();
  const broken = add('文史', { ...withoutMembers, 设置: settings(['专委会名称', '文史委']) });
  const rollup = add('机关党组汇总', { 说明: [['这张表由机关党组维护']] });
  // A committee that never synced has no name yet: it is shown by its source.
  const entries = () =>
    Promise.all(
      [
        [farm, '农业.xlsx'],
        [broken, '文史.xlsx'],
      ].map(([spreadsheetId = '', source = '']) =>
        syncForRollup({ spreadsheetId, client, trigger: 'schedule', source, now: () => NOW }),
      ),
    );
  return { standIn, client, rollup, entries };
}

/** The rollup spreadsheet as `spreadsheets.get` gives it: every tab's grid data and charts. */
async function full(standIn: SheetsStandIn, id: string): Promise<Spreadsheet> {
  const response = await standIn.fetch(
    `https://sheets.googleapis.com/v4/spreadsheets/${id}?includeGridData=true`,
  );
  return (await response.json()) as Spreadsheet;
}

describe('writing the rollup (机关党组汇总) into its spreadsheet', () => {
  it('adds 各专委会, 汇总 and 趋势 with their markers in one read and one atomic write; staff tabs stay', async () => {
    const { standIn, client, rollup, entries } = deployment();
    const committees = await entries();
    expect(committees.map((e) => [e.lastSync?.ok, e.lastSync?.code])).toEqual([
      [true, 'OK'],
      [false, 'MISSING_TAB'],
    ]);
    standIn.clearRequests();
    const written = await writeRollup({
      client,
      spreadsheetId: rollup,
      entries: committees,
      now: NOW,
    });
    expect(written).toMatchObject({ committees: 2, sheetsApiCalls: 2 });
    expect(standIn.requests.map((r) => r.kind)).toEqual([
      'spreadsheets.get',
      'spreadsheets.batchUpdate',
    ]);

    const snapshot = standIn.snapshot(rollup);
    expect(snapshot.sheets.map((s) => s.title)).toEqual(['说明', ...ROLLUP_TAB_NAMES]);
    expect(snapshot.sheets[0]?.rows).toEqual([['这张表由机关党组维护']]);
    const rendered = renderRollup(committees, NOW);
    for (const name of ROLLUP_TAB_NAMES) {
      const sheet = snapshot.sheets.find((s) => s.title === name);
      expect(sheet?.developerMetadata.map((m) => m.metadataKey).sort()).toEqual(
        [MARKER_KEY, PRINT_SETUP_KEY].sort(),
      );
      const expected = rendered.find((t) => t.name === name)?.rows ?? [];
      expect(sheet?.rows).toEqual(
        expected.map((row) => {
          const cells = row.map((v) => (v === '' ? null : v));
          while (cells.length > 0 && cells.at(-1) === null) cells.pop();
          return cells;
        }),
      );
    }
    // The failed committee is shown as such, with its reason.
    expect(snapshot.sheets.find((s) => s.title === '各专委会')?.rows[5]?.slice(0, 4)).toEqual([
      '文史.xlsx',
      '—',
      '2026-05-12 10:00',
      expect.stringMatching(/^同步失败：.*委员/),
    ]);
    const charts = (await full(standIn, rollup)).sheets?.find(
      (s) => s.properties?.title === '汇总',
    )?.charts;
    expect(charts?.map((c) => c.spec?.title)).toEqual([
      '各专委会覆盖率',
      '组织覆盖率变化趋势',
      '工作覆盖率变化趋势',
      '联系落实率变化趋势',
    ]);
  });

  it('rewrites the same tabs and re-points the same charts on a second write', async () => {
    const { standIn, client, rollup, entries } = deployment();
    const committees = await entries();
    await writeRollup({ client, spreadsheetId: rollup, entries: committees, now: NOW });
    const first = standIn.snapshot(rollup).sheets.map((s) => s.sheetId);
    // The next night the second committee is gone from the deployment.
    await writeRollup({
      client,
      spreadsheetId: rollup,
      entries: committees.slice(0, 1),
      now: NOW + 86_400_000,
    });
    const snapshot = standIn.snapshot(rollup);
    expect(snapshot.sheets.map((s) => s.sheetId)).toEqual(first);
    const rows = snapshot.sheets.find((s) => s.title === '各专委会')?.rows ?? [];
    expect(rows.slice(5).map((r) => r[0])).toEqual(['农业委']);
    const charts = (await full(standIn, rollup)).sheets?.flatMap((s) => s.charts ?? []) ?? [];
    expect(charts).toHaveLength(4);
  });

  it('writes nothing when a staff tab has a rollup tab’s name, and says which to rename', async () => {
    const { standIn, client, entries } = deployment();
    const rollup = standIn.createSpreadsheet({
      title: '机关党组汇总',
      sheets: [{ title: '汇总', rows: [['我们自己的汇总']] }],
    });
    const committees = await entries();
    standIn.clearRequests();
    const error = await writeRollup({
      client,
      spreadsheetId: rollup,
      entries: committees,
      now: NOW,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({
      code: 'FOREIGN_OUTPUT_TAB',
      message: expect.stringContaining('「汇总」'),
    });
    expect(standIn.requests.map((r) => r.kind)).toEqual(['spreadsheets.get']);
    expect(standIn.snapshot(rollup).sheets.map((s) => s.rows)).toEqual([[['我们自己的汇总']]]);
  });

  it('an empty deployment gets the tabs and no charts until a committee has figures', async () => {
    const { standIn, client, rollup } = deployment();
    const none: RollupEntry[] = [];
    await writeRollup({ client, spreadsheetId: rollup, entries: none, now: NOW });
    const charts = (await full(standIn, rollup)).sheets?.flatMap((s) => s.charts ?? []) ?? [];
    expect(charts).toEqual([]);
    expect(
      standIn
        .snapshot(rollup)
        .sheets.find((s) => s.title === '各专委会')
        ?.rows.at(-1),
    ).toEqual(['尚无专委会：专委会表格同步成功后会列在这里。']);
  });
});
