import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../../src/worker/index';
import { runNightly } from '../../src/worker/run-nightly';
import { coveredCommittee } from '../support/domain-fixture';
import { signedSync, workerHarness } from './worker-harness';

afterEach(() => {
  vi.restoreAllMocks();
});

async function runCron(overrides: Partial<Env> = {}): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    lines.push(String(line));
  });
  const ctx = createExecutionContext();
  worker.scheduled(
    createScheduledController({ cron: '0 18 * * *', scheduledTime: Date.now() }),
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the nightly run (cron 0 18 * * * = 02:00 China time)', () => {
  it('syncs every registered and configured sheet; one 403 and one 429-then-success stop nothing', async () => {
    const { standIn, addSpreadsheet } = await workerHarness();
    const tabs = coveredCommittee();
    const fromMenu = addSpreadsheet(tabs);
    const configured = addSpreadsheet(tabs);
    const notShared = addSpreadsheet(tabs);
    const throttled = addSpreadsheet(tabs);
    // A menu sync registers its sheet for the nightly run.
    expect((await signedSync(fromMenu)).status).toBe(200);
    for (const id of [notShared, throttled]) await env.REGISTRY.getByName('registry').add(id);
    standIn.share(notShared, ['someone-else@example.com']);
    let throttles = 1;
    standIn.onRequest = (info) => {
      if (!info.path.includes(throttled) || throttles === 0) return undefined;
      throttles--;
      return new Response(
        JSON.stringify({
          error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' },
        }),
        { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '0' } },
      );
    };

    const lines = await runCron({
      SYNC_SPREADSHEETS: ` ${configured} , `,
      NIGHTLY_SYNCS_PER_MINUTE: '6000',
    });

    const outputTabs = (id: string) =>
      standIn.snapshot(id).sheets.filter((s) => s.title === '覆盖总览').length;
    expect([fromMenu, configured, throttled].map(outputTabs)).toEqual([1, 1, 1]);
    expect(outputTabs(notShared)).toBe(0);
    const syncLines = lines.filter(
      (l) =>
        l.event === 'sync' &&
        [fromMenu, configured, notShared, throttled].includes(l.spreadsheetId as string),
    );
    expect(syncLines).toHaveLength(4);
    expect(syncLines.every((l) => l.trigger === 'schedule')).toBe(true);
    expect(syncLines.find((l) => l.spreadsheetId === notShared)).toMatchObject({
      ok: false,
      code: 'NOT_SHARED',
    });
    expect(syncLines.find((l) => l.spreadsheetId === throttled)).toMatchObject({ ok: true });
    expect(lines.at(-1)).toMatchObject({ event: 'nightly' });
    // Counts and codes only: no member's name in any line.
    expect(JSON.stringify(lines)).not.toMatch(/王书记|李委员/);
  });

  it('starts at most NIGHTLY_SYNCS_PER_MINUTE syncs a minute, to stay inside the Sheets quota', async () => {
    const { standIn, addSpreadsheet } = await workerHarness();
    const ids = [1, 2, 3, 4].map(() => addSpreadsheet(coveredCommittee()));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const waits: number[] = [];
    const report = await runNightly(
      {
        ...env,
        SYNC_SPREADSHEETS: ids.join(','),
        NIGHTLY_SYNCS_PER_MINUTE: '30',
        NIGHTLY_CONCURRENCY: '4',
      },
      async (ms) => {
        // When this start was scheduled for.
        waits.push(Date.now() + ms);
      },
    );
    // Sheets registered by earlier tests in this file fail here (they are not in this stand-in).
    expect(report.synced).toBeGreaterThanOrEqual(ids.length);
    for (const id of ids)
      expect(standIn.snapshot(id).sheets.some((s) => s.title === '覆盖总览')).toBe(true);
    // 30 a minute: the starts are spaced 2 s apart, whatever the concurrency.
    expect(waits.length).toBeGreaterThanOrEqual(ids.length - 1);
    const gaps = waits.slice(1).map((at, i) => at - (waits[i] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1_990);
  });
});
