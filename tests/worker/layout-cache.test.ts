import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncSummary } from '../../src/sync/run-sync';
import { coveredCommittee, settings } from '../support/domain-fixture';
import { signedSync, workerHarness } from './worker-harness';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The Sheets calls the stand-in saw from index `before` on, token requests left out. */
const callsSince = (requests: ReadonlyArray<{ kind: string }>, before: number) =>
  requests
    .slice(before)
    .map((r) => r.kind)
    .filter((kind) => kind !== 'token');

describe('issue #12: the sheet’s Durable Object keeps its layout between syncs', () => {
  it('syncs a template-made sheet in three Sheets calls the first time and two after', async () => {
    const { standIn, addSpreadsheet } = await workerHarness();
    const id = addSpreadsheet({
      设置: settings(['专委会名称', '测试专委会']),
      ...coveredCommittee(),
    });
    const sheetsCalls = async (nonce: string) => {
      const response = await signedSync(id, {
        body: JSON.stringify({ trigger: 'menu', nonce }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { stats: { sheetsApiCalls: number } }).stats
        .sheetsApiCalls;
    };
    expect(await sheetsCalls('first')).toBe(3);
    const before = standIn.requests.length;
    expect(await sheetsCalls('second')).toBe(2);
    expect(callsSince(standIn.requests, before)).toEqual([
      'values.batchGet',
      'spreadsheets.batchUpdate',
    ]);
  });

  it('reads the gap ledger in the same values read: still two calls, and the ledger carries on', async () => {
    const { standIn, addSpreadsheet, clock } = await workerHarness();
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '张', '民盟', '民盟盟员', '种业组', '', '', '在任']);
    const id = addSpreadsheet({ 设置: settings(['专委会名称', '测试专委会']), ...tabs });
    const sync = async (nonce: string) => {
      const response = await signedSync(id, { body: JSON.stringify({ trigger: 'menu', nonce }) });
      expect(response.status).toBe(200);
      return (await response.json()) as SyncSummary;
    };
    const firstDay = clock.chinaDate();
    const first = await sync('first');
    expect(first.stats.sheetsApiCalls).toBe(3);
    // The Worker's answer carries the summary's review (contract §7.5).
    expect(first.review).toMatchObject({ open: { coverage: 2 }, ledgerRestarted: false });

    clock.advance(86_400_000);
    const before = standIn.requests.length;
    const next = await sync('next');
    expect(next.stats.sheetsApiCalls).toBe(2);
    expect(callsSince(standIn.requests, before)).toEqual([
      'values.batchGet',
      'spreadsheets.batchUpdate',
    ]);
    // The ledger was read in that one values read: its rows kept their first day and were
    // refreshed, instead of a restart.
    expect(next.dataIssues.filter((issue) => issue.tab === '缺口台账')).toEqual([]);
    const ledger = standIn.snapshot(id).sheets.find((s) => s.title === '缺口台账')?.rows ?? [];
    expect(ledger.slice(1).map((row) => [row[2], row[6], row[7], row[10]])).toEqual([
      ['A03', firstDay, clock.chinaDate(), '未解决'],
      ['A03', firstDay, clock.chinaDate(), '未解决'],
    ]);
  });
});
