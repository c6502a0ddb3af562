import { execFile, execSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LEDGER_CAP } from '../domain/compute-ledger';
import type { FetchLike } from '../sheets/send-with-retry';
import { createAccessTokenSource, parseServiceAccountKey } from '../sheets/service-account-token';
import { createSheetsClient } from '../sheets/sheets-client';
import { type StandInServer, startStandInServer } from '../stand-in/start-stand-in-server';
import { runSync } from '../sync/run-sync';
import { type CliRun, measureCli, syncedResult, writeSyntheticXlsx } from './bench-cli';
import { benchLedgerRows } from './bench-ledger';
import type { ReadForm } from './bench-read-forms';
import type { BenchRun, BenchScaleResult } from './bench-scale';
import { benchTables } from './bench-tables';
import type { BenchEnv, BenchSyncRequest, RecordedCall } from './bench-worker';
import { bundleBenchWorker, startWorkerd } from './bench-workerd';
import { SYNTHETIC_AS_OF, syntheticSheets } from './synthetic-workbook';

/**
 * `npm run bench`: the whole sync at four scales, in workerd (the Worker's runtime, V8's heap
 * capped like an isolate's) and in Node, for this tree and for the baseline — the commit
 * before issue #12, archived from git into a temporary directory — in the same run, so every
 * figure has a ratio to it. A full run writes its tables into docs/performance.md.
 */

/** The commit whose read is "today's" in issue #12. */
const BASELINE_COMMIT = '8fbe33ba1f9221f66cf37702d7f588a04724e1f2';
/**
 * The last commit whose command line saved .xlsx files through exceljs: what the lean .xlsx
 * layer must sync identically (issue #12, the command line). A merge that changes what the
 * sync writes moves it to the merge's other parent, the exceljs layer with those changes.
 */
const EXCELJS_LAYER_COMMIT = 'f1e2fa6a98cfbd380eb0fa5b98ea63d08c002afe';
const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const DOC = join(ROOT, 'docs/performance.md');

/** The scales: members, activity rows, Node runs, fresh isolates and warm syncs in workerd. */
const BENCH_SCALES = [
  { scale: 'committee', members: 80, activities: 2_000, runs: 31, isolates: 15, warm: 15 },
  { scale: 'province', members: 800, activities: 20_000, runs: 11, isolates: 7, warm: 7 },
  { scale: 'national', members: 2_200, activities: 60_000, runs: 7, isolates: 5, warm: 5 },
  { scale: 'stress', members: 20_000, activities: 500_000, runs: 2, isolates: 1, warm: 2 },
] as const;
/** A full 缺口台账 (contract §7.1, its cap): read back in the same read at national scale. */
const LEDGER_ROWS = LEDGER_CAP;
/** Where the bench's Node-side client sends Sheets calls (the in-process stand-in answers). */
const SHEETS_BASE_URL = 'https://sheets.googleapis.com/v4/';
/** Cloudflare's memory limit per isolate. */
const ISOLATE_MB = 128;
/** Members per activity row when the workbook grows: the national shape. */
const MEMBERS_PER_ROW = 2_200 / 60_000;

/** A median with its spread. */
export interface Figure {
  median: number;
  min: number;
  max: number;
}

/** One tree's figures at one scale. */
export interface TreeFigures {
  /** Node, steady state, CPU ms by step (replayed answers). */
  node: Record<Exclude<keyof BenchRun, 'roundTrips' | 'bytesRead' | 'bytesWritten'>, Figure>;
  bytesRead: number;
  bytesWritten: number;
  /** Round trips: first sync ever, without a cached layout, with one. */
  trips: { first: number; cold: number; warm: number };
  summaryDigest: string;
  /** workerd: CPU ms of the isolate's thread. */
  firstSync?: Figure;
  warmSync?: Figure;
  /** A warm sync's requests and answers alone (sent, decoded), without the sync's own work. */
  warmFloor?: Figure;
  /** workerd's CPU ms per isolate until all were ready (global scope, the warm-up included). */
  isolateStart?: number;
}

/** One scale, both trees. */
export interface ScaleReport {
  scale: string;
  members: number;
  activities: number;
  now: TreeFigures;
  base?: TreeFigures;
}

/** A straight line through (activity rows, CPU ms). */
export interface Fit {
  /** ms per 1,000 rows. */
  slope: number;
  intercept: number;
  r2: number;
}

/** Everything a bench run measured. */
export interface BenchReport {
  machine: {
    date: string;
    cpu: string;
    cores: number;
    node: string;
    workerd: string;
    load: { min: number; max: number };
  };
  baseline?: string;
  scales: ScaleReport[];
  /**
   * National with a full 缺口台账 (20,000 rows) synced the night after, Node; the baseline has
   * no ledger and reads none of it.
   */
  ledger?: { now: TreeFigures; base?: TreeFigures };
  /** Smallest V8 heap cap (MB) each scale syncs in, workerd. */
  heap: { scale: string; now?: number; base?: number }[];
  /** Most activity rows one isolate syncs with its heap capped at 128 MB. */
  largest?: { now: number; base?: number };
  fits: { now?: { first: Fit; warm: Fit }; base?: { first: Fit; warm: Fit } };
  readForms: ReadForm[];
  suggestContacts: { members: number; now: Figure; base?: Figure }[];
  cli?: CliReport;
}

/** The command line on a national .xlsx, both trees. */
export interface CliReport {
  /** When, and the machine's 1-minute load average around the runs. */
  date: string;
  load: { min: number; max: number };
  runs: number;
  now: Figure;
  nowCpu: Figure;
  nowRss: Figure;
  base?: Figure;
  baseCpu?: Figure;
  baseRss?: Figure;
  /** The command line of the exceljs .xlsx layer (EXCELJS_LAYER_COMMIT). */
  exceljs?: Figure;
  exceljsCpu?: Figure;
  exceljsRss?: Figure;
  /** Whether this tree synced the summary and output tabs the exceljs layer did, cell by cell. */
  sameAsExceljs?: boolean;
}

/** Runs of the command line per tree: its wall time varies more with the machine's load. */
const CLI_RUNS = 5;

/**
 * The command line on the national workbook written as a plain .xlsx, each tree in turn (so a
 * change of load falls on all): this tree, the baseline, and the exceljs .xlsx layer, whose
 * summary and output tabs this tree's must match cell by cell.
 */
async function cliFigures(
  trees: ReadonlyArray<{ name: 'now' | 'base'; root: string }>,
  dir: string,
  step: (text: string) => void,
): Promise<CliReport> {
  const xlsx = join(dir, 'national.xlsx');
  await writeSyntheticXlsx(xlsx, 2_200, 60_000);
  const exceljs = archivedTree(dir, EXCELJS_LAYER_COMMIT, 'exceljs-layer');
  const all = [...trees, ...(exceljs ? [{ name: 'exceljs' as const, root: exceljs }] : [])];
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const loads: number[] = [];
  const runs: Record<string, CliRun[]> = Object.fromEntries(all.map((t) => [t.name, []]));
  const synced: Record<string, unknown> = {};
  for (let r = 0; r < CLI_RUNS; r++)
    for (const t of all) {
      step(`the command line on a national .xlsx, ${t.name}, run ${r + 1} of ${CLI_RUNS}…`);
      loads.push(loadavg()[0] as number);
      const sync = await measureCli(t.root, xlsx, dir);
      runs[t.name]?.push(sync.run);
      if (r === 0 && t.name !== 'base') synced[t.name] = await syncedResult(sync);
    }
  const of = (name: string, key: keyof CliRun) => figure((runs[name] ?? []).map((r) => r[key]));
  return {
    date,
    load: { min: Math.min(...loads), max: Math.max(...loads) },
    runs: CLI_RUNS,
    now: of('now', 'wallS'),
    nowCpu: of('now', 'cpuS'),
    nowRss: of('now', 'peakRssMb'),
    ...(runs.base
      ? { base: of('base', 'wallS'), baseCpu: of('base', 'cpuS'), baseRss: of('base', 'peakRssMb') }
      : {}),
    ...(runs.exceljs
      ? {
          exceljs: of('exceljs', 'wallS'),
          exceljsCpu: of('exceljs', 'cpuS'),
          exceljsRss: of('exceljs', 'peakRssMb'),
          sameAsExceljs: JSON.stringify(synced.now) === JSON.stringify(synced.exceljs),
        }
      : {}),
  };
}

function figure(values: readonly number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

/**
 * The straight line through (activity rows, CPU ms) that misses each point by the same share
 * of its own value (weights 1/y²): an ordinary fit would follow the largest scale and miss the
 * small ones, where the plans' limits are.
 */
function lineThrough(points: readonly [number, number][]): Fit {
  const weights = points.map(([, y]) => 1 / (y * y));
  const sum = (f: (x: number, y: number, w: number) => number) =>
    points.reduce((total, [x, y], i) => total + f(x, y, weights[i] as number), 0);
  const sw = sum((_x, _y, w) => w);
  const mx = sum((x, _y, w) => w * x) / sw;
  const my = sum((_x, y, w) => w * y) / sw;
  const slope = sum((x, y, w) => w * (x - mx) * (y - my)) / sum((x, _y, w) => w * (x - mx) ** 2);
  const intercept = my - slope * mx;
  const residual = sum((x, y, w) => w * (y - intercept - slope * x) ** 2);
  const total = sum((_x, y, w) => w * (y - my) ** 2);
  return { slope: slope * 1000, intercept, r2: total === 0 ? 1 : 1 - residual / total };
}

const exec = promisify(execFile);

/** Runs a bench script of a tree in its own Node process; all of V8's work on one thread. */
async function child<T>(root: string, script: string, args: (string | number)[]): Promise<T> {
  const { stdout } = await exec(
    process.execPath,
    [
      '--single-threaded',
      '--max-old-space-size=8192',
      '--import',
      'tsx',
      join(root, 'src/cli', script),
      ...args.map(String),
    ],
    { cwd: root, maxBuffer: 64 * 2 ** 20 },
  );
  return JSON.parse(stdout) as T;
}

/** A commit archived from git into `dir/name`, sharing this tree's node_modules. */
function archivedTree(dir: string, commit: string, name: string): string | undefined {
  try {
    execSync(`git -C ${ROOT} cat-file -e ${commit}^{commit}`, { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const tree = join(dir, name);
  execSync(`mkdir -p ${tree} && git -C ${ROOT} archive ${commit} | tar -x -C ${tree}`);
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
  return tree;
}

/** The baseline tree: the commit archived from git, with this tree's bench scripts. */
function baselineTree(dir: string): string | undefined {
  const tree = archivedTree(dir, BASELINE_COMMIT, 'baseline');
  if (tree === undefined) return undefined;
  for (const file of [
    'bench-scale.ts',
    'bench-worker.ts',
    'bench-suggest-contacts.ts',
    'synthetic-workbook.ts',
  ])
    copyFileSync(join(ROOT, 'src/cli', file), join(tree, 'src/cli', file));
  // The bench Worker warms the code at isolate start as the Worker does; the baseline did not.
  const warmUp = join(tree, 'src/worker/warm-up.ts');
  if (!existsSync(warmUp)) writeFileSync(warmUp, 'export async function warmUp() {}\n');
  return tree;
}

async function nodeFigures(
  root: string,
  members: number,
  activities: number,
  runs: number,
  ledgerFile?: string,
): Promise<TreeFigures> {
  const result = await child<BenchScaleResult>(root, 'bench-scale.ts', [
    members,
    activities,
    runs,
    ...(ledgerFile ? [ledgerFile] : []),
  ]);
  const of = (key: keyof BenchRun) => figure(result.runs.map((run) => run[key]));
  return {
    node: {
      readMs: of('readMs'),
      parseMs: of('parseMs'),
      computeMs: of('computeMs'),
      reviewMs: of('reviewMs'),
      renderMs: of('renderMs'),
      writeMs: of('writeMs'),
      totalMs: of('totalMs'),
    },
    bytesRead: of('bytesRead').median,
    bytesWritten: of('bytesWritten').median,
    trips: {
      first: result.firstSyncRoundTrips,
      cold: result.coldRoundTrips,
      warm: of('roundTrips').median,
    },
    summaryDigest: result.summaryDigest,
  };
}

/**
 * A spreadsheet in the stand-in server, its output tabs created (unless `prime` is false), the
 * Worker's request, and the Sheets requests of a warm sync for it to replay.
 */
async function seed(
  server: StandInServer,
  key: string,
  members: number,
  activities: number,
  prime = true,
): Promise<{ request: BenchSyncRequest; replay: RecordedCall[] }> {
  const spreadsheetId = 'bench-sheet';
  server.standIn.createSpreadsheet({
    spreadsheetId,
    title: 'bench',
    sheets: syntheticSheets(members, activities),
  });
  const storage = new Map<string, unknown>();
  const tokens = createAccessTokenSource({
    key: parseServiceAccountKey(key),
    fetch: server.standIn.fetch,
    tokenUrl: `${server.url}/token`,
  });
  const calls: RecordedCall[] = [];
  const sync = (fetch: FetchLike) =>
    runSync({
      spreadsheetId,
      client: createSheetsClient({ fetch, tokens, baseUrl: SHEETS_BASE_URL }),
      trigger: 'cli',
      asOf: SYNTHETIC_AS_OF,
      layouts: {
        get: async (k) => storage.get(k),
        put: async (k, v) => {
          storage.set(k, structuredClone(v));
        },
      },
    });
  const request = { spreadsheetId, asOf: SYNTHETIC_AS_OF, storage: [] };
  if (!prime) return { request, replay: [] };
  await sync(server.standIn.fetch);
  // A warm sync's own requests, for the Worker to replay without the sync.
  await sync((url, init) => {
    const { body, method = 'GET' } = init;
    calls.push({
      path: url.slice(SHEETS_BASE_URL.length),
      method,
      headers: [...new Headers(init.headers)],
      ...(typeof body === 'string' ? { body } : {}),
    });
    return server.standIn.fetch(url, init);
  });
  return { request: { ...request, storage: [...storage] }, replay: calls };
}

/** The bench Worker's bindings: the stand-in server and the run's key. */
function benchEnv(server: StandInServer, key: string): BenchEnv {
  return {
    GOOGLE_SERVICE_ACCOUNT_KEY: key,
    SHEETS_API_BASE_URL: `${server.url}/v4/`,
    GOOGLE_TOKEN_URL: `${server.url}/token`,
  };
}

/**
 * For each tree, first syncs in `isolates` fresh isolates of one workerd (after one more that
 * takes what a process does once), then `warm` more syncs in the last of them. The trees take
 * turns sync by sync, so a burst of the machine's other work falls on both alike.
 */
async function workerdFigures(
  bundles: readonly string[],
  env: BenchEnv,
  request: BenchSyncRequest,
  replay: RecordedCall[],
  isolates: number,
  warm: number,
): Promise<Pick<TreeFigures, 'firstSync' | 'warmSync' | 'warmFloor' | 'isolateStart'>[]> {
  const processes = await Promise.all(
    bundles.map((bundle) => startWorkerd(bundle, env, { isolates: isolates + 1 })),
  );
  try {
    const first = processes.map((): number[] => []);
    const warmed = processes.map((): number[] => []);
    const sync = async (tree: number, isolate: number, into?: number[]) => {
      const done = await processes[tree]?.sync(isolate, request);
      if (!done) throw new Error('a sync failed in workerd');
      into?.push(done.cpuMs);
    };
    for (let t = 0; t < processes.length; t++) await sync(t, 0);
    for (let i = 1; i <= isolates; i++)
      for (let t = 0; t < processes.length; t++) await sync(t, i, first[t]);
    for (let w = 0; w < warm; w++)
      for (let t = 0; t < processes.length; t++) await sync(t, isolates, warmed[t]);
    // This tree's (the first's) requests replayed in its warm isolate: the floor of its syncs.
    const floor: number[] = [];
    for (let w = 0; w < warm; w++) {
      const done = await processes[0]?.sync(isolates, { ...request, replay });
      if (!done) throw new Error('a replay failed in workerd');
      floor.push(done.cpuMs);
    }
    return processes.map((workerd, t) => ({
      isolateStart: workerd.startupCpuMs,
      firstSync: figure(first[t] ?? []),
      warmSync: figure(warmed[t] ?? []),
      ...(t === 0 ? { warmFloor: figure(floor) } : {}),
    }));
  } finally {
    for (const workerd of processes) workerd.stop();
  }
}

/** Whether one isolate with its heap capped at `heapMb` syncs twice (a first sync and a warm one). */
async function fits(
  bundle: string,
  env: BenchEnv,
  request: BenchSyncRequest,
  heapMb: number,
): Promise<boolean> {
  // A cap below what the Worker's own code needs kills workerd as it loads the bundle.
  const workerd = await startWorkerd(bundle, env, { heapMb }).catch((error: unknown) => {
    if (String(error).includes('Reached heap limit')) return undefined;
    throw error;
  });
  if (!workerd) return false;
  try {
    return (
      (await workerd.sync(0, request)) !== undefined &&
      (await workerd.sync(0, request)) !== undefined
    );
  } finally {
    workerd.stop();
  }
}

/** The smallest heap cap, to 2 MB, that a sync fits in; undefined above `hi`. */
async function heapNeeded(
  bundle: string,
  env: BenchEnv,
  request: BenchSyncRequest,
  hi = 512,
): Promise<number | undefined> {
  if (!(await fits(bundle, env, request, hi))) return undefined;
  let lo = 4;
  while (hi - lo > 2) {
    const mid = Math.round((lo + hi) / 2);
    if (await fits(bundle, env, request, mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The most activity rows (national shape), to 8 %, one isolate syncs at 128 MB. */
async function largestFitting(
  bundle: string,
  server: StandInServer,
  key: string,
  hi: number,
): Promise<number> {
  const probe = async (rows: number) =>
    fits(
      bundle,
      benchEnv(server, key),
      (await seed(server, key, Math.round(rows * MEMBERS_PER_ROW), rows, false)).request,
      ISOLATE_MB,
    );
  let lo = 10_000;
  if (await probe(hi)) return hi;
  while (hi / lo > 1.08) {
    const mid = Math.round(Math.sqrt(lo * hi) / 1000) * 1000;
    if (await probe(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Measures everything (or only the named scales, in workerd and Node; or only `cli`, the
 * command line) and returns the figures.
 */
export async function runBench(
  only: readonly string[] = [],
  progress: (text: string) => void = () => undefined,
): Promise<BenchReport> {
  const full = only.length === 0;
  // `npm run bench -- cli`: only the command line, which writes its own block of the page.
  const cliOnly = only.length === 1 && only[0] === 'cli';
  const dir = mkdtempSync(join(tmpdir(), 'dual-coverage-bench-'));
  const loads: number[] = [];
  const step = (text: string) => {
    loads.push(loadavg()[0] as number);
    progress(`${text}\n`);
  };
  const server = await startStandInServer({ port: 0 });
  try {
    const base = baselineTree(dir);
    const trees = [
      { name: 'now' as const, root: ROOT },
      ...(base ? [{ name: 'base' as const, root: base }] : []),
    ];
    const report: BenchReport = {
      machine: {
        date: new Date().toISOString().slice(0, 16).replace('T', ' '),
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        node: process.version,
        workerd: JSON.parse(readFileSync(join(ROOT, 'node_modules/workerd/package.json'), 'utf8'))
          .version,
        load: { min: 0, max: 0 },
      },
      ...(base ? { baseline: BASELINE_COMMIT.slice(0, 7) } : {}),
      scales: [],
      heap: [],
      fits: {},
      readForms: [],
      suggestContacts: [],
    };

    if (cliOnly) {
      report.cli = await cliFigures(trees, dir, step);
      writeDoc(report, ['cli']);
      return report;
    }
    step(`bundling the bench Worker (${trees.length} trees)…`);
    const bundles = Object.fromEntries(
      await Promise.all(
        trees.map(
          async (t) => [t.name, await bundleBenchWorker(t.root, join(dir, t.name))] as const,
        ),
      ),
    ) as Record<'now' | 'base', string>;
    const account = await server.standIn.createServiceAccount(
      'bench@dual-coverage.iam.gserviceaccount.com',
    );
    const key = JSON.stringify(account);
    const env = benchEnv(server, key);

    for (const s of BENCH_SCALES) {
      if (!full && !only.includes(s.scale)) continue;
      const scale: Partial<ScaleReport> = {
        scale: s.scale,
        members: s.members,
        activities: s.activities,
      };
      for (const t of trees) {
        step(`${s.scale} (${s.members} members, ${s.activities} activity rows), ${t.name}: Node…`);
        scale[t.name] = await nodeFigures(t.root, s.members, s.activities, s.runs);
      }
      step(`${s.scale}: workerd, ${s.isolates} fresh isolates and ${s.warm} warm syncs per tree…`);
      const { request, replay } = await seed(server, key, s.members, s.activities);
      const figures = await workerdFigures(
        trees.map((t) => bundles[t.name]),
        env,
        request,
        replay,
        s.isolates,
        s.warm,
      );
      trees.forEach((t, i) => {
        Object.assign(scale[t.name] as TreeFigures, figures[i]);
      });
      report.scales.push(scale as ScaleReport);
    }

    if (full) {
      const ledgerFile = join(dir, 'ledger.json');
      writeFileSync(ledgerFile, JSON.stringify(benchLedgerRows(LEDGER_ROWS)));
      for (const t of trees) {
        step(`national with a ${LEDGER_ROWS}-row 缺口台账, the night after, ${t.name}…`);
        const figures = await nodeFigures(t.root, 2_200, 60_000, 7, ledgerFile);
        report.ledger = { ...report.ledger, [t.name]: figures } as BenchReport['ledger'];
      }
      for (const s of BENCH_SCALES.filter((x) => x.scale !== 'stress')) {
        const entry: BenchReport['heap'][number] = { scale: s.scale };
        for (const t of trees) {
          step(`${s.scale}, ${t.name}: the smallest V8 heap it syncs in…`);
          const found = await heapNeeded(
            bundles[t.name],
            env,
            (await seed(server, key, s.members, s.activities)).request,
          );
          if (found !== undefined) entry[t.name] = found;
        }
        report.heap.push(entry);
      }
      for (const t of trees) {
        step(`${t.name}: the most activity rows one ${ISOLATE_MB} MB isolate syncs…`);
        const rows = await largestFitting(
          bundles[t.name],
          server,
          key,
          t.name === 'now' ? 1_200_000 : 500_000,
        );
        report.largest = { ...report.largest, [t.name]: rows } as BenchReport['largest'];
      }
      for (const t of trees) {
        const points = (pick: (f: TreeFigures) => Figure | undefined) =>
          report.scales.flatMap((s) => {
            const y = pick(s[t.name] as TreeFigures)?.median;
            return y === undefined ? [] : [[s.activities, y] as [number, number]];
          });
        report.fits[t.name] = {
          first: lineThrough(points((f) => f.firstSync)),
          warm: lineThrough(points((f) => f.warmSync)),
        };
      }
      step('the ways to read, national…');
      report.readForms = await child<ReadForm[]>(ROOT, 'bench-read-forms.ts', [2_200, 60_000, 7]);
      for (const members of [2_200, 20_000]) {
        step(`suggestContacts at ${members} members…`);
        const entry: BenchReport['suggestContacts'][number] = { members, now: figure([]) };
        for (const t of trees) {
          const { ms } = await child<{ ms: number[] }>(t.root, 'bench-suggest-contacts.ts', [
            members,
            25,
          ]);
          // The first runs compile and warm the code.
          entry[t.name] = figure(ms.slice(5));
        }
        report.suggestContacts.push(entry);
      }
      report.cli = await cliFigures(trees, dir, step);
    }
    loads.push(loadavg()[0] as number);
    report.machine.load = { min: Math.min(...loads), max: Math.max(...loads) };
    if (full) writeDoc(report);
    return report;
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The terminal report of `npm run bench`: the same tables as docs/performance.md. */
export function formatBench(report: BenchReport): string {
  return Object.entries(benchTables(report))
    .map(([name, text]) => `## ${name}\n\n${text}\n`)
    .join('\n');
}

/**
 * Replaces each `<!-- bench:NAME -->…<!-- /bench:NAME -->` block of docs/performance.md (only
 * the named ones when given).
 */
function writeDoc(report: BenchReport, only?: readonly string[]): void {
  if (!existsSync(DOC)) return;
  let text = readFileSync(DOC, 'utf8');
  for (const [name, table] of Object.entries(benchTables(report))) {
    if (only && !only.includes(name)) continue;
    text = text.replace(
      new RegExp(`(<!-- bench:${name} -->)[\\s\\S]*?(<!-- /bench:${name} -->)`),
      (_, open: string, close: string) => `${open}\n${table}\n${close}`,
    );
  }
  writeFileSync(DOC, text);
  // Biome formats the page's tables (npm test checks it); the generated rows come unpadded.
  execSync(`npx biome format --write ${DOC}`, { cwd: ROOT, stdio: 'ignore' });
}
