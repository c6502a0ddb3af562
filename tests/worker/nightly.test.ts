import { createMessageBatch, env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../../src/worker/index';
import { NIGHTLY_QUEUE, type NightlyMessage } from '../../src/worker/nightly-queue';
import { RETIRE_AFTER_NIGHTS } from '../../src/worker/sheet-sync-coordinator';
import { SyncBudget } from '../../src/worker/sync-budget';
import { coveredCommittee, settings } from '../support/domain-fixture';
import { runNight, VirtualQueue } from './virtual-queue';
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

const registry = () => env.REGISTRY.getByName('registry');

/** This file's tests share the registry: each starts with an empty one. */
async function emptyRegistry(): Promise<void> {
  for (const { spreadsheetId } of await registry().list()) await registry().forget(spreadsheetId);
}

/** Google's answer to a request over quota. */
const quotaExceeded = () =>
  new Response(
    JSON.stringify({
      error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' },
    }),
    { status: 429, headers: { 'content-type': 'application/json' } },
  );

/** Google's answer while it is down for a moment. */
const unavailable = () =>
  new Response(
    JSON.stringify({ error: { code: 503, message: 'Unavailable', status: 'UNAVAILABLE' } }),
    { status: 503, headers: { 'content-type': 'application/json' } },
  );

const take = SyncBudget.prototype.take;

/** When each token of the budget is granted from now on, as `kind count +ms` from `t0`. */
function recordGrants(t0: number): string[] {
  const grants: string[] = [];
  vi.spyOn(SyncBudget.prototype, 'take').mockImplementation(async function (
    this: SyncBudget,
    ...args: Parameters<typeof take>
  ) {
    const grant = await take.apply(this, args);
    if (grant.granted) grants.push(`${args[0]} ${args[1] ?? 1} +${Date.now() - t0}`);
    return grant;
  });
  return grants;
}

describe('the nightly run on Cloudflare Queues (cron 0 18 * * * = 02:00 China time)', () => {
  it('the Worker’s queue handler is the consumer: a batch from the pool’s queue syncs, acks and retries with a delay; the dead-letter queue’s batch is logged', async () => {
    // First in this file: a later test leaves the budget a day ahead, and this consumer's waits
    // are real ones.
    const { standIn, addSpreadsheet, writesTo } = await workerHarness();
    await emptyRegistry();
    const lines = captureLines();
    const fine = addSpreadsheet(coveredCommittee());
    const busy = addSpreadsheet(coveredCommittee());
    standIn.onRequest = (info) => (info.path.includes(busy) ? unavailable() : undefined);
    const runId = new Date().toISOString();
    const message = (id: string, spreadsheetId: string) => ({
      id,
      timestamp: new Date(),
      attempts: 1,
      body: { kind: 'sync', runId, spreadsheetId } satisfies NightlyMessage,
    });
    // What the queue is told of each message (the pool's getQueueResult waits on the frozen clock).
    const settled: string[] = [];
    const delivered = (queue: string, ...messages: ReturnType<typeof message>[]) => {
      const batch = createMessageBatch<NightlyMessage>(queue, messages);
      for (const m of batch.messages) {
        m.ack = () => settled.push(`ack ${m.id}`);
        m.retry = (options) => settled.push(`retry ${m.id} ${options?.delaySeconds}`);
      }
      return batch;
    };
    await worker.queue(
      delivered(NIGHTLY_QUEUE.name, message('m-fine', fine), message('m-busy', busy)),
      env,
    );

    expect(settled).toEqual(['ack m-fine', 'retry m-busy 60']);
    expect([writesTo(fine), writesTo(busy)]).toEqual([1, 0]);
    expect(lines.filter((l) => l.event === 'retry')).toEqual([
      expect.objectContaining({ spreadsheetId: busy, code: 'UNAVAILABLE', delaySeconds: 60 }),
    ]);

    // The dead-letter queue's batch: one line per sheet given up on, every message acked.
    await worker.queue(delivered(NIGHTLY_QUEUE.deadLetter, message('d-busy', busy)), env);
    expect(settled.at(-1)).toBe('ack d-busy');
    expect(lines.filter((l) => l.event === 'dead-letter')).toEqual([
      { event: 'dead-letter', kind: 'sync', spreadsheetId: busy, runId, code: 'UNAVAILABLE' },
    ]);
  });

  it('the cron sends one message per sheet in batches of 100, SYNC_BUDGET_PER_MINUTE due each minute; a second cron of the same night sends nothing', async () => {
    const { clock } = await workerHarness();
    await emptyRegistry();
    captureLines();
    const ids = Array.from({ length: 120 }, (_, i) => `sheet-${String(i).padStart(3, '0')}`);
    for (const id of ids.slice(0, 100)) await registry().add(id);
    const queue = new VirtualQueue(clock);
    const { runId, subrequests } = await queue.cron({
      SYNC_SPREADSHEETS: ids.slice(100).join(','),
    });

    expect(runId).toBe(new Date(clock.now()).toISOString());
    expect(queue.sendBatches).toEqual([100, 20]);
    expect(queue.sent.map((m) => m.body)).toEqual(
      ids.map((spreadsheetId) => ({ kind: 'sync', runId, spreadsheetId })),
    );
    expect(queue.sent.map((m) => m.delaySeconds)).toEqual([
      ...Array(50).fill(0),
      ...Array(50).fill(60),
      ...Array(20).fill(120),
    ]);
    // The registry's list, the run's start and two batches.
    expect(subrequests).toBe(4);
    const again = new VirtualQueue(clock);
    await again.cron({ SYNC_SPREADSHEETS: ids.slice(100).join(',') });
    expect(again.sent).toEqual([]);
  });

  it('syncs every registered and configured sheet once; NOT_SHARED ends its message, a 429 is retried a minute later', async () => {
    const { standIn, addSpreadsheet, writesTo, clock } = await workerHarness();
    await emptyRegistry();
    const lines = captureLines();
    const tabs = coveredCommittee();
    const [fromMenu, configured, notShared, throttled] = [1, 2, 3, 4].map(() =>
      addSpreadsheet(tabs),
    );
    expect((await signedSync(fromMenu as string)).status).toBe(200);
    for (const id of [notShared, throttled]) await registry().add(id as string);
    standIn.share(notShared as string, ['someone-else@example.com']);
    let throttles = 1;
    standIn.onRequest = (info) => {
      if (!info.path.includes(throttled as string) || throttles === 0) return undefined;
      throttles--;
      return quotaExceeded();
    };

    const queue = await runNight(clock, { SYNC_SPREADSHEETS: ` ${configured} , ` });

    for (const id of [fromMenu, configured, throttled])
      expect(writesTo(id as string)).toBe(id === fromMenu ? 2 : 1);
    expect(writesTo(notShared as string)).toBe(0);
    expect(lines.filter((l) => l.event === 'retry')).toEqual([
      {
        event: 'retry',
        kind: 'sync',
        spreadsheetId: throttled,
        runId: expect.any(String),
        code: 'RATE_LIMITED',
        attempts: 1,
        delaySeconds: 60,
      },
    ]);
    const syncs = lines.filter((l) => l.event === 'sync' && l.trigger === 'schedule');
    expect(syncs.map((l) => [l.spreadsheetId, l.ok, l.code ?? 'OK'])).toEqual(
      expect.arrayContaining([
        [notShared, false, 'NOT_SHARED'],
        [throttled, false, 'RATE_LIMITED'],
        [throttled, true, 'OK'],
      ]),
    );
    expect(lines.find((l) => l.event === 'nightly')).toEqual({
      event: 'nightly',
      runId: expect.any(String),
      spreadsheets: 4,
      synced: 3,
      failed: 1,
      deadLettered: 0,
      durationMs: expect.any(Number),
    });
    expect(queue.deadLettered).toEqual([]);
    // Counts and codes only: no member's name in any line.
    expect(JSON.stringify(lines)).not.toMatch(/王书记|李委员/);
    expect(await (await signedStatus(fromMenu as string)).json()).toMatchObject({
      registered: true,
      lastSync: { ok: true, code: 'OK', trigger: 'schedule' },
    });
  });

  it('pays each sync with background tokens — two while the sheet’s layout must be read, then one — waits for them in the consumer, and a click takes its token first', async () => {
    const { addSpreadsheet, clock } = await workerHarness();
    await emptyRegistry();
    captureLines();
    // With every input tab present, a sync can trust the layout it cached (docs/performance.md).
    const complete = () => ({ ...coveredCommittee(), 设置: settings() });
    const ids = Array.from({ length: 9 }, () => addSpreadsheet(complete()));
    const clicked = addSpreadsheet(complete());
    // The first night every sheet is new: two tokens each.
    const firstNight = recordGrants(clock.now());
    await runNight(clock, { SYNC_SPREADSHEETS: [...ids, clicked].join(',') });
    expect(firstNight).toHaveLength(10);
    expect(firstNight.every((g) => g.startsWith('background 2 '))).toBe(true);

    clock.advance(86_400_000);
    const grants = recordGrants(clock.now());
    const queue = new VirtualQueue(clock);
    let waits = 0;
    let click: Response | undefined;
    // A clerk clicks while the nightly run waits for its third token.
    queue.onWait = async () => {
      if (++waits === 3) click = await signedSync(clicked);
    };
    const configured = { SYNC_SPREADSHEETS: ids.join(',') };
    await queue.cron(configured);
    await queue.drain(configured);
    // The burst is 10 and the nightly run leaves 5 to clicks: 5 start at once, then one per
    // 1.2 s (50 a minute); the click took a token, so the next start waited a token longer.
    expect(grants).toEqual([
      ...Array(5).fill('background 1 +0'),
      'background 1 +1200',
      'background 1 +2400',
      'menu 1 +2400',
      'background 1 +4800',
      'background 1 +6000',
    ]);
    expect(click?.status).toBe(200);
  });

  it('a message delivered twice, one after the other or in one batch, makes one sync: one 历史 row, one write', async () => {
    const { addSpreadsheet, clock, writesTo, standIn } = await workerHarness();
    await emptyRegistry();
    const lines = captureLines();
    const id = addSpreadsheet(coveredCommittee());
    const other = addSpreadsheet(coveredCommittee());
    await registry().add(id);
    await registry().add(other);
    const queue = new VirtualQueue(clock);
    const { runId } = await queue.cron();
    // The queue delivers the first message twice in one batch…
    await queue.env().NIGHTLY_QUEUE.send({ kind: 'sync', runId, spreadsheetId: id });
    await queue.drain();
    // …and once more later.
    await queue.env().NIGHTLY_QUEUE.send({ kind: 'sync', runId, spreadsheetId: id });
    await queue.drain();

    expect(writesTo(id)).toBe(1);
    expect(writesTo(other)).toBe(1);
    const history = standIn.snapshot(id).sheets.find((s) => s.title === '历史')?.rows ?? [];
    expect(history).toHaveLength(2);
    expect(lines.filter((l) => l.event === 'sync' && l.spreadsheetId === id)).toHaveLength(1);
    expect(lines.filter((l) => l.event === 'nightly')).toHaveLength(1);
  });

  it('a sheet that keeps failing is retried after 1, 2 and 4 minutes, then dead-lettered with a log line; the run still ends', async () => {
    const { standIn, addSpreadsheet, clock } = await workerHarness();
    await emptyRegistry();
    const lines = captureLines();
    const failing = addSpreadsheet(coveredCommittee());
    const fine = addSpreadsheet(coveredCommittee());
    for (const id of [failing, fine]) await registry().add(id);
    standIn.onRequest = (info) => (info.path.includes(failing) ? unavailable() : undefined);
    const started = clock.now();
    const queue = await runNight(clock);

    const retries = lines.filter((l) => l.event === 'retry');
    expect(retries.map((l) => [l.code, l.attempts, l.delaySeconds])).toEqual([
      ['UNAVAILABLE', 1, 60],
      ['UNAVAILABLE', 2, 120],
      ['UNAVAILABLE', 3, 240],
      ['UNAVAILABLE', 4, 480],
    ]);
    expect(queue.deadLettered).toEqual([
      { kind: 'sync', runId: expect.any(String), spreadsheetId: failing },
    ]);
    expect(lines.filter((l) => l.event === 'dead-letter')).toEqual([
      {
        event: 'dead-letter',
        kind: 'sync',
        spreadsheetId: failing,
        runId: expect.any(String),
        code: 'UNAVAILABLE',
      },
    ]);
    // Each delivery made one request at Google: the queue retries, not the client.
    expect(standIn.requests.filter((r) => r.path.includes(failing))).toHaveLength(
      NIGHTLY_QUEUE.maxRetries + 1,
    );
    expect(lines.find((l) => l.event === 'nightly')).toMatchObject({
      spreadsheets: 2,
      synced: 1,
      failed: 1,
      deadLettered: 1,
    });
    expect(clock.now() - started).toBeGreaterThanOrEqual((60 + 120 + 240) * 1000);
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
      await runNight(clock);
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
