import { retriesLater } from './http-failure';
import { logLine } from './log-line';
import { NIGHTLY_QUEUE, type NightlyMessage } from './nightly-queue';
import type { SheetOutcome } from './nightly-run';

/** How long one message may wait in the consumer for budget tokens before it is retried later. */
const MAX_BUDGET_WAIT_MS = 30_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What one message's work came to. */
interface Result {
  code: string;
  retryAfterMs: number;
}

/**
 * The queue's consumer (docs/worker.md, "The nightly run"). On the nightly queue, each message
 * in turn: a sheet is synced through its coordinator, which takes its background tokens of the
 * deployment's budget (a refusal is waited out here, up to MAX_BUDGET_WAIT_MS); the rollup is
 * written. A failure that may pass (Google busy, no token) is retried later with a delay; the
 * queue sends a message that failed on every delivery to the dead-letter queue, whose messages
 * are logged and counted as ended. Ended sheets are reported to the run once per batch; when the
 * run is complete, the rollup message is sent. `sleep` is injected by the simulation.
 */
export async function consumeNightly(
  batch: MessageBatch<NightlyMessage>,
  env: Env,
  sleep: (ms: number) => Promise<void> = realSleep,
): Promise<void> {
  const deadLetters = batch.queue === NIGHTLY_QUEUE.deadLetter;
  const ended = new Map<string, SheetOutcome[]>();
  for (const message of batch.messages) {
    const body = message.body;
    if (deadLetters) {
      await deadLetter(body, env, ended);
      message.ack();
      continue;
    }
    const result = await waitingForBudget(() => work(body, env), sleep);
    if (retriesLater(result.code)) {
      const delaySeconds = retryDelaySeconds(result, message.attempts);
      logLine({
        event: 'retry',
        kind: body.kind,
        ...(body.kind === 'sync' ? { spreadsheetId: body.spreadsheetId } : {}),
        runId: body.runId,
        code: result.code,
        attempts: message.attempts,
        delaySeconds,
      });
      message.retry({ delaySeconds });
      continue;
    }
    message.ack();
    if (body.kind === 'sync') endSheet(ended, body, result.code, false);
  }
  for (const [runId, outcomes] of ended) {
    const { complete } = await env.NIGHTLY_RUN.getByName('nightly').finish(runId, outcomes);
    if (complete)
      await (env.NIGHTLY_QUEUE as Queue<NightlyMessage>).send({ kind: 'rollup', runId });
  }
}

async function work(body: NightlyMessage, env: Env): Promise<Result> {
  try {
    if (body.kind === 'sync')
      return await env.SHEET_SYNC.getByName(body.spreadsheetId).scheduledSync(
        body.spreadsheetId,
        body.runId,
      );
    const outcome = await env.ROLLUP.getByName('rollup').write('schedule');
    // With no rollup registered there is nothing to write: done.
    return outcome.ok || outcome.code === 'NO_ROLLUP'
      ? { code: 'OK', retryAfterMs: 0 }
      : { code: outcome.code, retryAfterMs: outcome.retryAfterMs };
  } catch (error) {
    // The coordinator logs every sync; this is a failure to reach it at all, worth a retry.
    console.error(JSON.stringify({ event: 'error', name: (error as Error).name }));
    return { code: 'UNAVAILABLE', retryAfterMs: 0 };
  }
}

/** Calls `attempt` again while the budget says BUSY, as long as the waits stay short. */
async function waitingForBudget(
  attempt: () => Promise<Result>,
  sleep: (ms: number) => Promise<void>,
): Promise<Result> {
  let waited = 0;
  for (;;) {
    const result = await attempt();
    if (result.code !== 'BUSY' || waited + result.retryAfterMs > MAX_BUDGET_WAIT_MS) return result;
    await sleep(result.retryAfterMs);
    waited += result.retryAfterMs;
  }
}

/**
 * When to try a message again: when the budget will have its tokens; a minute after Google
 * refused for quota (its quotas are per minute); else a minute, doubling with each delivery.
 */
function retryDelaySeconds(result: Result, attempts: number): number {
  if (result.code === 'BUSY') return Math.max(1, Math.ceil(result.retryAfterMs / 1000));
  if (result.code === 'RATE_LIMITED') return 60;
  return 60 * 2 ** Math.max(0, attempts - 1);
}

/** A message the queue gave up on: one line saying so, with the sheet's last outcome. */
async function deadLetter(
  body: NightlyMessage,
  env: Env,
  ended: Map<string, SheetOutcome[]>,
): Promise<void> {
  if (body.kind === 'rollup') {
    logLine({ event: 'dead-letter', kind: 'rollup', runId: body.runId });
    return;
  }
  let code = 'UNKNOWN';
  try {
    const state = await env.SHEET_SYNC.getByName(body.spreadsheetId).sheetState();
    code = state.lastSync?.code ?? code;
  } catch {
    // The line matters more than the code: it is logged without it.
  }
  logLine({
    event: 'dead-letter',
    kind: 'sync',
    spreadsheetId: body.spreadsheetId,
    runId: body.runId,
    code,
  });
  endSheet(ended, body, code, true);
}

function endSheet(
  ended: Map<string, SheetOutcome[]>,
  body: Extract<NightlyMessage, { kind: 'sync' }>,
  code: string,
  deadLettered: boolean,
): void {
  const outcomes = ended.get(body.runId) ?? [];
  outcomes.push({ spreadsheetId: body.spreadsheetId, code, deadLettered });
  ended.set(body.runId, outcomes);
}
