import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { BenchRun, BenchScaleResult } from './bench-scale';

/** The four scales of the benchmark (issue #6): members, activity rows, measured runs. */
const BENCH_SCALES = [
  { scale: 'committee', members: 80, activities: 2_000, runs: 31 },
  { scale: 'province', members: 800, activities: 20_000, runs: 11 },
  { scale: 'national', members: 2_200, activities: 60_000, runs: 7 },
  { scale: 'stress', members: 20_000, activities: 500_000, runs: 2 },
] as const;

type Metric = Exclude<keyof BenchRun, never>;
const METRICS: Metric[] = [
  'totalMs',
  'readMs',
  'parseMs',
  'computeMs',
  'renderMs',
  'writeEncodeMs',
  'roundTrips',
  'bytesRead',
  'bytesWritten',
  'heapPeakMb',
];

export interface BenchFigure {
  median: number;
  min: number;
  max: number;
}

export interface BenchReport {
  scale: string;
  members: number;
  activities: number;
  runs: number;
  firstSyncRoundTrips: number;
  cellsRead: number;
  figures: Record<Metric, BenchFigure>;
  /** Median sync CPU per 1,000 activity rows. */
  msPerThousandRows: number;
}

function figure(values: number[]): BenchFigure {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

/** Runs one scale in a fresh Node process with `--expose-gc`. */
async function measureScale(
  members: number,
  activities: number,
  runs: number,
): Promise<BenchScaleResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      '--expose-gc',
      '--max-old-space-size=4096',
      new URL('./bench-scale.ts', import.meta.url).pathname,
      String(members),
      String(activities),
      String(runs),
    ],
    { maxBuffer: 16 * 2 ** 20 },
  );
  return JSON.parse(stdout) as BenchScaleResult;
}

/** Measures every scale (or the named ones) and returns the figures. */
export async function runBench(
  only: readonly string[] = [],
  progress: (text: string) => void = () => undefined,
): Promise<BenchReport[]> {
  const reports: BenchReport[] = [];
  for (const { scale, members, activities, runs } of BENCH_SCALES) {
    if (only.length > 0 && !only.includes(scale)) continue;
    progress(`${scale}: ${members} members, ${activities} activity rows, ${runs} runs…\n`);
    const result = await measureScale(members, activities, runs);
    const figures = Object.fromEntries(
      METRICS.map((metric) => [metric, figure(result.runs.map((run) => run[metric]))]),
    ) as Record<Metric, BenchFigure>;
    reports.push({
      scale,
      members,
      activities,
      runs,
      firstSyncRoundTrips: result.firstSyncRoundTrips,
      cellsRead: result.cellsRead,
      figures,
      msPerThousandRows: (figures.totalMs.median / activities) * 1000,
    });
  }
  return reports;
}

const round = (n: number, digits = 1) => n.toFixed(digits);

/** The terminal table of `npm run bench`. */
export function formatBench(reports: readonly BenchReport[]): string {
  const header = [
    'scale',
    'members',
    'activities',
    'sync CPU ms: median (min–max)',
    'read',
    'parse',
    'compute',
    'render',
    'write enc.',
    'trips (1st)',
    'read MB',
    'written MB',
    'heap MB',
    'ms/1k rows',
  ];
  const rows = reports.map((r) => {
    const f = r.figures;
    return [
      r.scale,
      String(r.members),
      String(r.activities),
      `${round(f.totalMs.median)} (${round(f.totalMs.min)}–${round(f.totalMs.max)})`,
      round(f.readMs.median),
      round(f.parseMs.median),
      round(f.computeMs.median),
      round(f.renderMs.median),
      round(f.writeEncodeMs.median),
      `${f.roundTrips.median} (${r.firstSyncRoundTrips})`,
      round(f.bytesRead.median / 2 ** 20, 2),
      round(f.bytesWritten.median / 2 ** 20, 2),
      round(f.heapPeakMb.median),
      round(r.msPerThousandRows, 2),
    ];
  });
  const widths = header.map((h, c) =>
    Math.max(h.length, ...rows.map((row) => (row[c] as string).length)),
  );
  const line = (cells: string[]) =>
    cells.map((cell, c) => cell.padStart(widths[c] as number)).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
