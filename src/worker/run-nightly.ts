import { logLine } from './log-line';

/** Spreadsheets of the nightly run: those configured plus those registered from their menu. */
async function nightlySpreadsheets(env: Env): Promise<string[]> {
  const configured = env.SYNC_SPREADSHEETS.split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const registered = await env.REGISTRY.getByName('registry').list();
  return [...new Set([...configured, ...registered])];
}

/**
 * The nightly run: syncs every spreadsheet, NIGHTLY_CONCURRENCY at a time and at most
 * NIGHTLY_SYNCS_PER_MINUTE starts a minute (each sync is one read and one write, and Google
 * allows 60 of each per minute per service account), each through its coordinator so it never
 * overlaps a menu sync. A failing sheet is logged and the run goes on.
 */
export async function runNightly(
  env: Env,
  sleep: (ms: number) => Promise<unknown> = (ms) =>
    new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<{ synced: number; failed: number }> {
  const ids = await nightlySpreadsheets(env);
  const concurrency = Math.max(1, Number(env.NIGHTLY_CONCURRENCY) || 4);
  const spacing = 60_000 / Math.max(1, Number(env.NIGHTLY_SYNCS_PER_MINUTE) || 50);
  let next = 0;
  let failed = 0;
  let nextStart = Date.now();
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      const now = Date.now();
      const startAt = Math.max(nextStart, now);
      nextStart = startAt + spacing;
      if (startAt > now) await sleep(startAt - now);
      try {
        const outcome = await env.SHEET_SYNC.getByName(id).sync(id, 'schedule');
        if (!outcome.ok) failed++;
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
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  logLine({ event: 'nightly', spreadsheets: ids.length, synced: ids.length - failed, failed });
  return { synced: ids.length - failed, failed };
}
