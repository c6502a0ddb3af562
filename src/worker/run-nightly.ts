import { configuredSpreadsheets } from './configured-spreadsheets';
import { logLine } from './log-line';

const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the deployment's budget grants one background token. */
async function takeBudget(env: Env, sleep: (ms: number) => Promise<unknown>): Promise<void> {
  const budget = env.SYNC_BUDGET.getByName('deployment');
  for (;;) {
    const grant = await budget.take('background');
    if (grant.granted) return;
    await sleep(grant.retryAfterMs);
  }
}

/**
 * The nightly run: syncs every registered and configured spreadsheet, NIGHTLY_CONCURRENCY at a
 * time, each start paid with a background token of the deployment's budget (which keeps room
 * for clicks: docs/worker.md), each through its coordinator so it never overlaps a menu sync.
 * A failing sheet is logged and the run goes on. `sleep` is injected by tests.
 */
export async function runNightly(
  env: Env,
  sleep: (ms: number) => Promise<unknown> = realSleep,
): Promise<{ synced: number; failed: number }> {
  const registered = await env.REGISTRY.getByName('registry').list();
  const ids = [
    ...new Set([...configuredSpreadsheets(env), ...registered.map((s) => s.spreadsheetId)]),
  ];
  const concurrency = Math.max(1, Number(env.NIGHTLY_CONCURRENCY) || 4);
  let failed = 0;
  const syncOne = async (id: string) => {
    try {
      const result = await env.SHEET_SYNC.getByName(id).scheduledSync(id);
      if (!result.ok) failed++;
    } catch {
      // The coordinator logs every outcome; this is a failure to reach it at all.
      failed++;
      logLine({
        event: 'sync',
        spreadsheetId: id,
        trigger: 'schedule',
        ok: false,
        code: 'UNREACHABLE',
      });
    }
  };
  const running = new Set<Promise<void>>();
  for (const id of ids) {
    while (running.size >= concurrency) await Promise.race(running);
    await takeBudget(env, sleep);
    const sync: Promise<void> = syncOne(id).finally(() => running.delete(sync));
    running.add(sync);
  }
  await Promise.all(running);
  logLine({ event: 'nightly', spreadsheets: ids.length, synced: ids.length - failed, failed });
  return { synced: ids.length - failed, failed };
}
