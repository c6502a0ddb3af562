import { afterEach, describe, expect, it, vi } from 'vitest';
import { coveredCommittee, settings } from '../support/domain-fixture';
import { countArrivals, holdFirstReads, signedSync, workerHarness } from './worker-harness';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Requests per sheet in one burst, rotated from burst to burst: each sheet once gets 20 at once. */
const SHARES = [20, 10, 10, 5, 5];
const BURSTS = 4;

describe('load: 200 menu syncs in 4 bursts of 50 across 5 sheets', () => {
  it('answers every one, coalesces each sheet’s burst into exactly 2 runs, writes 历史 once a day', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { standIn, addSpreadsheet, clock, writesTo } = await workerHarness();
    // Template-made sheets (every input tab present), so each sheet's Durable Object keeps
    // their layout after the first run.
    const ids = SHARES.map(() =>
      addSpreadsheet({ 设置: settings(['专委会名称', '测试']), ...coveredCommittee() }),
    );
    // Each sheet's first read waits until its whole burst has reached the coordinator, so the
    // first run is still running when the last request arrives: coalescing, not speed, decides.
    const arrivals = countArrivals();
    const expected = new Map<string, number>();
    const gate = holdFirstReads(standIn, (id) => arrivals.reach(id, expected.get(id) ?? 0));

    const statuses = new Map<number, number>();
    const runs: number[][] = ids.map(() => []);
    for (let burst = 0; burst < BURSTS; burst++) {
      // A minute apart: each sheet may start 6 menu runs a minute, the deployment 10 at once.
      if (burst > 0) clock.advance(60_000);
      gate.nextBurst();
      const shares = ids.map((_, sheet) => SHARES[(sheet + burst) % SHARES.length] ?? 0);
      ids.forEach((id, sheet) => {
        expected.set(id, arrivals.count(id) + (shares[sheet] ?? 0));
      });
      // Interleaved: one request for each sheet in turn, until each has its share.
      const burstIds = Array.from({ length: Math.max(...shares) }, (_, round) =>
        ids.filter((_, sheet) => round < (shares[sheet] ?? 0)),
      ).flat();
      const writesBefore = ids.map(writesTo);
      // Each request is signed anew, with its own nonce: identical signatures are replays.
      const responses = await Promise.all(burstIds.map((id) => signedSync(id)));
      for (const { status } of responses) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      ids.forEach((id, sheet) => {
        runs[sheet]?.push(writesTo(id) - (writesBefore[sheet] ?? 0));
      });
    }

    const sent = BURSTS * SHARES.reduce((sum, n) => sum + n, 0);
    expect([...statuses]).toEqual([[200, sent]]);
    // The first request of a burst starts a run; everyone arriving while it runs shares the next.
    expect(runs).toEqual(ids.map(() => Array(BURSTS).fill(2)));
    for (const id of ids) {
      const history = standIn.snapshot(id).sheets.find((s) => s.title === '历史');
      expect(history?.rows.map((row) => row[0])).toEqual(['日期', clock.chinaDate()]);
    }
    const totalRuns = ids.length * BURSTS * 2;
    const count = (kind: string) => standIn.requests.filter((r) => r.kind === kind).length;
    const calls = standIn.requests.length;
    // One values read and one write per run, one layout read per sheet (its first run); the
    // rest are token requests, and a 401 for each sheet whose first read carried a token
    // cached from an earlier stand-in in this isolate.
    const ok = (kind: string) =>
      standIn.requests.filter((r) => r.kind === kind && r.status === 200);
    expect(ok('values.batchGet')).toHaveLength(totalRuns);
    expect(ok('spreadsheets.get')).toHaveLength(ids.length);
    expect(count('spreadsheets.batchUpdate')).toBe(totalRuns);
    expect(calls).toBeLessThanOrEqual(2 * totalRuns + 2 * ids.length + 1);
    const syncLines = lines.map((line) => JSON.parse(line) as { event: string; ok: boolean });
    expect(syncLines.filter((l) => l.event === 'sync' && l.ok)).toHaveLength(totalRuns);
    expect(syncLines.every((l) => l.ok)).toBe(true);
    expect(errors).not.toHaveBeenCalled();

    console.info(
      [
        `load: ${sent} requests sent in ${BURSTS} bursts of ${sent / BURSTS} across ${ids.length} sheets`,
        `answered: ${[...statuses].map(([status, n]) => `${n} × ${status}`).join(', ')}`,
        `runs per sheet (per burst): ${runs.map((r) => `${r.reduce((a, b) => a + b, 0)} (${r.join('+')})`).join(', ')}; total ${totalRuns}`,
        `Sheets calls: ${calls} = ${count('spreadsheets.get')} layout reads + ${count('values.batchGet')} values reads + ${count('spreadsheets.batchUpdate')} writes + ${count('token')} token requests; calls / (2 × runs) = ${(calls / (2 * totalRuns)).toFixed(3)}`,
      ].join('\n'),
    );
  }, 60_000);
});
