/**
 * One scale of `npm run bench` in Node, in its own process:
 * builds the synthetic workbook, serves it from the in-process Sheets stand-in, syncs once to
 * create the output tabs, measures one sync without a cached layout, then `runs` syncs with
 * it, replaying recorded answers. Prints one JSON line. Copied into the baseline tree too, so it uses only what every
 * measured tree exports.
 *
 *   node --single-threaded --import tsx src/cli/bench-scale.ts <members> <activities> <runs> [<ledger.json>]
 *
 * With a ledger (a JSON file of 缺口台账 rows, header first: the closed history of a national
 * committee), the rows go above the ledger the first sync wrote, and the measured syncs run the
 * day after: a nightly sync of a full ledger, every open row refreshed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
  /** The periodic review (contract §7): the ledger, the comparison, the accounts, the review. */
  reviewMs: number;
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
  /** sha256 of the summary without its stats and review: equal rules give equal digests. */
  summaryDigest: string;
  runs: BenchRun[];
}

const [members, activities, runs] = process.argv.slice(2, 5).map(Number) as [
  number,
  number,
  number,
];
const ledgerFile = process.argv[5];
/** The day after the synthetic records: the nightly sync that refreshes every open row. */
const NEXT_DAY = '2026-06-21';
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

let asOf = SYNTHETIC_AS_OF;
const sync = (onPhase?: (phase: SyncPhase, ms: number) => void, cached = true) =>
  runSync({
    spreadsheetId: id,
    client,
    trigger: 'cli',
    asOf,
    ...(cached ? { layouts } : {}),
    ...(onPhase ? { onPhase } : {}),
  });

const first = await sync();
if (ledgerFile) {
  // The history above the rows the first sync wrote; a tree without the ledger gets the tab
  // too, and reads nothing of it.
  const history = JSON.parse(readFileSync(ledgerFile, 'utf8')) as (string | number)[][];
  const tab = standIn?.snapshot(id).sheets.find((s) => s.title === '缺口台账');
  const rows = [...history, ...(tab?.rows.slice(1) ?? [])];
  const sheetId = tab?.sheetId ?? 1_900_000_000;
  await client.batchUpdate(id, {
    requests: [
      tab
        ? {
            updateSheetProperties: {
              properties: { sheetId, gridProperties: { rowCount: rows.length, columnCount: 12 } },
              fields: 'gridProperties.rowCount,gridProperties.columnCount',
            },
          }
        : {
            addSheet: {
              properties: {
                sheetId,
                title: '缺口台账',
                gridProperties: { rowCount: rows.length, columnCount: 12 },
              },
            },
          },
      {
        updateCells: {
          start: { sheetId, rowIndex: 0, columnIndex: 0 },
          rows: rows.map((row) => ({
            values: row.map((value) =>
              value === null || value === ''
                ? {}
                : typeof value === 'number'
                  ? { userEnteredValue: { numberValue: value } }
                  : { userEnteredValue: { stringValue: String(value) } },
            ),
          })),
          fields: 'userEnteredValue',
        },
      },
    ],
  });
}
const cold = await sync(undefined, false);
recorded.clear();
if (ledgerFile) asOf = NEXT_DAY;
const { stats, review: _review, ...summary } = await sync();
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
    reviewMs: spent.review ?? 0,
    renderMs: spent.render ?? 0,
    writeMs: (spent.encode ?? 0) + (spent.write ?? 0),
    totalMs: total,
    roundTrips: stats.sheetsApiCalls,
    bytesRead,
    bytesWritten,
  });
}
process.stdout.write(`${JSON.stringify(result)}\n`);
