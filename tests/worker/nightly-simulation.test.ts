import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CellValue } from '../../src/domain/workbook-input';
import { NIGHTLY_QUEUE } from '../../src/worker/nightly-queue';
import { activities, groups, members, settings, subgroup } from '../support/domain-fixture';
import { VirtualQueue } from './virtual-queue';
import { signedAdmin, signedSync, workerHarness } from './worker-harness';

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Sheets of the simulated deployment: 2,000 in the suite (`SIMULATED_SHEETS` to change it), a
 * coordinator each; the pinned vitest pool needs its Durable Object fix for that
 * (tests/support/patch-vitest-pool.ts, applied by vitest.config.ts).
 */
const SHEETS = Number(env.SIMULATED_SHEETS);
/** What a Sheets call takes at Google, on the simulated clock. */
const LATENCY_MS = 400;
/** Google's quota per service account, read and write each (docs/worker.md). */
const QUOTA = 60;
/** A clerk clicks 立即同步 on one of a few sheets every so often through the night. */
const CLICK_EVERY_MS = 5 * 60_000;

type Row = CellValue[];

/** A small committee of its own: three members, one party group, its own 委员编号. */
function committee(n: number, shared: string): Record<string, Row[]> {
  const id = (k: number) => `C${n}-${k}`;
  return {
    设置: settings(['专委会名称', `第${n}专委会`]),
    委员: members(
      [id(1), '书记', '中共', '中共党员', '一组', '一组党小组', '', '在任'],
      [id(2), '委员甲', '民盟', '民盟盟员', '一组', '', id(1), '在任'],
      [shared, '委员乙', '无党派', '无党派人士', '一组', '', '', '在任'],
    ),
    分党组: subgroup(['书记', id(1), '书记', '全面负责']),
    履职小组: groups(['一组', id(1), '一组党小组', id(1), id(1)]),
    活动记录: activities(['2026-05-06', '联系谈心', '走访', id(1), id(2)]),
    重要事项: [['编号', '事项', '决定日期', '责任人']],
    工作任务: [['任务', '责任人', '截止日期', '状态', '完成日期']],
    困难诉求: [['日期', '委员', '诉求', '责任人', '状态', '解决日期']],
  };
}

/** The largest count of `times` in any window of `windowMs` (a sliding window). */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** The largest count of `times` in one calendar minute. */
function busiestMinute(times: number[]): number {
  const perMinute = new Map<number, number>();
  for (const t of times)
    perMinute.set(Math.floor(t / 60_000), (perMinute.get(Math.floor(t / 60_000)) ?? 0) + 1);
  return Math.max(0, ...perMinute.values());
}

describe('the nightly run at scale, on a simulated clock (issue #15)', () => {
  it(`${SHEETS} registered sheets: each synced once, never over Google’s quota, a failing sheet retried then dead-lettered, the rollup written at the end`, async () => {
    // The stand-in enforces Google's per-minute quotas on the simulated clock.
    const { standIn, addSpreadsheet, clock, writesTo } = await workerHarness({ quota: true });
    const lines: Record<string, unknown>[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      lines.push(JSON.parse(String(line)) as Record<string, unknown>);
    });
    const registry = env.REGISTRY.getByName('registry');
    for (const { spreadsheetId } of await registry.list()) await registry.forget(spreadsheetId);

    const ids: string[] = [];
    for (let n = 0; n < SHEETS; n++) {
      // Every tenth committee shares its third member with the next one.
      const id = addSpreadsheet(committee(n, `S-${Math.floor(n / 2)}`));
      ids.push(id);
      await registry.add(id);
    }
    const [failing, notShared] = [ids[7] as string, ids[50] as string];
    standIn.share(notShared, ['someone-else@example.com']);
    // Three sheets clerks click during the night, synced (and so warm) beforehand.
    const clicked = [0, 1, 2].map((n) => addSpreadsheet(committee(SHEETS + n, `X-${n}`)));
    for (const id of clicked) expect((await signedSync(id)).status).toBe(200);
    const rollup = standIn.createSpreadsheet({
      title: '机关党组汇总',
      sheets: [{ title: '说明', rows: [] }],
    });
    const registered = await signedAdmin('POST', '/v1/admin/rollup', {
      body: { spreadsheetId: rollup },
    });
    expect(registered.status).toBe(200);
    // An hour later the budget is full again: the night starts.
    clock.advance(3_600_000);
    standIn.clearRequests();
    lines.length = 0;

    const calls: Array<{ kind: 'read' | 'write'; at: number; id: string }> = [];
    standIn.onRequest = ({ kind, path }) => {
      if (kind === 'token' || kind === 'unknown') return undefined;
      clock.advance(LATENCY_MS);
      const id = /^\/v4\/spreadsheets\/([^/:?]+)/.exec(path)?.[1] ?? '';
      calls.push({
        kind: kind === 'spreadsheets.batchUpdate' ? 'write' : 'read',
        at: Date.now(),
        id,
      });
      if (id !== failing) return undefined;
      return new Response('{"error":{"code":503,"message":"Unavailable","status":"UNAVAILABLE"}}', {
        status: 503,
        headers: { 'content-type': 'application/json' },
      });
    };

    const started = clock.now();
    const queue = new VirtualQueue(clock);
    const cron = await queue.cron();
    let nextClick = started + CLICK_EVERY_MS;
    let clicks = 0;
    await queue.drain({}, async () => {
      // Spies keep every call: forgotten each time, or every sync's request bodies pile up.
      vi.mocked(globalThis.fetch).mockClear();
      log.mockClear();
      while (clock.now() >= nextClick) {
        const response = await signedSync(clicked[clicks % clicked.length] as string);
        expect(response.status).toBe(200);
        clicks++;
        nextClick += CLICK_EVERY_MS;
      }
    });
    const finished = clock.now();

    // Every sheet synced exactly once; the failing and the unshared ones not at all.
    const writes = ids.map(writesTo);
    expect(writes.filter((w) => w === 1)).toHaveLength(SHEETS - 2);
    expect(writesTo(failing)).toBe(0);
    expect(writesTo(notShared)).toBe(0);
    // Google's quota held in every minute, clicks included: nothing was refused.
    const reads = calls.filter((c) => c.kind === 'read').map((c) => c.at);
    const writeTimes = calls.filter((c) => c.kind === 'write').map((c) => c.at);
    const busiest = {
      readsPerMinute: busiestMinute(reads),
      readsPer60s: busiestWindow(reads, 60_000),
      writesPerMinute: busiestMinute(writeTimes),
      writesPer60s: busiestWindow(writeTimes, 60_000),
    };
    expect(Math.max(...Object.values(busiest))).toBeLessThanOrEqual(QUOTA);
    expect(standIn.requests.filter((r) => r.status === 429)).toEqual([]);
    // The failing sheet: four deliveries, one request each, then the dead-letter queue.
    expect(calls.filter((c) => c.id === failing)).toHaveLength(NIGHTLY_QUEUE.maxRetries + 1);
    expect(queue.deadLettered).toEqual([
      { kind: 'sync', runId: cron.runId, spreadsheetId: failing },
    ]);
    expect(lines.filter((l) => l.event === 'dead-letter')).toEqual([
      {
        event: 'dead-letter',
        kind: 'sync',
        spreadsheetId: failing,
        runId: cron.runId,
        code: 'UNAVAILABLE',
      },
    ]);
    // The night syncs the clicked sheets too: a menu sync registers its sheet.
    const night = lines.find((l) => l.event === 'nightly');
    expect(night).toMatchObject({
      spreadsheets: SHEETS + clicked.length,
      synced: SHEETS + clicked.length - 2,
      failed: 2,
      deadLettered: 1,
    });
    // The rollup was written once, after the last sheet: every committee in it.
    const rollupLines = lines.filter((l) => l.event === 'rollup');
    expect(rollupLines).toEqual([
      expect.objectContaining({
        trigger: 'schedule',
        ok: true,
        committees: SHEETS + clicked.length,
        flagged: 2,
      }),
    ]);
    const committeesTab = standIn.snapshot(rollup).sheets.find((s) => s.title === '各专委会');
    expect(committeesTab?.rows.filter((r) => /^第\d+专委会$/.test(String(r[0])))).toHaveLength(
      SHEETS + clicked.length - 2,
    );

    const consumer = queue.invocations.filter((i) => i.queue === NIGHTLY_QUEUE.name);
    const perInvocation = (pick: (i: (typeof consumer)[number]) => number) =>
      Math.max(...consumer.map(pick));
    const figures = {
      sheets: SHEETS,
      syncedOnce: writes.filter((w) => w === 1).length,
      simulatedMinutes: Math.round((finished - started) / 60_000),
      readsAtGoogle: reads.length,
      writesAtGoogle: writeTimes.length,
      ...busiest,
      clicks,
      cronSubrequests: cron.subrequests,
      consumerInvocations: consumer.length,
      deadLetterInvocations: queue.invocations.length - consumer.length,
      maxMessagesPerInvocation: perInvocation((i) => i.messages),
      maxSubrequestsPerInvocation: perInvocation((i) => i.subrequests),
      maxInvocationSimulatedSeconds: Math.round(perInvocation((i) => i.endedAt - i.at) / 1000),
      retries: lines.filter((l) => l.event === 'retry').length,
    };
    console.info(`nightly simulation: ${JSON.stringify(figures, null, 2)}`);
    expect(figures.maxSubrequestsPerInvocation).toBeLessThanOrEqual(50);
    expect(figures.maxInvocationSimulatedSeconds).toBeLessThan(15 * 60);
  }, 3_600_000);
});
