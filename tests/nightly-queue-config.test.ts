import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { NIGHTLY_QUEUE } from '../src/worker/nightly-queue';

it('wrangler.toml declares the nightly queue, its consumer and its dead-letter queue as NIGHTLY_QUEUE says', async () => {
  const toml = await readFile('wrangler.toml', 'utf8');
  // Each [[queues.…]] table up to the next table header.
  const tables = [...toml.matchAll(/^\[\[queues\.(\w+)\]\]\n((?:(?!\[).*\n?)*)/gm)].map(
    ([, kind, body]) => ({
      kind,
      keys: Object.fromEntries(
        [...(body ?? '').matchAll(/^(\w+) = (.+)$/gm)].map(([, key, value]) => [
          key,
          JSON.parse(value as string),
        ]),
      ),
    }),
  );
  expect(tables).toEqual([
    { kind: 'producers', keys: { binding: 'NIGHTLY_QUEUE', queue: NIGHTLY_QUEUE.name } },
    {
      kind: 'consumers',
      keys: {
        queue: NIGHTLY_QUEUE.name,
        max_batch_size: NIGHTLY_QUEUE.maxBatchSize,
        max_batch_timeout: NIGHTLY_QUEUE.maxBatchTimeout,
        max_retries: NIGHTLY_QUEUE.maxRetries,
        max_concurrency: NIGHTLY_QUEUE.maxConcurrency,
        dead_letter_queue: NIGHTLY_QUEUE.deadLetter,
      },
    },
    {
      kind: 'consumers',
      keys: {
        queue: NIGHTLY_QUEUE.deadLetter,
        max_batch_size: NIGHTLY_QUEUE.maxBatchSize,
        max_batch_timeout: NIGHTLY_QUEUE.maxBatchTimeout,
      },
    },
  ]);
});
