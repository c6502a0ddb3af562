/** The nightly cron of wrangler.toml (a test keeps the two equal): 18:00 UTC = 02:00 China time. */
export const NIGHTLY_CRON = '0 18 * * *';

/** When the nightly run next starts after `nowMs`, as ISO 8601. */
export function nextNightlyRun(nowMs: number): string {
  const [minute, hour] = NIGHTLY_CRON.split(' ').map(Number);
  const next = new Date(nowMs);
  next.setUTCHours(hour ?? 0, minute ?? 0, 0, 0);
  if (next.getTime() <= nowMs) next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString();
}
