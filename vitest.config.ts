import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { patchVitestPool } from './tests/support/patch-vitest-pool.js';

patchVitestPool();

// Test-only credentials, made fresh on every run and never written to disk.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const TEST_SERVICE_ACCOUNT_EMAIL = 'sync@dual-coverage-test.iam.gserviceaccount.com';

// @cloudflare/vitest-pool-workers 0.15 prints workerd's "WebSocket peer disconnected" when it
// closes each test file's runner socket; later releases filter it themselves
// (cloudflare/workers-sdk#13833) but need Node 22. This drops exactly that line (docs/worker.md).
const POOL_SHUTDOWN_NOISE =
  /^exception = workerd\/api\/web-socket\.c\+\+:\d+: disconnected: WebSocket peer disconnected\n$/;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
  POOL_SHUTDOWN_NOISE.test(String(chunk)) || write(chunk, ...rest)) as typeof process.stdout.write;

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/worker/**'],
          environment: 'node',
          // A timeout catches a hang, never slowness: tests that start `tsx` or LibreOffice
          // took over 5 s (the default) beside CPU burners in `npm run test:stress`.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            main: './src/worker/index.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                GOOGLE_SERVICE_ACCOUNT_KEY: JSON.stringify({
                  type: 'service_account',
                  client_email: TEST_SERVICE_ACCOUNT_EMAIL,
                  private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
                }),
                SYNC_SIGNING_SECRET: randomBytes(32).toString('hex'),
                // A rotation in the past of the worker tests' clock (tests/worker/worker-harness.ts).
                SYNC_SIGNING_SECRET_PREVIOUS: randomBytes(32).toString('hex'),
                SYNC_SIGNING_SECRET_ROTATED_AT: '2026-05-01T00:00:00Z',
                TEST_SERVICE_ACCOUNT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }),
                // The nightly simulation's sheets (docs/worker.md, "At scale").
                SIMULATED_SHEETS: process.env.SIMULATED_SHEETS ?? '2000',
                SYNC_SPREADSHEETS: '',
                SHEETS_API_BASE_URL: '',
                GOOGLE_TOKEN_URL: '',
              },
            },
          }),
        ],
        test: { name: 'worker', include: ['tests/worker/**/*.test.ts'] },
      },
    ],
  },
});
