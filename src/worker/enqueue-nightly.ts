import { logLine } from './log-line';
import type { NightlyMessage } from './nightly-queue';
import { nightlySpreadsheets } from './nightly-spreadsheets';

/** Queues take at most 100 messages per sendBatch call (docs/worker.md, "Queues"). */
const SEND_BATCH = 100;
/**
 * The longest delay a message may be sent with: 12 hours, what Cloudflare documented first
 * (24 now), so the pacing holds on either. Beyond 36,000 sheets at 50 a minute the last
 * minutes' messages all arrive at 12 hours and the budget paces them.
 */
const MAX_DELAY_SECONDS = 12 * 3600;

/**
 * The cron's part of the nightly run (docs/worker.md): one message per sheet the nightly run
 * syncs, sent in batches, the first SYNC_BUDGET_PER_MINUTE due now, the next as many a minute
 * later, and so on, so the queue holds each minute's share until its minute. The run's id is
 * the cron's scheduled time: a cron delivered twice sends nothing the second time. A run
 * without sheets is complete at once and goes straight to the rollup.
 */
export async function enqueueNightly(
  env: Env,
  scheduledTime: number,
): Promise<{ runId: string; spreadsheets: number }> {
  const runId = new Date(scheduledTime).toISOString();
  const ids = await nightlySpreadsheets(env);
  const queue = env.NIGHTLY_QUEUE as Queue<NightlyMessage>;
  const { fresh, complete } = await env.NIGHTLY_RUN.getByName('nightly').start(runId, ids);
  if (!fresh) return { runId, spreadsheets: 0 };
  const perMinute = Math.max(1, Number(env.SYNC_BUDGET_PER_MINUTE) || 50);
  const messages = ids.map((spreadsheetId, i) => ({
    body: { kind: 'sync', runId, spreadsheetId } satisfies NightlyMessage,
    delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.floor(i / perMinute) * 60),
  }));
  for (let i = 0; i < messages.length; i += SEND_BATCH)
    await queue.sendBatch(messages.slice(i, i + SEND_BATCH));
  if (complete) await queue.send({ kind: 'rollup', runId });
  logLine({
    event: 'nightly-enqueued',
    runId,
    spreadsheets: ids.length,
    minutes: Math.ceil(ids.length / perMinute),
  });
  return { runId, spreadsheets: ids.length };
}
