import { describe, expect, it } from 'vitest';
import { type BucketState, takeTokens } from '../../src/worker/take-tokens';

const LIMITS = { perMinute: 50, burst: 10, reserve: 5 };
/** One token's refill time at 50 a minute. */
const TOKEN_MS = 1200;

/** Takes in turn at the times given, threading the state; returns each grant. */
function takes(steps: [kind: 'menu' | 'background', at: number, count?: number][]) {
  let state: BucketState | undefined;
  return steps.map(([kind, at, count = 1]) => {
    const result = takeTokens(state, LIMITS, kind, count, at);
    state = result.state;
    return result.grant;
  });
}

const granted = { granted: true };
const refused = (retryAfterMs: number) => ({ granted: false, retryAfterMs });

describe('the deployment’s sync budget (a token bucket)', () => {
  it('starts full: ten clicks at once pass, the eleventh waits one token', () => {
    const grants = takes(Array.from({ length: 11 }, () => ['menu', 0] as ['menu', number]));
    expect(grants).toEqual([...Array(10).fill(granted), refused(TOKEN_MS)]);
  });

  it('background work stops at the reserve and waits for the token above it; clicks still pass', () => {
    expect(
      takes([
        ...Array.from({ length: 6 }, () => ['background', 0] as ['background', number]),
        ['menu', 0],
        ['background', 0],
        ['background', 2 * TOKEN_MS],
      ]),
    ).toEqual([
      ...Array(5).fill(granted),
      refused(TOKEN_MS),
      granted,
      refused(2 * TOKEN_MS),
      granted,
    ]);
  });

  it('refills at perMinute up to burst, never beyond', () => {
    expect(
      takes([
        ['menu', 0, 10],
        ['menu', TOKEN_MS - 1],
        ['menu', TOKEN_MS],
        ['menu', 3_600_000, 10],
        ['menu', 3_600_000],
      ]),
    ).toEqual([granted, refused(1), granted, granted, refused(TOKEN_MS)]);
  });

  it('takes a batch all or nothing, and never more than fits above the reserve', () => {
    expect(
      takes([
        ['background', 0, 4],
        ['background', 0, 4],
        ['background', 0, 50],
      ]),
    ).toEqual([granted, refused(3 * TOKEN_MS), refused(4 * TOKEN_MS)]);
  });

  it('a clock that went back refills nothing and restarts from there', () => {
    expect(
      takes([
        ['menu', 10_000, 10],
        ['menu', 0],
        ['menu', TOKEN_MS],
      ]),
    ).toEqual([granted, refused(TOKEN_MS), granted]);
  });
});
