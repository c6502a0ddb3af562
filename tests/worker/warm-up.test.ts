import { describe, expect, it } from 'vitest';
import { warmUp } from '../../src/worker/warm-up';
import goldenSummary from '../domain/sample-summary.golden.json';

// The Worker runs the warm-up in its global scope: that it uses nothing global scope forbids
// (I/O, timers, randomness) is shown wherever the real Worker starts — `npm run dev` in the
// Apps Script tests, and the bench's workerd.
describe('the warm-up at isolate start', () => {
  it('runs the whole sync on the sample committee: the summary the sample gives', async () => {
    const { stats, ...summary } = await warmUp();
    expect(summary).toEqual(goldenSummary);
    expect(stats.cellsWritten).toBeGreaterThan(1000);
  });
});
