import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sampleWorkbook } from '../../sheets-template/sample-committee';
import { startStandInServer } from '../stand-in/start-stand-in-server';
import { cliCommand } from './cli-command';
import { writeTemplateWorkbook } from './local-workbook';
import { SAMPLE_TITLE } from './template-command';

const DEV_DIR = join('.wrangler', 'dev');
/** The spreadsheet id the local stand-in serves the sample workbook under. */
const DEV_SPREADSHEET_ID = 'dev-sample';
/** The signing secret of local development only; documented in the README. */
const DEV_SIGNING_SECRET = 'dev-only-signing-secret';
const STAND_IN_PORT = 8790;
const WORKER_PORT = 8787;

/**
 * `npm run dev`: the Worker under `wrangler dev`, offline, against the local Sheets stand-in
 * serving the sample workbook (.wrangler/dev/sample-committee.xlsx, saved after every write).
 * The service account is a throwaway key made for this run; nothing real is needed.
 */
export const devCommand = cliCommand({
  name: 'dev',
  help: 'dev   本地开发：在本地 Sheets 替身上运行 wrangler dev（同 npm run dev）。',
  options: {},
  run: (_values, io) => runDev(io.stdout),
});

async function runDev(print: (text: string) => void): Promise<void> {
  await mkdir(DEV_DIR, { recursive: true });
  const workbook = join(DEV_DIR, 'sample-committee.xlsx');
  if (!existsSync(workbook)) await writeTemplateWorkbook(workbook, SAMPLE_TITLE, sampleWorkbook());
  const server = await startStandInServer({
    port: STAND_IN_PORT,
    xlsxPath: workbook,
    spreadsheetId: DEV_SPREADSHEET_ID,
  });
  const key = await server.standIn.createServiceAccount(
    'dev-sync@dual-coverage-dev.iam.gserviceaccount.com',
  );
  const envFile = join(DEV_DIR, 'dev.env');
  await writeFile(
    envFile,
    [
      `GOOGLE_SERVICE_ACCOUNT_KEY='${JSON.stringify(key)}'`,
      `SYNC_SIGNING_SECRET=${DEV_SIGNING_SECRET}`,
      `SHEETS_API_BASE_URL=${server.url}/v4/`,
      `GOOGLE_TOKEN_URL=${server.url}/token`,
      `SYNC_SPREADSHEETS=${DEV_SPREADSHEET_ID}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const wrangler = spawn(
    'npx',
    [
      'wrangler',
      'dev',
      '--env-file',
      envFile,
      '--ip',
      '127.0.0.1',
      '--port',
      String(WORKER_PORT),
      '--test-scheduled',
    ],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: 'false',
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        WRANGLER_HIDE_BANNER: 'true',
      },
    },
  );
  print(
    [
      `Sheets stand-in: ${server.url}/v4/ serving ${workbook} as spreadsheet ${DEV_SPREADSHEET_ID}`,
      `Worker: http://127.0.0.1:${WORKER_PORT}`,
      'A signed sync (as the menu 立即同步 sends it):',
      `  SYNC_SIGNING_SECRET=${DEV_SIGNING_SECRET} npm run cli -- request-sync --worker http://127.0.0.1:${WORKER_PORT} --spreadsheet ${DEV_SPREADSHEET_ID}`,
      'The nightly run:',
      `  curl 'http://127.0.0.1:${WORKER_PORT}/__scheduled?cron=0+18+*+*+*'`,
      'Ctrl-C stops both.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => wrangler.kill('SIGINT');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    wrangler.once('exit', () => resolve());
  });
  await server.close();
}
