import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

// `wrangler types --check` ignores --env-file (it reports the secrets as drift), so regenerate
// beside the committed file (its imports are relative) and compare all but the header line.
it('worker-configuration.d.ts is what `npm run types:worker` generates from wrangler.toml', async () => {
  const out = '.worker-configuration.check.d.ts';
  try {
    await promisify(execFile)(
      'npx',
      [
        'wrangler',
        'types',
        out,
        '--env-file',
        '.dev.vars.example',
        '--include-runtime=false',
        '--strict-vars=false',
      ],
      { env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true' } },
    );
    const body = (text: string) => text.split('\n').slice(2).join('\n');
    const [generated, committed] = await Promise.all([
      readFile(out, 'utf8'),
      readFile('worker-configuration.d.ts', 'utf8'),
    ]);
    expect(body(generated)).toBe(body(committed));
  } finally {
    await rm(out, { force: true });
  }
}, 60_000);
