import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// Test-only credentials, made fresh on every run and never written to disk.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const TEST_SERVICE_ACCOUNT_EMAIL = 'sync@dual-coverage-test.iam.gserviceaccount.com';

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
                TEST_SERVICE_ACCOUNT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }),
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
