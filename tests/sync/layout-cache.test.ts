import { describe, expect, it } from 'vitest';
import type { Request } from '../../src/sheets/sheets-api-types';
import type { LayoutStore } from '../../src/sync/layout-cache';
import { runSync, SyncError, type SyncSummary } from '../../src/sync/run-sync';
import { coveredCommittee, settings, type Tabs } from '../support/domain-fixture';
import { type StandInWorkbook, standInWorkbook } from '../support/stand-in-workbook';

/** A Durable Object's storage as the sync sees it: values go in and out structured-cloned. */
function memoryStore(): LayoutStore & { entries: Map<string, unknown> } {
  const entries = new Map<string, unknown>();
  return {
    entries,
    get: async (key) => structuredClone(entries.get(key)),
    put: async (key, value) => {
      entries.set(key, structuredClone(value));
    },
  };
}

/** A template-made workbook: every input tab under its Chinese name. */
function completeCommittee(): Tabs {
  return { 设置: settings(['专委会名称', '测试专委会']), ...coveredCommittee() };
}

function syncWith(book: StandInWorkbook, layouts?: LayoutStore, asOf = '2026-05-12') {
  return runSync({
    spreadsheetId: book.id,
    client: book.client,
    trigger: 'cli',
    asOf,
    now: () => Date.UTC(2026, 4, 12, 2),
    ...(layouts ? { layouts } : {}),
  });
}

/** A synced workbook whose layout is cached, and the request log cleared. */
async function warmBook(tabs: Tabs = completeCommittee()) {
  const book = standInWorkbook(tabs);
  const layouts = memoryStore();
  await syncWith(book, layouts);
  return { book, layouts };
}

const withoutStats = ({ stats: _, ...summary }: SyncSummary) => summary;

/** What a sync without any cache makes of the same spreadsheet now. */
async function coldSummaryOf(book: StandInWorkbook) {
  const copy = standInWorkbook({});
  copy.standIn.put({ ...book.standIn.get(book.id), spreadsheetId: copy.id });
  return withoutStats(await syncWith(copy));
}

async function edit(book: StandInWorkbook, ...requests: Request[]) {
  await book.client.batchUpdate(book.id, { requests });
}

const sheetIdOf = (book: StandInWorkbook, title: string) =>
  book.standIn.snapshot(book.id).sheets.find((s) => s.title === title)?.sheetId ?? -1;

/** The kinds of the requests the next sync sends. */
function watch(book: StandInWorkbook) {
  const start = book.standIn.requests.length;
  const sent = () => book.standIn.requests.slice(start);
  return { sent, kinds: () => sent().map((r) => r.kind) };
}

describe('issue #12: two round trips once the layout is cached', () => {
  it('reads the layout, the values and writes on a first sync, then only the values and writes', async () => {
    const book = standInWorkbook(completeCommittee());
    const layouts = memoryStore();
    let requests = watch(book);
    const first = await syncWith(book, layouts);
    expect(first.stats.sheetsApiCalls).toBe(3);
    expect(requests.kinds()).toEqual([
      'spreadsheets.get',
      'values.batchGet',
      'spreadsheets.batchUpdate',
    ]);
    requests = watch(book);
    const second = await syncWith(book, layouts, '2026-05-13');
    expect(second.stats.sheetsApiCalls).toBe(2);
    expect(requests.kinds()).toEqual(['values.batchGet', 'spreadsheets.batchUpdate']);
    expect(withoutStats(second)).toEqual(
      withoutStats(await syncWith(standInWorkbook(completeCommittee()), undefined, '2026-05-13')),
    );
  });

  it('keeps reading the layout while an input tab is missing, so a tab added later is seen', async () => {
    const book = standInWorkbook(coveredCommittee());
    const layouts = memoryStore();
    await syncWith(book, layouts);
    expect((await syncWith(book, layouts)).stats.sheetsApiCalls).toBe(3);
    await edit(book, { addSheet: { properties: { title: '设置' } } });
    await book.client.batchUpdate(book.id, {
      requests: [
        {
          updateCells: {
            start: { sheetId: sheetIdOf(book, '设置'), rowIndex: 0, columnIndex: 0 },
            rows: [
              ['项目', '值'],
              ['评估周期', '月'],
            ].map((row) => ({
              values: row.map((v) => ({ userEnteredValue: { stringValue: v } })),
            })),
            fields: 'userEnteredValue',
          },
        },
      ],
    });
    expect((await syncWith(book, layouts)).period.label).toBe('2026年5月');
  });
});

describe('issue #12: a stale layout is never read or written wrongly', () => {
  it('reads reordered and added columns right without reading the layout', async () => {
    const { book, layouts } = await warmBook();
    const sheetId = sheetIdOf(book, '委员');
    // Staff move 联系人 to the front and add a column of their own.
    await edit(
      book,
      { insertDimension: { range: { sheetId, dimension: 'COLUMNS', startIndex: 0, endIndex: 2 } } },
      {
        updateCells: {
          start: { sheetId, rowIndex: 0, columnIndex: 0 },
          rows: [
            ['联系人', '备注'],
            ['', '老委员'],
            ['A01', ''],
          ].map((row) => ({ values: row.map((v) => ({ userEnteredValue: { stringValue: v } })) })),
          fields: 'userEnteredValue',
        },
      },
      {
        updateCells: {
          range: {
            sheetId,
            startRowIndex: 0,
            endRowIndex: 3,
            startColumnIndex: 8,
            endColumnIndex: 9,
          },
          fields: 'userEnteredValue',
        },
      },
    );
    const summary = await syncWith(book, layouts);
    expect(summary.stats.sheetsApiCalls).toBe(2);
    expect(withoutStats(summary)).toEqual(await coldSummaryOf(book));
    expect(summary.coverageGaps).toEqual([]);
  });

  it('starts over from a fresh layout when an input tab was renamed', async () => {
    const { book, layouts } = await warmBook();
    await edit(book, {
      updateSheetProperties: {
        properties: { sheetId: sheetIdOf(book, '活动记录'), title: 'Activities' },
        fields: 'title',
      },
    });
    const requests = watch(book);
    const summary = await syncWith(book, layouts);
    expect(requests.kinds()).toEqual([
      'values.batchGet',
      'spreadsheets.get',
      'values.batchGet',
      'spreadsheets.batchUpdate',
    ]);
    expect(withoutStats(summary)).toEqual(await coldSummaryOf(book));
    expect(summary.stats.sheetsApiCalls).toBe(4);
  });

  it('reads the tab titled exactly 委员 even when a look-alike tab is added before it', async () => {
    const { book, layouts } = await warmBook();
    await edit(book, { addSheet: { properties: { title: ' 委员 ', index: 0 } } });
    await edit(book, {
      updateCells: {
        start: { sheetId: sheetIdOf(book, ' 委员 '), rowIndex: 0, columnIndex: 0 },
        rows: [
          ['委员编号', '姓名', '政治面貌'],
          ['X01', '旧名单', '群众'],
        ].map((row) => ({
          values: row.map((v) => ({ userEnteredValue: { stringValue: v } })),
        })),
        fields: 'userEnteredValue',
      },
    });
    const warm = await syncWith(book, layouts);
    expect(warm.stats.sheetsApiCalls).toBe(2);
    expect(withoutStats(warm)).toEqual(await coldSummaryOf(book));
    expect(warm.coverageGaps.map((g) => g.memberId)).not.toContain('X01');
  });

  it('refuses a staff tab that took an output tab’s name after ours was renamed, writing nothing', async () => {
    const { book, layouts } = await warmBook();
    const ours = sheetIdOf(book, '覆盖缺口');
    await edit(
      book,
      {
        updateSheetProperties: { properties: { sheetId: ours, title: '旧缺口' }, fields: 'title' },
      },
      { addSheet: { properties: { title: '覆盖缺口' } } },
    );
    const before = book.standIn.snapshot(book.id);
    const requests = watch(book);
    const error = await syncWith(book, layouts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).code).toBe('FOREIGN_OUTPUT_TAB');
    // The cached layout's write was refused whole; a fresh layout then named the tab.
    expect(requests.kinds()).toEqual([
      'values.batchGet',
      'spreadsheets.batchUpdate',
      'spreadsheets.get',
    ]);
    expect(requests.sent()[1]?.status).toBe(400);
    expect(book.standIn.snapshot(book.id)).toEqual(before);
  });

  it('recreates an output tab that staff deleted', async () => {
    const { book, layouts } = await warmBook();
    await edit(book, { deleteSheet: { sheetId: sheetIdOf(book, '责任缺口') } });
    const summary = await syncWith(book, layouts);
    expect(summary.stats.sheetsApiCalls).toBe(4);
    expect(book.tab('责任缺口')[0]).toContain('类型');
    expect((await syncWith(book, layouts)).stats.sheetsApiCalls).toBe(2);
  });

  it('never shrinks 历史 below rows staff added since the layout was cached', async () => {
    const { book, layouts } = await warmBook();
    const sheetId = sheetIdOf(book, '历史');
    await edit(
      book,
      { insertDimension: { range: { sheetId, dimension: 'ROWS', startIndex: 99, endIndex: 199 } } },
      {
        updateCells: {
          start: { sheetId, rowIndex: 150, columnIndex: 0 },
          rows: [{ values: [{ userEnteredValue: { stringValue: '备注：年底复核' } }] }],
          fields: 'userEnteredValue',
        },
      },
    );
    const summary = await syncWith(book, layouts, '2026-05-13');
    expect(summary.stats.sheetsApiCalls).toBe(2);
    const history = book.tab('历史');
    expect(history[150]?.[0]).toBe('备注：年底复核');
    expect(history[151]?.[0]).toBe('2026-05-13');
    const grid = book.standIn.get(book.id).sheets.find((s) => s.properties.sheetId === sheetId)
      ?.properties.gridProperties;
    expect(grid?.rowCount).toBe(200);
  });
});
