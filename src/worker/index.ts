import { app } from './app';
import { runNightly } from './run-nightly';

export { SheetRegistry } from './sheet-registry';
export { SheetSyncCoordinator } from './sheet-sync-coordinator';
export { SyncBudget } from './sync-budget';

export default {
  fetch: app.fetch,
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(runNightly(env));
  },
} satisfies ExportedHandler<Env>;
