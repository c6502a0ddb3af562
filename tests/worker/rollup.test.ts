import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ROLLUP_TAB_NAMES, type RollupEntry } from '../../src/domain/render-rollup';
import type { CellValue } from '../../src/domain/workbook-input';
import { createSheetsClient } from '../../src/sheets/sheets-client';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { syncForRollup } from '../../src/sync/sync-for-rollup';
import { writeRollup } from '../../src/sync/write-rollup';
import { coveredCommittee, members, settings } from '../support/domain-fixture';
import { signedAdmin, signedSync, workerHarness } from './worker-harness';

afterEach(() => {
  vi.restoreAllMocks();
});

type Tabs = Record<string, CellValue[][]>;

/** Three committees: one covered, one whose second member (A02, also in the first) is not, one without 委员. */
function committees(): Array<[string, Tabs]> {
  const covered = coveredCommittee();
  const { 委员: _, ...withoutMembers } = coveredCommittee();
  return [
    ['farm-committee', { ...covered, 设置: settings(['专委会名称', '农业委']) }],
    [
      'culture-committee',
      {
        ...covered,
        设置: settings(['专委会名称', '文史委']),
        委员: members(
          ['A01', '王书记', '中共', '中共党员', '种业组', '种业党小组', '', '在任'],
          ['A02', '李委员', '民盟', '民盟盟员', '种业组', '', '', '在任'],
        ),
      },
    ],
    ['broken-committee', { ...withoutMembers, 设置: settings(['专委会名称', '港澳委']) }],
  ];
}

/** Every rollup tab's cell values, by tab name. */
function rollupTabs(standIn: SheetsStandIn, spreadsheetId: string) {
  const sheets = standIn.snapshot(spreadsheetId).sheets;
  return Object.fromEntries(
    ROLLUP_TAB_NAMES.map((name) => [name, sheets.find((s) => s.title === name)?.rows]),
  );
}

/** The row of 各专委会 that starts with `name`. */
const committeeRow = (tabs: ReturnType<typeof rollupTabs>, name: string) =>
  tabs.各专委会?.find((row) => row[0] === name);

describe('the Worker’s rollup (机关党组汇总)', () => {
  it('is written on demand from what each committee’s sync recorded, the same tabs as the command line builds from the same committees', async () => {
    const { standIn, addSpreadsheet, clock } = await workerHarness();
    const registry = env.REGISTRY.getByName('registry');
    for (const { spreadsheetId } of await registry.list()) await registry.forget(spreadsheetId);
    const rollup = addSpreadsheet({ 说明: [['这张表由机关党组维护']] });

    // Nothing registered yet: one sentence saying how.
    const unregistered = await signedAdmin('POST', '/v1/admin/rollup', { body: {} });
    expect(unregistered.status).toBe(409);
    expect(await unregistered.json()).toMatchObject({ code: 'NO_ROLLUP' });

    // Registered for the nightly run (a menu sync registers only a sheet it synced).
    for (const [id, tabs] of committees()) {
      addSpreadsheet(tabs, id);
      await registry.add(id);
      await signedSync(id);
    }
    standIn.clearRequests();
    const written = await signedAdmin('POST', '/v1/admin/rollup', {
      body: { spreadsheetId: rollup },
    });
    expect(written.status).toBe(200);
    expect(await written.json()).toMatchObject({ ok: true, committees: 3, flagged: 1 });
    // The rollup reads its own spreadsheet's layout and writes it: no committee's sheet is read.
    const atGoogle = standIn.requests.filter((r) => r.kind !== 'token');
    expect(atGoogle.map((r) => [r.kind, r.path.includes(rollup)])).toEqual([
      ['spreadsheets.get', true],
      ['spreadsheets.batchUpdate', true],
    ]);
    const online = rollupTabs(standIn, rollup);
    // Never synced successfully, so its name is unknown: it is shown by its spreadsheet id.
    expect(online.各专委会?.filter((row) => row[0] === 'broken-committee')).toEqual([
      expect.arrayContaining([expect.stringMatching(/^同步失败：/)]),
    ]);
    expect(online.跨专委会委员?.find((row) => row[0] === 'A02')).toEqual([
      'A02',
      2,
      '部分专委会未覆盖',
      '文史委：未覆盖（未明确联系人）\n农业委：已覆盖',
    ]);

    // The command line's way: each committee synced through a stand-in of its own, then written.
    const offline = new SheetsStandIn();
    const client = createSheetsClient({ fetch: offline.fetch });
    const entries: RollupEntry[] = [];
    for (const [id, tabs] of committees()) {
      offline.createSpreadsheet({
        spreadsheetId: id,
        sheets: Object.entries(tabs).map(([title, rows]) => ({
          title,
          rows: rows.map((row) => row.map((v) => v ?? null)),
        })),
      });
      entries.push(
        await syncForRollup({
          spreadsheetId: id,
          client,
          trigger: 'cli',
          source: id,
          now: clock.now,
        }),
      );
    }
    const offlineRollup = offline.createSpreadsheet({
      sheets: [{ title: '说明', rows: [['这张表由机关党组维护']] }],
    });
    await writeRollup({ client, spreadsheetId: offlineRollup, entries, now: clock.now() });
    expect(rollupTabs(offline, offlineRollup)).toEqual(online);
  });

  it('shows a committee whose last sync failed, or whose last success is over two days old, as such and without its figures', async () => {
    const { standIn, addSpreadsheet, clock } = await workerHarness();
    const registry = env.REGISTRY.getByName('registry');
    for (const { spreadsheetId } of await registry.list()) await registry.forget(spreadsheetId);
    const rollup = addSpreadsheet({ 说明: [[]] });
    const [[farm, farmTabs], [culture, cultureTabs]] = committees() as [
      [string, Tabs],
      [string, Tabs],
    ];
    addSpreadsheet(farmTabs, farm);
    addSpreadsheet(cultureTabs, culture);
    expect((await signedSync(farm)).status).toBe(200);
    expect((await signedSync(culture)).status).toBe(200);
    const registered = await signedAdmin('POST', '/v1/admin/rollup', {
      body: { spreadsheetId: rollup },
    });
    expect(await registered.json()).toMatchObject({ committees: 2, flagged: 0 });
    const current = committeeRow(rollupTabs(standIn, rollup), '农业委');
    expect(current?.slice(3, 7)).toEqual(['成功', expect.any(String), expect.any(String), 1]);

    // A day and a half later the farm committee's sheet is no longer shared: its sync fails.
    clock.advance(36 * 3_600_000);
    standIn.share(farm, ['someone-else@example.com']);
    expect((await signedSync(farm)).status).not.toBe(200);
    // Another day: the culture committee's last success is now over two days old.
    clock.advance(24 * 3_600_000);
    const rewritten = await signedAdmin('POST', '/v1/admin/rollup', { body: {} });
    expect(await rewritten.json()).toMatchObject({ committees: 2, flagged: 2 });
    const tabs = rollupTabs(standIn, rollup);
    const failed = committeeRow(tabs, '农业委');
    const stale = committeeRow(tabs, '文史委');
    expect(failed?.[3]).toMatch(/^同步失败：.*（最近一次成功同步：2026-/);
    expect(stale?.[3]).toMatch(/^超过两天未同步，数据不再列出（最近一次成功同步：2026-/);
    // No figure of either is shown as current, and 汇总 counts neither.
    for (const row of [failed, stale]) expect(row?.slice(6)).toEqual(Array(10).fill('—'));
    expect(tabs.汇总?.find((row) => row[0] === '专委会')?.[1]).toBe(
      '共 2 个：0 个数据为最新；1 个同步失败；1 个超过两天未同步（未计入下列合计，见「各专委会」）。',
    );
  });
});
