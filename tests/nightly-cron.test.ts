import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { NIGHTLY_CRON, nextNightlyRun } from '../src/worker/next-nightly-run';

describe('the nightly run’s time, as the status route reports it', () => {
  it('is the cron wrangler.toml schedules', async () => {
    const toml = await readFile('wrangler.toml', 'utf8');
    expect(toml).toContain(`crons = ["${NIGHTLY_CRON}"]`);
  });

  it('is the next 18:00 UTC strictly after now', () => {
    expect(nextNightlyRun(Date.parse('2026-07-01T17:59:59.999Z'))).toBe('2026-07-01T18:00:00.000Z');
    expect(nextNightlyRun(Date.parse('2026-07-01T18:00:00.000Z'))).toBe('2026-07-02T18:00:00.000Z');
    expect(nextNightlyRun(Date.parse('2026-12-31T20:00:00.000Z'))).toBe('2027-01-01T18:00:00.000Z');
  });
});
