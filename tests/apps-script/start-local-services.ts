import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { sampleWorkbook } from '../../sheets-template/sample-committee';
import { writeTemplateWorkbook } from '../../src/cli/local-workbook';
import type { ServiceAccountKey } from '../../src/sheets/service-account-token';
import type { FakeWorkerSetup } from '../support/fake-worker';
import { freePort } from '../support/free-port';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
// Generous for a busy 2-CPU machine: npx, tsx and wrangler each start cold.
const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 5_000;

/** An answer of the canned server: see canned-server.mjs. */
export interface CannedAnswer {
  status: number;
  type: string;
  body: string;
}

/** The processes a test of the menu talks to, all on free ports of 127.0.0.1. */
export interface LocalServices {
  /** The real Worker under `wrangler dev`. */
  workerUrl: string;
  /** The Sheets stand-in's API base (`…/v4/`) and token endpoint. */
  sheetsBaseUrl: string;
  tokenUrl: string;
  /** The sample committee the stand-in serves; the Worker's account may edit it. */
  spreadsheetId: string;
  /** The Worker's SYNC_SIGNING_SECRET, to derive sheet keys. */
  signingSecret: string;
  /** The Worker's service account. */
  syncAccount: ServiceAccountKey;
  /** Another registered account, standing for a person who owns a sheet of their own. */
  ownerAccount: ServiceAccountKey;
  /** The canned server's origin. */
  cannedUrl: string;
  /** Stops every process (with its children) and removes the temporary files. */
  stop(): Promise<void>;
}

interface Child {
  process: ChildProcess;
  /** Everything it printed, for the error when it does not start. */
  output: string[];
  /** Its first line on standard output. */
  firstLine: Promise<string>;
}

function launch(command: string, args: string[], env: Record<string, string> = {}): Child {
  // Its own process group, so stopping it reaches npx's children (tsx, workerd) too.
  const child = spawn(command, args, {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const output: string[] = [];
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  const firstLine = new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk) => {
      output.push(String(chunk));
      text += String(chunk);
      if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')).trim());
    });
    child.once('exit', (code) => reject(new Error(`${command} exited (${code})`)));
  });
  firstLine.catch(() => undefined);
  return { process: child, output, firstLine };
}

/** `work`, or a rejection after `ms`; the timer never outlives it. */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function ready<T>(child: Child, what: string, until: Promise<T>): Promise<T> {
  try {
    return await withTimeout(until, READY_TIMEOUT_MS);
  } catch (error) {
    throw new Error(`${what} did not start: ${(error as Error).message}\n${child.output.join('')}`);
  }
}

function running({ process: child }: Child): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function stopChild(launched: Child): Promise<void> {
  const child = launched.process;
  const group = child.pid;
  if (group === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-group, name);
    } catch {
      // The whole group is gone already.
    }
  };
  signal('SIGTERM');
  if (running(launched)) await withTimeout(exited, STOP_GRACE_MS).catch(() => undefined);
  // Whatever of the group outlived its leader (workerd) goes too.
  signal('SIGKILL');
}

async function pollHealth(url: string, child: Child): Promise<void> {
  while (running(child)) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error('wrangler exited');
}

function serviceAccount(email: string): { key: ServiceAccountKey; publicKey: string } {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    key: {
      type: 'service_account',
      client_email: email,
      private_key: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      private_key_id: randomBytes(20).toString('hex'),
    },
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * Starts, in parallel, the Sheets stand-in (serve-main.ts, Google-style auth, serving the sample
 * committee), the Worker under `wrangler dev` against it, and the canned server. Keys and the
 * signing secret are made here for this run only.
 */
export async function startLocalServices(
  canned: Record<string, CannedAnswer>,
): Promise<LocalServices> {
  const dir = await mkdtemp(join(tmpdir(), 'dual-coverage-apps-script-'));
  const spreadsheetId = 'apps-script-sample';
  const sync = serviceAccount('sync@dual-coverage-test.iam.gserviceaccount.com');
  const owner = serviceAccount('owner@dual-coverage-test.iam.gserviceaccount.com');
  const signingSecret = randomBytes(32).toString('hex');
  const workbook = join(dir, 'committee.xlsx');
  await writeTemplateWorkbook(workbook, '农业和农村委员会（测试）', sampleWorkbook());
  await writeFile(join(dir, 'sync.pem'), sync.publicKey);
  await writeFile(join(dir, 'owner.pem'), owner.publicKey);
  const [standInPort, workerPort, inspectorPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
  ]);
  const standInUrl = `http://127.0.0.1:${standInPort}`;
  const envFile = join(dir, 'worker.env');
  await writeFile(
    envFile,
    [
      `GOOGLE_SERVICE_ACCOUNT_KEY='${JSON.stringify(sync.key)}'`,
      `SYNC_SIGNING_SECRET=${signingSecret}`,
      `SHEETS_API_BASE_URL=${standInUrl}/v4/`,
      `GOOGLE_TOKEN_URL=${standInUrl}/token`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );

  const children: Child[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const standIn = launch('npx', [
      'tsx',
      'src/stand-in/serve-main.ts',
      ...['--workbook', workbook, '--port', String(standInPort), '--id', spreadsheetId],
      ...['--service-account', sync.key.client_email, '--public-key', join(dir, 'sync.pem')],
      ...['--service-account', owner.key.client_email, '--public-key', join(dir, 'owner.pem')],
    ]);
    children.push(standIn);
    const worker = launch(
      'npx',
      [
        'wrangler',
        'dev',
        ...['--env-file', envFile, '--ip', '127.0.0.1', '--port', String(workerPort)],
        ...['--inspector-port', String(inspectorPort), '--persist-to', join(dir, 'state')],
      ],
      {
        WRANGLER_SEND_METRICS: 'false',
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        WRANGLER_HIDE_BANNER: 'true',
      },
    );
    children.push(worker);
    const cannedServer = launch(process.execPath, [
      fileURLToPath(new URL('./canned-server.mjs', import.meta.url)),
      JSON.stringify(canned),
    ]);
    children.push(cannedServer);
    const workerUrl = `http://127.0.0.1:${workerPort}`;
    const [sheetsBaseUrl, , cannedUrl] = await Promise.all([
      ready(standIn, 'The Sheets stand-in', standIn.firstLine),
      ready(worker, 'wrangler dev', pollHealth(workerUrl, worker)),
      ready(cannedServer, 'The canned server', cannedServer.firstLine),
    ]);
    return {
      workerUrl,
      sheetsBaseUrl,
      tokenUrl: `${standInUrl}/token`,
      spreadsheetId,
      signingSecret,
      syncAccount: sync.key,
      ownerAccount: owner.key,
      cannedUrl,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts the fake Worker (tests/support/fake-worker.ts) in a process of its own: the script's
 * UrlFetchApp blocks this thread, so nothing it calls may run here. Returns its origin.
 */
export async function startFakeWorker(
  setup: FakeWorkerSetup,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = launch(process.execPath, [
    '--import',
    'tsx',
    fileURLToPath(new URL('../support/serve-fake-worker.ts', import.meta.url)),
    JSON.stringify(setup),
  ]);
  try {
    const url = await ready(child, 'The fake Worker', child.firstLine);
    return { url, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
