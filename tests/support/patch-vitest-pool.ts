import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * @cloudflare/vitest-pool-workers 0.15.1 wraps a Durable Object class's prototype in one more
 * Proxy each time an instance is built (cloudflare/workers-sdk#15092), so every property read
 * walks all the earlier wrappers: the 2,000-sheet nightly simulation, a coordinator per sheet,
 * slowed to a crawl and ended in "Maximum call stack size exceeded". The fix (#15106) ships in a
 * pool that needs Node 22; this applies its substance — wrap once — to the pinned release.
 */
const FILE = fileURLToPath(
  new URL(
    '../../node_modules/@cloudflare/vitest-pool-workers/dist/worker/lib/cloudflare/test-internal.mjs',
    import.meta.url,
  ),
);
const BUG = '\tfunction Class(...args) {\n\t\tClass.prototype = new Proxy(';
const FIX =
  '\tlet wrapped = false; // dual-coverage: cloudflare/workers-sdk#15092\n\tfunction Class(...args) {\n\t\tif (!wrapped) wrapped = true, Class.prototype = new Proxy(';

/** Patches the pinned pool once (idempotent); a pool without the bug's code is left alone. */
export function patchVitestPool(): void {
  const text = readFileSync(FILE, 'utf8');
  if (!text.includes(BUG)) return;
  // Written aside and renamed: another vitest starting at the same moment reads either whole.
  const aside = `${FILE}.${process.pid}`;
  writeFileSync(aside, text.replace(BUG, FIX));
  renameSync(aside, FILE);
}
