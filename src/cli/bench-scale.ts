/**
 * One scale of `npm run bench`, in its own process (so heap figures belong to it): builds the
 * synthetic workbook, serves it from the in-process Sheets stand-in, syncs once to create the
 * output tabs, then measures `runs` steady-state syncs. Prints one JSON line.
 *
 *   node --import tsx --expose-gc src/cli/bench-scale.ts <members> <activities> <runs>
 */
import { createSheetsClient } from '../sheets/sheets-client';
import { SheetsStandIn } from '../stand-in/sheets-stand-in';
import { runSync, type SyncPhase } from '../sync/run-sync';
import { SYNTHETIC_AS_OF, syntheticWorkbook } from './synthetic-workbook';

/** What one measured sync cost the sync itself (the stand-in's own work excluded). */
export interface BenchRun {
  /** Decoding and JSON-parsing the read's answer. */
  readMs: number;
  /** Turning it into grids and validating every row (contract §2–§3). */
  parseMs: number;
  computeMs: number;
  renderMs: number;
  writeEncodeMs: number;
  totalMs: number;
  roundTrips: number;
  bytesRead: number;
  bytesWritten: number;
  /** Heap above the baseline (stand-in seeded, nothing synced yet), sampled between steps. */
  heapPeakMb: number;
}

export interface BenchScaleResult {
  firstSyncRoundTrips: number;
  cellsRead: number;
  runs: BenchRun[];
}

const [members, activities, runs] = process.argv.slice(2).map(Number) as [number, number, number];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const standIn = new SheetsStandIn();
const id = standIn.createSpreadsheet({
  title: 'bench',
  // Grids sized to their data, as a real sheet must be: Google caps a spreadsheet at 10M cells.
  sheets: Object.entries(syntheticWorkbook(members, activities)).map(([title, rows]) => ({
    title,
    rows: rows.map((row) => row.map((v) => v ?? null)),
    rowCount: rows.length + 10,
    columnCount: rows.reduce((widest, row) => Math.max(widest, row.length), 1),
  })),
});

let standInMs = 0;
let bytesRead = 0;
let bytesWritten = 0;
let heapPeak = 0;
const sampleHeap = () => {
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
};
const client = createSheetsClient({
  fetch: async (url, init) => {
    // Everything here is the stand-in's work, excluded from the sync's figures: serving the
    // request, and collecting the garbage it made (else a later collection would be charged
    // to the sync). The sync's work starts when its answer's bytes exist.
    const start = performance.now();
    sampleHeap();
    bytesWritten += typeof init.body === 'string' ? Buffer.byteLength(init.body) : 0;
    const response = await standIn.fetch(url, init);
    const body = new Uint8Array(await response.arrayBuffer());
    const answer = new Response(body, { status: response.status, headers: response.headers });
    bytesRead += body.byteLength;
    gc();
    standInMs += performance.now() - start;
    return answer;
  },
});

const sync = (onPhase?: (phase: SyncPhase, ms: number) => void) =>
  runSync({
    spreadsheetId: id,
    client,
    trigger: 'cli',
    asOf: SYNTHETIC_AS_OF,
    ...(onPhase ? { onPhase } : {}),
  });

const first = await sync();
const result: BenchScaleResult = {
  firstSyncRoundTrips: first.stats.sheetsApiCalls,
  cellsRead: first.stats.cellsRead,
  runs: [],
};
for (let r = 0; r < runs; r++) {
  gc();
  const baseline = process.memoryUsage().heapUsed;
  heapPeak = baseline;
  standInMs = 0;
  bytesRead = 0;
  bytesWritten = 0;
  const phases: Partial<Record<SyncPhase, number>> = {};
  let readStandIn = 0;
  const summary = await sync((phase, ms) => {
    sampleHeap();
    phases[phase] = ms;
    if (phase === 'read') readStandIn = standInMs;
  });
  const writeStandIn = standInMs - readStandIn;
  const run: BenchRun = {
    readMs: (phases.read ?? 0) - readStandIn,
    parseMs: phases.parse ?? 0,
    computeMs: phases.compute ?? 0,
    renderMs: phases.render ?? 0,
    writeEncodeMs: (phases.encode ?? 0) + (phases.write ?? 0) - writeStandIn,
    totalMs: 0,
    roundTrips: summary.stats.sheetsApiCalls,
    bytesRead,
    bytesWritten,
    heapPeakMb: (heapPeak - baseline) / 2 ** 20,
  };
  run.totalMs = run.readMs + run.parseMs + run.computeMs + run.renderMs + run.writeEncodeMs;
  result.runs.push(run);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
