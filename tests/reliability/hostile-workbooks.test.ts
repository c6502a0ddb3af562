import { afterAll, describe, expect, it } from 'vitest';
import { OUTPUT_TAB_NAMES } from '../../src/domain/workbook-schema';
import { createSheetsClient, quoteSheetTitle } from '../../src/sheets/sheets-client';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { StoredCell } from '../../src/stand-in/stored-cell';
import { describeFailure } from '../../src/sync/describe-failure';
import { runSync, SyncError, type SyncSummary } from '../../src/sync/run-sync';
import {
  BASE_RATES,
  baseWorkbook,
  CELL_LIMIT,
  generateHostileWorkbook,
  type HostileWorkbook,
  MUTATION_KINDS,
  STOPPING_KINDS,
} from './hostile-workbook';

const SEED = 20_260_512;
const WORKBOOKS = 1_000;
const AS_OF = '2026-05-12';
/** A data-issue message quotes cells cut to 200 characters, so it stays readable. */
const MESSAGE_LIMIT = 1_000;

const counts = {
  workbooks: 0,
  synced: 0,
  stops: {} as Record<string, number>,
  mutations: Object.fromEntries(MUTATION_KINDS.map((k) => [k, 0])) as Record<string, number>,
  ratesChecked: 0,
  issuesChecked: 0,
  cleanRowsChecked: 0,
  plainTextsChecked: 0,
};

afterAll(() => {
  if (counts.workbooks > 0) console.log(`hostile workbooks (seed ${SEED}):`, counts);
});

function seedStandIn(workbook: HostileWorkbook): { standIn: SheetsStandIn; id: string } {
  const standIn = new SheetsStandIn();
  const id = standIn.createSpreadsheet({
    title: '测试专委会',
    sheets: workbook.sheets.map(({ title, rows }) => ({
      title,
      rows,
      // Grids just larger than the data keep each read cheap (Google's default is 1000 × 26).
      rowCount: rows.length + 10,
      columnCount: Math.max(0, ...rows.map((r) => r.length)) + 2,
    })),
  });
  // Real formula errors can only be seeded as stored cells: the API cannot write an errorValue.
  // The spreadsheet is fresh and unread, so setting its cells in place is safe.
  const stored = standIn.get(id);
  for (const { title, row, column, type } of workbook.errorCells)
    stored.sheets
      .find((s) => s.properties.title === title)
      ?.grid.set(row, column, {
        userEnteredValue: { formulaValue: '=VLOOKUP(A1,Z:Z,2,FALSE)' },
        effectiveValue: { errorValue: { type, message: 'hostile' } },
      });
  return { standIn, id };
}

/** The given tabs as spreadsheets.get returns them with every cell field. */
async function tabsThroughApi(standIn: SheetsStandIn, id: string, titles: string[]) {
  const ranges = titles.map((t) => `ranges=${encodeURIComponent(quoteSheetTitle(t))}`).join('&');
  const response = await standIn.fetch(
    `https://sheets.googleapis.com/v4/spreadsheets/${id}?includeGridData=true&${ranges}`,
  );
  return response.text();
}

/** The paths of every number in `value` that is NaN or infinite. */
function nonFinite(value: unknown, path: string): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => nonFinite(inner, `${path}.${key}`));
}

function checkSummary(workbook: HostileWorkbook, summary: SyncSummary, context: string): void {
  expect(nonFinite(summary, 'summary'), context).toEqual([]);
  if (workbook.rates !== null) {
    expect(summary.rates, `${context}: every member is still covered`).toEqual(workbook.rates);
    counts.ratesChecked++;
  }
  for (const [name, rate] of Object.entries(summary.rates)) {
    expect(Number.isInteger(rate.covered) && rate.covered >= 0, `${context}: ${name}`).toBe(true);
    expect(rate.covered, `${context}: ${name}`).toBeLessThanOrEqual(rate.total);
  }
  const badIssues = summary.dataIssues.filter(
    (i) =>
      (i.row !== null && !(Number.isInteger(i.row) && i.row >= 1)) ||
      i.message.length > MESSAGE_LIMIT,
  );
  expect(badIssues, context).toEqual([]);
  for (const expected of workbook.issues) {
    const at = summary.dataIssues.filter((i) => i.tab === expected.tab && i.row === expected.row);
    const what = `${context}: ${expected.kind} → ${expected.tab} row ${expected.row}`;
    if (expected.code === null) {
      expect(at, `${what} must be clean`).toEqual([]);
      counts.cleanRowsChecked++;
    } else {
      expect(
        at.map((i) => i.code),
        `${what} must be ${expected.code}`,
      ).toContain(expected.code);
      counts.issuesChecked++;
    }
  }
}

/** Every value written to the output tabs: plain values, none longer than a cell holds. */
function checkOutputs(
  standIn: SheetsStandIn,
  id: string,
  workbook: HostileWorkbook,
  context: string,
) {
  const texts = new Set<string>();
  const problems: string[] = [];
  // The stored cells, unlike the snapshot, tell a formula from text that looks like one.
  const sheets = standIn.get(id).sheets;
  for (const name of OUTPUT_TAB_NAMES) {
    const sheet = sheets.find((s) => s.properties.title === name);
    if (!sheet) problems.push(`no tab ${name}`);
    for (let r = 0; r < (sheet?.grid.height ?? 0); r++)
      for (const cell of sheet?.grid.row(r) ?? []) {
        const value = cell === undefined ? undefined : StoredCell.entered(cell);
        if (value?.formulaValue !== undefined) problems.push(`a formula in ${name} row ${r + 1}`);
        const text = value?.stringValue;
        if (text === undefined) continue;
        if (text.length > CELL_LIMIT) problems.push(`${text.length} characters in ${name}`);
        texts.add(text);
      }
  }
  expect(problems, context).toEqual([]);
  for (const text of workbook.written) {
    expect(texts.has(text), `${context}: ${JSON.stringify(text)} written as text`).toBe(true);
    counts.plainTextsChecked++;
  }
  const history = standIn.snapshot(id).sheets.find((s) => s.title === '历史')?.rows ?? [];
  expect(
    history.map((r) => r[0]),
    context,
  ).toEqual(['日期', AS_OF]);
}

async function syncHostile(workbook: HostileWorkbook): Promise<void> {
  const context = `seed ${workbook.seed} [${workbook.mutations.join(', ')}]`;
  const { standIn, id } = seedStandIn(workbook);
  const titles = workbook.sheets.map((s) => s.title);
  const inputBefore = await tabsThroughApi(standIn, id, titles);
  const snapshotBefore = workbook.stop && standIn.snapshot(id);
  const client = createSheetsClient({ fetch: standIn.fetch, retry: { maxAttempts: 1 } });
  const outcome = await runSync({
    spreadsheetId: id,
    client,
    trigger: 'cli',
    asOf: AS_OF,
    now: () => Date.UTC(2026, 4, 12, 2),
  }).then(
    (summary) => ({ summary }),
    (error: unknown) => ({ error }),
  );

  counts.workbooks++;
  for (const kind of workbook.mutations) counts.mutations[kind] = (counts.mutations[kind] ?? 0) + 1;
  expect(await tabsThroughApi(standIn, id, titles), `${context}: input tabs changed`).toBe(
    inputBefore,
  );
  if ('error' in outcome) {
    const { error } = outcome;
    const said = error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : error;
    expect(error, `${context}: ${said}`).toBeInstanceOf(SyncError);
    expect((error as SyncError).code, `${context}: ${said}`).toBe(workbook.stop?.code);
    for (const name of workbook.stop?.names ?? [])
      expect(describeFailure(error).message, context).toContain(name);
    expect(standIn.snapshot(id), `${context}: a stopped sync wrote`).toEqual(snapshotBefore);
    expect(
      workbook.mutations.some((kind) => STOPPING_KINDS.includes(kind)),
      `${context}: stopped without a mutation that stops`,
    ).toBe(true);
    counts.stops[workbook.stop?.code ?? ''] = (counts.stops[workbook.stop?.code ?? ''] ?? 0) + 1;
    return;
  }
  expect(workbook.stop, `${context}: should have stopped`).toBeNull();
  counts.synced++;
  checkSummary(workbook, outcome.summary, context);
  checkOutputs(standIn, id, workbook, context);
}

describe('hostile workbooks through the real sync (contract §5: a bad row never stops a sync)', () => {
  it('starts from a committee without a data issue, so a clean row means something', async () => {
    const base = baseWorkbook();
    expect(base.issues).toEqual([]);
    const { standIn, id } = seedStandIn(base);
    const client = createSheetsClient({ fetch: standIn.fetch });
    const summary = await runSync({ spreadsheetId: id, client, trigger: 'cli', asOf: AS_OF });
    expect(summary.dataIssues).toEqual([]);
    expect(summary.rates).toEqual(BASE_RATES);
  });

  it('generates the same workbook from the same seed', () => {
    expect(generateHostileWorkbook(SEED)).toEqual(generateHostileWorkbook(SEED));
  });

  it(`syncs ${WORKBOOKS.toLocaleString('en')} seeded hostile workbooks: each succeeds with every planted issue reported or stops with a SyncError, and no input cell changes`, {
    timeout: 180_000,
  }, async () => {
    for (let i = 0; i < WORKBOOKS; i++) await syncHostile(generateHostileWorkbook(SEED + i));

    // The counts, asserted: a generator that stopped every workbook, or never applied some
    // mutation, would otherwise pass. One to four of 25 kinds a workbook: about 100 each.
    expect(counts.workbooks).toBe(WORKBOOKS);
    for (const kind of MUTATION_KINDS)
      expect(counts.mutations[kind], `${kind} applied`).toBeGreaterThanOrEqual(60);
    // About one workbook in five holds a mutation that stops the sync.
    expect(counts.synced).toBeGreaterThanOrEqual(0.7 * WORKBOOKS);
    expect(counts.synced).toBeLessThanOrEqual(0.9 * WORKBOOKS);
    expect(Object.keys(counts.stops).sort()).toEqual([
      'FOREIGN_OUTPUT_TAB',
      'MISSING_COLUMN',
      'MISSING_TAB',
    ]);
    expect(counts.stops.FOREIGN_OUTPUT_TAB).toBeGreaterThanOrEqual(60);
    expect(counts.stops.MISSING_COLUMN).toBeGreaterThanOrEqual(60);
    expect(counts.stops.MISSING_TAB).toBeGreaterThanOrEqual(5);
    // Every synced workbook is checked row by row; a good share of them for exact rates too.
    expect(counts.ratesChecked).toBeGreaterThanOrEqual(0.2 * counts.synced);
    expect(counts.issuesChecked).toBeGreaterThanOrEqual(counts.synced);
    expect(counts.cleanRowsChecked).toBeGreaterThanOrEqual(counts.synced / 2);
    expect(counts.plainTextsChecked).toBeGreaterThanOrEqual(30);
  });
});
