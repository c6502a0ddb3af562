/**
 * The nightly run's queues and consumer settings: `wrangler.toml` declares the same (a test keeps
 * the two equal), and the simulation runs the consumer with them (docs/worker.md).
 */
export const NIGHTLY_QUEUE = {
  name: 'dual-coverage-nightly',
  deadLetter: 'dual-coverage-nightly-dlq',
  /** Messages per consumer invocation. */
  maxBatchSize: 10,
  /** Seconds the queue waits to fill a batch. */
  maxBatchTimeout: 5,
  /** Deliveries after the first before a message goes to the dead-letter queue. */
  maxRetries: 3,
  /** Consumer invocations at once: two keep the budget, not Google's latency, the limit. */
  maxConcurrency: 2,
} as const;

/** A message of the nightly run: sync one sheet, or (once every sheet is done) write the rollup. */
export type NightlyMessage =
  | { kind: 'sync'; runId: string; spreadsheetId: string }
  | { kind: 'rollup'; runId: string };
