/**
 * The deployment's sync budget as a token bucket (docs/worker.md, "Fair use of the quota"):
 * one token per sync run, refilled continuously at `perMinute` up to `burst`. Menu syncs may
 * take any token; background work (the nightly run, a future queue consumer) only those above
 * `reserve`, so a click always finds room while the nightly run goes on.
 */

/** The bucket's shape: tokens refilled per minute, the most it holds, the share kept for clicks. */
export interface BudgetLimits {
  perMinute: number;
  burst: number;
  reserve: number;
}

/** What is stored between takes. */
export interface BucketState {
  /** Tokens × 60,000: refilling `perMinute` a minute adds `perMinute` units a millisecond, so
   * integer milliseconds keep the arithmetic exact. */
  units: number;
  /** Epoch milliseconds of the last take. */
  at: number;
}

const UNITS_PER_TOKEN = 60_000;

/** Who asks: a clerk's click, or work that can wait. */
export type BudgetClass = 'menu' | 'background';

/** A take's answer: granted, or how long until it would be. */
export type Grant = { granted: true } | { granted: false; retryAfterMs: number };

/**
 * Takes `count` tokens for `kind` at `nowMs`, all or nothing. A clock that went back refills
 * nothing and restarts from `nowMs`.
 */
export function takeTokens(
  state: BucketState | undefined,
  limits: BudgetLimits,
  kind: BudgetClass,
  count: number,
  nowMs: number,
): { state: BucketState; grant: Grant } {
  const full = limits.burst * UNITS_PER_TOKEN;
  const elapsed = state ? Math.max(0, nowMs - state.at) : Number.POSITIVE_INFINITY;
  const units = Math.min(full, (state?.units ?? 0) + elapsed * limits.perMinute);
  // Background work leaves `reserve` untouched, and never asks for more than fits above it.
  const floor = (kind === 'menu' ? 0 : limits.reserve) * UNITS_PER_TOKEN;
  const wanted = Math.min(count * UNITS_PER_TOKEN, full - floor);
  if (units - floor >= wanted)
    return { state: { units: units - wanted, at: nowMs }, grant: { granted: true } };
  const retryAfterMs = Math.ceil((floor + wanted - units) / limits.perMinute);
  return { state: { units, at: nowMs }, grant: { granted: false, retryAfterMs } };
}
