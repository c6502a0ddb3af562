import { DurableObject } from 'cloudflare:workers';
import { type BucketState, type BudgetClass, type Grant, takeTokens } from './take-tokens';

const BUCKET = 'bucket';

/**
 * The deployment-wide budget of sync runs (one instance, named `deployment`): every sync run
 * that reaches Google takes a token first, whichever sheet and trigger it serves. A future
 * Cloudflare Queues consumer takes its tokens here too, as `background`, and retries a message
 * after `retryAfterMs` when refused.
 */
export class SyncBudget extends DurableObject<Env> {
  /** Takes `count` tokens for `kind`, all or nothing, or says how long until they are there. */
  async take(kind: BudgetClass, count = 1): Promise<Grant> {
    const perMinute = Math.max(1, Number(this.env.SYNC_BUDGET_PER_MINUTE) || 50);
    const burst = Math.max(2, Number(this.env.SYNC_BUDGET_BURST) || 10);
    const { state, grant } = takeTokens(
      await this.ctx.storage.get<BucketState>(BUCKET),
      { perMinute, burst, reserve: Math.floor(burst / 2) },
      kind,
      count,
      Date.now(),
    );
    await this.ctx.storage.put(BUCKET, state);
    return grant;
  }
}
