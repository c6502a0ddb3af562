import { env } from 'cloudflare:test';
import { consumeNightly } from '../../src/worker/consume-nightly';
import { enqueueNightly } from '../../src/worker/enqueue-nightly';
import { NIGHTLY_QUEUE, type NightlyMessage } from '../../src/worker/nightly-queue';

/** A message waiting in the queue, or delivered and not yet settled. */
interface Held {
  id: string;
  queue: string;
  body: NightlyMessage;
  /** Epoch ms from which it may be delivered. */
  dueAt: number;
  /** Deliveries so far. */
  attempts: number;
}

/** One consumer invocation: when it started and ended, how many messages, its subrequests. */
export interface Invocation {
  queue: string;
  at: number;
  endedAt: number;
  messages: number;
  subrequests: number;
}

/** The clock the queue moves: the test's frozen `Date` (tests/worker/worker-harness.ts). */
interface Clock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

/**
 * Cloudflare Queues on the test's clock, around the real producer and consumer: the nightly
 * queue and its dead-letter queue with wrangler.toml's settings (NIGHTLY_QUEUE). It honours
 * `delaySeconds` on send, sendBatch and retry, the batch size and max retries (a message retried
 * after its last delivery goes to the dead-letter queue), and delivers batches one consumer
 * invocation at a time. Time moves only by the queue (to the next message due when none is)
 * and by the consumer's waits, so nothing depends on how fast anything runs.
 *
 * The pool's `createMessageBatch` drops `retry({ delaySeconds })`, which the pacing needs, so
 * the batch here is the queue's own; the consumer is `consumeNightly`, exactly as the Worker's
 * `queue` handler calls it.
 */
export class VirtualQueue {
  /** Every message sent, with its delay, in order. */
  readonly sent: Array<{ body: NightlyMessage; delaySeconds: number }> = [];
  /** Every sendBatch call's size. */
  readonly sendBatches: number[] = [];
  readonly invocations: Invocation[] = [];
  /** Messages that reached the dead-letter queue. */
  readonly deadLettered: NightlyMessage[] = [];
  /** Called when the consumer starts waiting for budget tokens, before the clock moves. */
  onWait: (ms: number) => Promise<void> = async () => {};
  private held: Held[] = [];
  private nextId = 1;
  private subrequests = 0;

  constructor(private readonly clock: Clock) {}

  /** The Worker's environment with this queue as NIGHTLY_QUEUE, every binding's calls counted. */
  env(overrides: Partial<Env> = {}): Env {
    const count = <T extends object>(namespace: T): T =>
      new Proxy(namespace, {
        get: (target, key) => {
          const value = Reflect.get(target, key);
          if (key !== 'getByName') return typeof value === 'function' ? value.bind(target) : value;
          return (name: string) => {
            const stub = (value as (n: string) => object).call(target, name);
            // Each method call on the stub is one subrequest of the invocation.
            return new Proxy(
              {},
              {
                get:
                  (_, method) =>
                  (...args: unknown[]) => {
                    this.subrequests++;
                    return (stub as Record<PropertyKey, (...a: unknown[]) => unknown>)[method]?.(
                      ...args,
                    );
                  },
              },
            );
          };
        },
      });
    const queue = {
      send: async (body: NightlyMessage, options?: QueueSendOptions) => {
        this.subrequests++;
        this.add(NIGHTLY_QUEUE.name, body, options?.delaySeconds ?? 0);
      },
      sendBatch: async (messages: Iterable<MessageSendRequest<NightlyMessage>>) => {
        this.subrequests++;
        const list = [...messages];
        this.sendBatches.push(list.length);
        for (const m of list) this.add(NIGHTLY_QUEUE.name, m.body, m.delaySeconds ?? 0);
      },
    };
    return {
      ...env,
      SHEET_SYNC: count(env.SHEET_SYNC),
      REGISTRY: count(env.REGISTRY),
      SYNC_BUDGET: count(env.SYNC_BUDGET),
      NIGHTLY_RUN: count(env.NIGHTLY_RUN),
      ROLLUP: count(env.ROLLUP),
      NIGHTLY_QUEUE: queue as unknown as Queue,
      ...overrides,
    };
  }

  /** The cron's part, as the Worker's `scheduled` handler runs it; its subrequests counted. */
  async cron(overrides: Partial<Env> = {}): Promise<{ runId: string; subrequests: number }> {
    this.subrequests = 0;
    const { runId } = await enqueueNightly(this.env(overrides), this.clock.now());
    return { runId, subrequests: this.subrequests };
  }

  /** How many messages wait (delivered or not). */
  get backlog(): number {
    return this.held.length;
  }

  /**
   * Delivers until the queues are empty: the earliest due message's queue, up to the batch size
   * of its messages due by then, to the consumer. `beforeInvocation` runs first each time (a
   * test's clicks). The consumer's waits move the clock.
   */
  async drain(
    overrides: Partial<Env> = {},
    beforeInvocation: () => Promise<void> = async () => {},
  ): Promise<void> {
    while (this.held.length > 0) {
      const first = this.held.reduce((a, b) => (b.dueAt < a.dueAt ? b : a));
      if (first.dueAt > this.clock.now()) this.clock.set(first.dueAt);
      await beforeInvocation();
      const now = this.clock.now();
      const batch = this.held
        .filter((h) => h.queue === first.queue && h.dueAt <= now)
        .sort((a, b) => a.dueAt - b.dueAt)
        .slice(0, NIGHTLY_QUEUE.maxBatchSize);
      this.held = this.held.filter((h) => !batch.includes(h));
      await this.invoke(first.queue, batch, overrides);
    }
  }

  private add(queue: string, body: NightlyMessage, delaySeconds: number): void {
    if (queue === NIGHTLY_QUEUE.name) this.sent.push({ body, delaySeconds });
    this.held.push({
      id: `m${this.nextId++}`,
      queue,
      body: structuredClone(body),
      dueAt: this.clock.now() + delaySeconds * 1000,
      attempts: 0,
    });
  }

  private async invoke(queue: string, held: Held[], overrides: Partial<Env>): Promise<void> {
    const settled = new Map<string, { retry: number } | 'ack'>();
    const messages = held.map((h) => {
      h.attempts++;
      return {
        id: h.id,
        timestamp: new Date(this.clock.now()),
        body: h.body,
        attempts: h.attempts,
        ack: () => settled.set(h.id, 'ack'),
        retry: (options?: QueueRetryOptions) =>
          settled.set(h.id, { retry: options?.delaySeconds ?? 0 }),
      };
    });
    const batch = {
      queue,
      messages,
      metadata: { metrics: { backlogCount: this.held.length, backlogBytes: 0 } },
      ackAll: () => {
        for (const h of held) settled.set(h.id, 'ack');
      },
      retryAll: (options?: QueueRetryOptions) => {
        for (const h of held) settled.set(h.id, { retry: options?.delaySeconds ?? 0 });
      },
    } as unknown as MessageBatch<NightlyMessage>;
    this.subrequests = 0;
    const at = this.clock.now();
    let threw = false;
    try {
      await consumeNightly(batch, this.env(overrides), async (ms) => {
        await this.onWait(ms);
        this.clock.advance(ms);
      });
    } catch {
      threw = true;
    }
    this.invocations.push({
      queue,
      at,
      endedAt: this.clock.now(),
      messages: held.length,
      subrequests: this.subrequests,
    });
    for (const h of held) {
      const outcome = settled.get(h.id) ?? (threw ? { retry: 0 } : 'ack');
      if (outcome === 'ack') continue;
      if (h.attempts <= NIGHTLY_QUEUE.maxRetries) {
        this.held.push({ ...h, dueAt: this.clock.now() + outcome.retry * 1000 });
      } else if (queue === NIGHTLY_QUEUE.name) {
        this.deadLettered.push(h.body);
        this.held.push({
          ...h,
          queue: NIGHTLY_QUEUE.deadLetter,
          attempts: 0,
          dueAt: this.clock.now(),
        });
      }
    }
  }
}

/** One night of the nightly run on the test's clock: the cron, then every delivery until done. */
export async function runNight(clock: Clock, overrides: Partial<Env> = {}): Promise<VirtualQueue> {
  const queue = new VirtualQueue(clock);
  await queue.cron(overrides);
  await queue.drain(overrides);
  return queue;
}
