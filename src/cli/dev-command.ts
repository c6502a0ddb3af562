import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { sampleWorkbook } from '../../sheets-template/sample-committee';
import { startStandInServer } from '../stand-in/start-stand-in-server';
import { cliCommand } from './cli-command';
import { writeTemplateWorkbook } from './local-workbook';
import { SAMPLE_TITLE } from './template-command';
import { UsageError } from './usage-error';

const DEV_DIR = join('.wrangler', 'dev');
/** The spreadsheet id the local stand-in serves the sample workbook under. */
const DEV_SPREADSHEET_ID = 'dev-sample';
/** Where the local signing secret is kept (made once per checkout, never committed). */
const SECRET_FILE = join(DEV_DIR, 'signing-secret');
/** This run's throwaway service-account key, for `doctor --credentials`. */
const KEY_FILE = join(DEV_DIR, 'service-account.json');
const DEFAULT_WORKER_PORT = 8787;
const DEFAULT_STAND_IN_PORT = 8790;
/** How long wrangler may take to stop before its whole process group is killed. */
const STOP_GRACE_MS = 10_000;

function portOf(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new UsageError(`${flag} 须是 1–65535 之间的端口号，收到「${value}」。`);
  return port;
}

/** The local signing secret: random, made on first use, kept in a 0600 file. */
async function devSigningSecret(): Promise<string> {
  if (existsSync(SECRET_FILE)) return (await readFile(SECRET_FILE, 'utf8')).trim();
  const secret = randomBytes(32).toString('hex');
  await writeFile(SECRET_FILE, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Signals every process of a group; a group already gone is fine. */
function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // Nothing of it is left.
  }
}

/** Resolves once no process of the group is left (or after STOP_GRACE_MS, whatever is left). */
async function groupGone(group: number): Promise<void> {
  for (const deadline = Date.now() + STOP_GRACE_MS; Date.now() < deadline; ) {
    try {
      process.kill(-group, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * `npm run dev`: the Worker under `wrangler dev`, offline, against the local Sheets stand-in
 * serving the sample workbook (.wrangler/dev/sample-committee.xlsx, saved after every write).
 * The service account is a throwaway key made for this run; nothing real is needed.
 *
 * wrangler runs in a process group of its own (wrangler's launcher, its CLI and workerd), so
 * SIGINT or SIGTERM here stops all of it: the group gets SIGTERM, and whatever outlives the
 * launcher (or STOP_GRACE_MS) gets SIGKILL. The stand-in closes last.
 */
export const devCommand = cliCommand({
  name: 'dev',
  help: `dev [--port 8787] [--stand-in-port 8790]
        本地开发：在本地 Sheets 替身上运行 wrangler dev（同 npm run dev）。`,
  options: { port: { type: 'string' }, 'stand-in-port': { type: 'string' } },
  run: (values, io) =>
    runDev(io.stdout, { port: values.port, standInPort: values['stand-in-port'] }),
});

async function runDev(
  print: (text: string) => void,
  options: { port?: string | undefined; standInPort?: string | undefined } = {},
): Promise<void> {
  const workerPort = portOf(options.port, DEFAULT_WORKER_PORT, '--port');
  const standInPort = portOf(options.standInPort, DEFAULT_STAND_IN_PORT, '--stand-in-port');
  await mkdir(DEV_DIR, { recursive: true });
  const workbook = join(DEV_DIR, 'sample-committee.xlsx');
  if (!existsSync(workbook)) await writeTemplateWorkbook(workbook, SAMPLE_TITLE, sampleWorkbook());
  const server = await startStandInServer({
    port: standInPort,
    xlsxPath: workbook,
    spreadsheetId: DEV_SPREADSHEET_ID,
  });
  try {
    const key = await server.standIn.createServiceAccount(
      'dev-sync@dual-coverage-dev.iam.gserviceaccount.com',
    );
    await writeFile(KEY_FILE, JSON.stringify(key), { mode: 0o600 });
    const envFile = join(DEV_DIR, 'dev.env');
    await writeFile(
      envFile,
      [
        `GOOGLE_SERVICE_ACCOUNT_KEY='${JSON.stringify(key)}'`,
        `SYNC_SIGNING_SECRET=${await devSigningSecret()}`,
        `SHEETS_API_BASE_URL=${server.url}/v4/`,
        `GOOGLE_TOKEN_URL=${server.url}/token`,
        `SYNC_SPREADSHEETS=${DEV_SPREADSHEET_ID}`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const wranglerBin = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');
    const wrangler = spawn(
      process.execPath,
      [
        wranglerBin,
        'dev',
        ...['--env-file', envFile, '--ip', '127.0.0.1', '--port', String(workerPort)],
        '--test-scheduled',
      ],
      {
        // Its own group, off the terminal's stdin (a background group must not read it).
        detached: true,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          ...process.env,
          WRANGLER_SEND_METRICS: 'false',
          CLOUDFLARE_CF_FETCH_ENABLED: 'false',
          WRANGLER_HIDE_BANNER: 'true',
        },
      },
    );
    const group = wrangler.pid as number;
    const exited = new Promise<number | null>((resolve) =>
      wrangler.once('exit', (code) => resolve(code)),
    );
    print(
      [
        `Sheets stand-in: ${server.url}/v4/ serving ${workbook} as spreadsheet ${DEV_SPREADSHEET_ID}`,
        `Worker: http://127.0.0.1:${workerPort}`,
        'A signed sync (as the menu 立即同步 sends it):',
        `  SYNC_SIGNING_SECRET=$(cat ${SECRET_FILE}) npm run cli -- request-sync --worker http://127.0.0.1:${workerPort} --spreadsheet ${DEV_SPREADSHEET_ID}`,
        'Check the deployment, line by line:',
        `  SYNC_SIGNING_SECRET=$(cat ${SECRET_FILE}) npm run cli -- doctor --worker http://127.0.0.1:${workerPort} --spreadsheet ${DEV_SPREADSHEET_ID} --credentials ${KEY_FILE} --api-base ${server.url}/v4/ --token-url ${server.url}/token`,
        'The nightly run:',
        `  curl 'http://127.0.0.1:${workerPort}/__scheduled?cron=0+18+*+*+*'`,
        'Ctrl-C stops both.',
        '',
      ].join('\n'),
    );
    let stopping = false;
    let force: NodeJS.Timeout | undefined;
    const stop = () => {
      if (stopping) return signalGroup(group, 'SIGKILL');
      stopping = true;
      signalGroup(group, 'SIGTERM');
      force = setTimeout(() => signalGroup(group, 'SIGKILL'), STOP_GRACE_MS);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    const code = await exited;
    clearTimeout(force);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    // workerd may outlive the launcher: nothing of the group stays behind.
    signalGroup(group, 'SIGKILL');
    await groupGone(group);
    if (!stopping && code !== 0)
      throw new UsageError(`wrangler dev 意外退出（退出码 ${code}），见上方输出。`);
  } finally {
    await server.close();
  }
}
