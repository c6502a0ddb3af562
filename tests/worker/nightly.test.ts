import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../../src/worker/index';
import { runNightly } from '../../src/worker/run-nightly';
import { RETIRE_AFTER_NIGHTS } from '../../src/worker/sheet-sync-coordinator';
import { SyncBudget } from '../../src/worker/sync-budget';
import { coveredCommittee } from '../support/domain-fixture';
import { signedStatus, signedSync, workerHarness } from './worker-harness';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Every JSON line logged from here on. */
function captureLines(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    lines.push(JSON.parse(String(line)) as Record<string, unknown>);
  });
  return lines;
}

async function runCron(overrides: Partial<Env> = {}): Promise<void> {
  const ctx = createExecutionContext();
  worker.scheduled(
    createScheduledController({ cron: '0 18 * * *', scheduledTime: Date.now() }),
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
}

const registry = () => env.REGISTRY.getByName('registry');

/** This file's tests share the registry: each starts with an empty one. */
async function emptyRegistry(): Promise<void> {
  for (const { spreadsheetId } of await registry().list()) await registry().forget(spreadsheetId);
}

describe('the nightly run (cron 0 18 * * * = 02:00 China time)', () => {
  it('syncs every registered and configured sheet; one 403 and one 429-then-success stop nothing', async () => {
    const { standIn, addSpreadsheet } = await workerHarness();
    await emptyRegistry();
    const lines = captureLines();
    const tabs = coveredCommittee();
    const fromMenu = addSpreadsheet(tabs);
    const configured = addSpreadsheet(tabs);
    const notShared = addSpreadsheet(tabs);
    const throttled = addSpreadsheet(tabs);
    // A menu sync registers its sheet for the nightly run.
    expect((await signedSync(fromMenu)).status).toBe(200);
    for (const id of [notShared, throttled]) await registry().add(id);
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

    // Four sheets take four of the five background tokens above the reserve: the cron handler
    // never waits, so its real sleep meets the frozen clock nowhere.
    await runCron({ SYNC_SPREADSHEETS: ` ${configured} , ` });

    const outputTabs = (id: string) =>
      standIn.snapshot(id).sheets.filter((s) => s.title === '覆盖总览').length;
    expect([fromMenu, configured, throttled].map(outputTabs)).toEqual([1, 1, 1]);
    expect(outputTabs(notShared)).toBe(0);
    const syncLines = lines.filter((l) => l.event === 'sync' && l.trigger === 'schedule');
    expect(syncLines.map((l) => l.spreadsheetId).sort()).toEqual(
      [fromMenu, configured, notShared, throttled].sort(),
    );
    expect(syncLines.find((l) => l.spreadsheetId === notShared)).toMatchObject({
      ok: false,
      code: 'NOT_SHARED',
    });
    expect(syncLines.find((l) => l.spreadsheetId === throttled)).toMatchObject({ ok: true });
    expect(lines.at(-1)).toEqual({ event: 'nightly', spreadsheets: 4, synced: 3, failed: 1 });
    // Counts and codes only: no member's name in any line.
    expect(JSON.stringify(lines)).not.toMatch(/王书记|李委员/);
    expect(await (await signedStatus(fromMenu)).json()).toMatchObject({
      registered: true,
      lastSync: { ok: true, code: 'OK', trigger: 'schedule' },
    });
  });

  it('pays each start with a background token of the deployment’s budget, and leaves room for a click meanwhile', async () => {
    const { addSpreadsheet, clock } = await workerHarness();
    await emptyRegistry();
    captureLines();
    const ids = Array.from({ length: 9 }, () => addSpreadsheet(coveredCommittee()));
    const clicked = addSpreadsheet(coveredCommittee());
    const t0 = clock.now();
    // When each token was granted: the nightly run waits for its grant before it goes on, so
    // this is the clock of the grant whatever the machine's speed.
    const grants: string[] = [];
    const take = SyncBudget.prototype.take;
    vi.spyOn(SyncBudget.prototype, 'take').mockImplementation(async function (
      this: SyncBudget,
      ...args: Parameters<typeof take>
    ) {
      const grant = await take.apply(this, args);
      if (grant.granted) grants.push(`${args[0]} ${Date.now() - t0}`);
      return grant;
    });
    const waits: number[] = [];
    let click: Response | undefined;
    const report = await runNightly(
      { ...env, SYNC_SPREADSHEETS: ids.join(','), NIGHTLY_CONCURRENCY: '2' },
      async (ms) => {
        waits.push(ms);
        // A clerk clicks while the nightly run waits for its third token.
        if (waits.length === 3) click = await signedSync(clicked);
        clock.advance(ms);
      },
    );
    expect(report).toEqual({ synced: 9, failed: 0 });
    // The burst is 10 and the nightly run leaves 5 to clicks: 5 start at once, then one per
    // 1.2 s (50 a minute); the click took a token, so the next start waited a token longer.
    expect(grants).toEqual([
      ...Array(5).fill('background 0'),
      'background 1200',
      'background 2400',
      'menu 2400',
      'background 4800',
      'background 6000',
    ]);
    expect(waits).toEqual([1200, 1200, 1200, 1200, 1200]);
    expect(click?.status).toBe(200);
  });

  it(`retires a registered sheet after ${RETIRE_AFTER_NIGHTS} nights in a row of NOT_SHARED, with a log line; a success resets the count`, async () => {
    const { standIn, addSpreadsheet, clock, writesTo } = await workerHarness();
    await emptyRegistry();
    const lines = captureLines();
    const gone = addSpreadsheet(coveredCommittee());
    const flaky = addSpreadsheet(coveredCommittee());
    for (const id of [gone, flaky]) expect((await signedSync(id)).status).toBe(200);
    const night = async () => {
      clock.advance(86_400_000);
      await runNightly(env, async (ms) => clock.advance(ms));
    };
    standIn.share(gone, ['someone-else@example.com']);
    standIn.share(flaky, ['someone-else@example.com']);
    for (let n = 1; n < RETIRE_AFTER_NIGHTS; n++) await night();
    // The flaky sheet is shared again before its seventh night; the other stays unshared.
    standIn.share(flaky, undefined);
    expect(lines.filter((l) => l.event === 'retired')).toEqual([]);
    await night();
    expect(lines.filter((l) => l.event === 'retired')).toEqual([
      {
        event: 'retired',
        spreadsheetId: gone,
        code: 'NOT_SHARED',
        nights: RETIRE_AFTER_NIGHTS,
        registered: true,
      },
    ]);
    const listed = (await registry().list()).map((s) => s.spreadsheetId);
    expect(listed).not.toContain(gone);
    expect(listed).toContain(flaky);
    const goneReads = () =>
      standIn.requests.filter((r) => r.kind === 'spreadsheets.get' && r.path.includes(gone)).length;
    const readsBefore = goneReads();
    await night();
    expect(goneReads()).toBe(readsBefore);
    expect(writesTo(flaky)).toBe(3);
  });
});
