/**
 * One scale of `npm run bench` in Node, in its own process:
 * builds the synthetic workbook, serves it from the in-process Sheets stand-in, syncs once to
 * create the output tabs, measures one sync without a cached layout, then `runs` syncs with
 * it, replaying recorded answers. Prints one JSON line. Copied into the baseline tree too, so it uses only what every
 * measured tree exports.
 *
 *   node --single-threaded --import tsx src/cli/bench-scale.ts <members> <activities> <runs> [<read-back rows>]
 */
import { createHash } from 'node:crypto';
import { createSheetsClient } from '../sheets/sheets-client';
import { SheetsStandIn } from '../stand-in/sheets-stand-in';
import { runSync, type SyncPhase } from '../sync/run-sync';
import { SYNTHETIC_AS_OF, syntheticSheets } from './synthetic-workbook';

/** What one measured sync cost, in CPU ms (the stand-in's work is not in it: answers are replayed). */
export interface BenchRun {
  /** The read: the client decoding and parsing the answers (and the layout, when read). */
  readMs: number;
  /** Grids into the workbook model: every row checked, every reference resolved (contract §2–§3). */
  parseMs: number;
  computeMs: number;
  renderMs: number;
  /** Building the batchUpdate, encoding it, reading its answer. */
  writeMs: number;
  totalMs: number;
  roundTrips: number;
  bytesRead: number;
  bytesWritten: number;
}

/** What a scale's process prints. */
export interface BenchScaleResult {
  firstSyncRoundTrips: number;
  /** Round trips of a sync without a cached layout, once the output tabs exist. */
  coldRoundTrips: number;
  cellsRead: number;
  /** sha256 of the summary without its stats: equal trees give equal digests. */
  summaryDigest: string;
  runs: BenchRun[];
}

const [members, activities, runs, readBackRows = 0] = process.argv.slice(2).map(Number) as [
  number,
  number,
  number,
  number?,
];
/**
 * Process CPU in ms, robust to the machine's other load; run with `--single-threaded`, so
 * V8's garbage collection and compilation happen on this thread and count too.
 */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

let standIn: SheetsStandIn | undefined = new SheetsStandIn();
const id = standIn.createSpreadsheet({
  title: 'bench',
  sheets: syntheticSheets(members, activities),
});

let bytesRead = 0;
let bytesWritten = 0;
// Measured syncs replay the answers the stand-in gave a sync just before (a steady sync reads
// the same values and gets the same answers), so no stand-in work or garbage lands on them.
const recorded = new Map<string, { body: Uint8Array; status: number; headers: Headers }>();
let replaying = false;
const client = createSheetsClient({
  fetch: async (url, init) => {
    bytesWritten += typeof init.body === 'string' ? Buffer.byteLength(init.body) : 0;
    const key = `${init.method ?? 'GET'} ${url}`;
    let answer = replaying ? recorded.get(key) : undefined;
    if (!answer) {
      if (!standIn) throw new Error(`no recorded answer for ${key}`);
      const response = await standIn.fetch(url, init);
      answer = {
        body: new Uint8Array(await response.arrayBuffer()),
        status: response.status,
        headers: response.headers,
      };
      recorded.set(key, answer);
    }
    bytesRead += answer.body.byteLength;
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  },
});

// The sheet's Durable Object storage; trees without a layout cache ignore it.
const storage = new Map<string, unknown>();
const layouts = {
  get: async (key: string) => storage.get(key),
  put: async (key: string, value: unknown) => {
    storage.set(key, structuredClone(value));
  },
};

const sync = (onPhase?: (phase: SyncPhase, ms: number) => void, cached = true) =>
  runSync({
    spreadsheetId: id,
    client,
    trigger: 'cli',
    asOf: SYNTHETIC_AS_OF,
    ...(cached ? { layouts } : {}),
    ...(onPhase ? { onPhase } : {}),
  });

const first = await sync();
if (readBackRows > 0) {
  // A full 缺口台账 (20,000 rows × 11 columns) read back with the inputs, seeded into 历史:
  // its first column is no date, so the sync appends its own row after them.
  const sheetId = standIn?.snapshot(id).sheets.find((s) => s.title === '历史')?.sheetId ?? 0;
  const row = (r: number) =>
    ['覆盖缺口', '本期未联系谈心', `M${r}`, '王伟', '2026年第二季度', '书记甲', '2026-04-01']
      .concat(['2026-06-20', '', String(r % 90), '未解决'])
      .map((stringValue) => ({ userEnteredValue: { stringValue } }));
  await client.batchUpdate(id, {
    requests: [
      {
        updateSheetProperties: {
          properties: { sheetId, gridProperties: { columnCount: 11 } },
          fields: 'gridProperties.columnCount',
        },
      },
      {
        appendCells: {
          sheetId,
          rows: Array.from({ length: readBackRows }, (_, r) => ({ values: row(r) })),
          fields: 'userEnteredValue',
        },
      },
    ],
  });
}
const cold = await sync(undefined, false);
recorded.clear();
const { stats, ...summary } = await sync();
replaying = true;
// Without the stand-in's copy of the workbook the heap holds what a Worker's would.
standIn = undefined;
const result: BenchScaleResult = {
  firstSyncRoundTrips: first.stats.sheetsApiCalls,
  coldRoundTrips: cold.stats.sheetsApiCalls,
  cellsRead: stats.cellsRead,
  summaryDigest: createHash('sha256').update(JSON.stringify(summary)).digest('hex'),
  runs: [],
};
for (let r = 0; r < runs; r++) {
  // No collection is forced between runs: one leaves the next a cold, shrunken heap, and the
  // sync's own garbage is part of its cost.
  bytesRead = 0;
  bytesWritten = 0;
  // Each phase is charged the CPU between the previous phase's end and its own.
  const ends: { phase: SyncPhase; cpu: number }[] = [];
  const start = cpuMs();
  const { stats } = await sync((phase) => {
    ends.push({ phase, cpu: cpuMs() });
  });
  const total = cpuMs() - start;
  const spent: Partial<Record<SyncPhase, number>> = {};
  let previous = start;
  for (const end of ends) {
    spent[end.phase] = end.cpu - previous;
    previous = end.cpu;
  }
  result.runs.push({
    readMs: spent.read ?? 0,
    parseMs: spent.parse ?? 0,
    computeMs: spent.compute ?? 0,
    renderMs: spent.render ?? 0,
    writeMs: (spent.encode ?? 0) + (spent.write ?? 0),
    totalMs: total,
    roundTrips: stats.sheetsApiCalls,
    bytesRead,
    bytesWritten,
  });
}
process.stdout.write(`${JSON.stringify(result)}\n`);
