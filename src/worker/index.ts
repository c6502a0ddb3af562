import { env } from 'cloudflare:workers';
import { app } from './app';
import { consumeNightly } from './consume-nightly';
import { enqueueNightly } from './enqueue-nightly';
import type { NightlyMessage } from './nightly-queue';
import { warmUp } from './warm-up';

export { CommitteeRollup } from './committee-rollup';
export { NightlyRun } from './nightly-run';
export { SheetRegistry } from './sheet-registry';
export { SheetSyncCoordinator } from './sheet-sync-coordinator';
export { SyncBudget } from './sync-budget';

// The sync's code compiled and the key imported before the first request (./warm-up.ts).
await warmUp(env);

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(enqueueNightly(env, controller.scheduledTime));
  },
  async queue(batch, env) {
    await consumeNightly(batch as MessageBatch<NightlyMessage>, env);
  },
} satisfies ExportedHandler<Env>;
