import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli';
import { deriveSheetKey, signRequest } from '../../src/worker/request-signature';
import { freePort } from '../support/free-port';

/**
 * `npm run dev` for real: tsx, the dev command, the stand-in, wrangler and workerd, on ports the
 * OS hands out. One run per signal: Ctrl-C (SIGINT to the terminal's whole process group) and
 * SIGTERM to the top process only (`kill <pid>`); afterwards nothing it started may be left.
 */

// Generous for a busy 2-CPU machine: tsx and wrangler start cold. Readiness is polled; no
// assertion depends on how long anything takes.
const START_TIMEOUT_MS = 120_000;

/** Every live (not zombie) descendant of `pid`, from the process table. */
async function descendants(pid: number): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid=,ppid=,stat=']);
  const rows = stdout
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([p, pp, stat]) => ({ pid: Number(p), ppid: Number(pp), zombie: stat?.startsWith('Z') }));
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const row of rows)
      if (row.ppid === parent && !row.zombie) {
        found.push(row.pid);
        walk(row.pid);
      }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return true;
}

async function isZombie(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat === '' || / Z /.test(stat);
}

async function waitForHealth(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`npm run dev did not start:\n${output.join('')}`);
}

describe('npm run dev', { timeout: START_TIMEOUT_MS + 60_000 }, () => {
  it.each([
    ['Ctrl-C (SIGINT to the process group)', 'SIGINT', true],
    ['SIGTERM to the top process', 'SIGTERM', false],
  ] as const)('serves on the ports given and stops everything on %s', async (_, signal, group) => {
    const [port, standInPort] = await Promise.all([freePort(), freePort()]);
    const tsx = spawn(
      process.execPath,
      [
        'node_modules/tsx/dist/cli.mjs',
        'src/cli/main.ts',
        'dev',
        ...['--port', String(port), '--stand-in-port', String(standInPort)],
      ],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output: string[] = [];
    tsx.stdout.on('data', (chunk) => output.push(String(chunk)));
    tsx.stderr.on('data', (chunk) => output.push(String(chunk)));
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      tsx.once('exit', (code, sig) => resolve([code, sig])),
    );
    const pid = tsx.pid as number;
    const worker = `http://127.0.0.1:${port}`;
    let started: number[] = [];
    try {
      await waitForHealth(worker, tsx, output);
      started = await descendants(pid);
      // tsx's child, the dev command's wrangler launcher and CLI, and workerd at least.
      expect(started.length).toBeGreaterThanOrEqual(4);
      const google = await fetch(`http://127.0.0.1:${standInPort}/v4/spreadsheets/dev-sample`);
      // Google's error shape, from the stand-in on the port given (no token was sent).
      expect(((await google.json()) as { error: { code: number } }).error.code).toBe(google.status);

      // The whole chain: the CLI signs, wrangler's workerd verifies, the stand-in is synced.
      const secret = (await readFile('.wrangler/dev/signing-secret', 'utf8')).trim();
      let out = '';
      const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (out += t) };
      const synced = await runCli(
        ['request-sync', '--worker', worker, '--spreadsheet', 'dev-sample', '--json'],
        { ...io, env: { SYNC_SIGNING_SECRET: secret } },
      );
      expect([synced, out]).toEqual([0, expect.stringContaining('"asOf"')]);
      const path = '/v1/sheets/dev-sample/status';
      const status = await fetch(`${worker}${path}`, {
        headers: await signRequest({
          key: await deriveSheetKey(secret, 'dev-sample'),
          method: 'GET',
          path,
          body: '',
          timestamp: Date.now() / 1000,
        }),
      });
      expect(await status.json()).toMatchObject({
        spreadsheetId: 'dev-sample',
        registered: true,
        lastSync: { ok: true, code: 'OK', trigger: 'menu' },
      });

      // doctor, as a deployer runs it, finds this local deployment set up right.
      out = '';
      const standIn = `http://127.0.0.1:${standInPort}`;
      const doctor = await runCli(
        [
          'doctor',
          ...['--worker', worker, '--spreadsheet', 'dev-sample'],
          ...['--credentials', '.wrangler/dev/service-account.json'],
          ...['--api-base', `${standIn}/v4/`, '--token-url', `${standIn}/token`],
        ],
        { ...io, env: { SYNC_SIGNING_SECRET: secret } },
      );
      expect([doctor, out.split('\n').filter((line) => line.startsWith('✓')).length], out).toEqual([
        0, 8,
      ]);

      process.kill(group ? -pid : pid, signal);
      const [code] = await exited;
      expect(code, output.join('')).toBe(0);
      const left = [];
      for (const p of [pid, ...started]) if (alive(p) && !(await isZombie(p))) left.push(p);
      expect(left, output.join('')).toEqual([]);
    } finally {
      // Whatever a failed test left behind goes, so one failure cannot leave wrangler running.
      for (const p of [pid, ...started, ...(await descendants(pid))])
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // Gone, as it should be.
        }
    }
  });
});
