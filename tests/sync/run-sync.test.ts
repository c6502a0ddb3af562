import { describe, expect, it } from 'vitest';
import { OUTPUT_TAB_NAMES } from '../../src/domain/workbook-schema';
import { createAccessTokenSource } from '../../src/sheets/service-account-token';
import type { Request } from '../../src/sheets/sheets-api-types';
import { createSheetsClient } from '../../src/sheets/sheets-client';
import { validateAgainstDiscovery } from '../../src/stand-in/validate-against-discovery';
import { buildWriteRequests, MARKER_KEY } from '../../src/sync/build-write-requests';
import { describeFailure } from '../../src/sync/describe-failure';
import { readLayout } from '../../src/sync/read-layout';
import { runSync, SyncError } from '../../src/sync/run-sync';
import { analyse, coveredCommittee, members } from '../support/domain-fixture';
import { standInWorkbook } from '../support/stand-in-workbook';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
const googleError = (code: number, status: string, message: string) =>
  json(code, { error: { code, message, status } });

describe('contract §5: the sync reads the input tabs and writes only the output tabs', () => {
  it('leaves every input cell exactly as it was: values, formats, notes, validation', async () => {
    const book = standInWorkbook(coveredCommittee());
    // Staff formatting and a formula in an input tab must survive too.
    await book.client.batchUpdate(book.id, {
      requests: [
        {
          repeatCell: {
            range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1 },
            cell: { userEnteredFormat: { textFormat: { bold: true } }, note: '请勿删除' },
            fields: 'userEnteredFormat.textFormat.bold,note',
          },
        },
      ],
    });
    const before = await book.inputTabs();
    await book.sync();
    await book.sync('2026-05-13');
    expect(await book.inputTabs()).toBe(before);
  });

  it('creates the five output tabs, each with its marker, in two reads and one write', async () => {
    const book = standInWorkbook(coveredCommittee());
    const summary = await book.sync();
    expect(summary.stats.sheetsApiCalls).toBe(3);
    const snapshot = book.standIn.snapshot(book.id);
    for (const name of OUTPUT_TAB_NAMES) {
      const sheet = snapshot.sheets.find((s) => s.title === name);
      expect(sheet?.developerMetadata.filter((m) => m.metadataKey === MARKER_KEY)).toEqual([
        expect.objectContaining({ metadataValue: name }),
      ]);
    }
    expect(book.tab('覆盖总览')[0]).toEqual(['本专委会「两个全覆盖」覆盖总览']);
    expect(book.standIn.requests.map((r) => r.kind)).toEqual([
      'spreadsheets.get',
      'values.batchGet',
      'spreadsheets.batchUpdate',
    ]);
  });

  it('takes three Sheets API calls without a layout cache, also once the output tabs exist', async () => {
    const book = standInWorkbook(coveredCommittee());
    await book.sync();
    const again = await book.sync();
    expect(again.stats.sheetsApiCalls).toBe(3);
    expect(again.stats.cellsRead).toBeGreaterThan(0);
    expect(again.stats.cellsWritten).toBeGreaterThan(0);
  });

  it('rewrites the summary tabs whole: rows left from a longer earlier list are cleared', async () => {
    const tabs = coveredCommittee();
    tabs.委员.push(
      ...Array.from({ length: 30 }, (_, i) => [`N${i}`, `新委员${i}`, '民盟', '民盟']),
    );
    const book = standInWorkbook(tabs);
    await book.sync();
    expect(book.tab('覆盖缺口')).toHaveLength(31);
    await book.client.batchUpdate(book.id, {
      requests: [
        {
          updateCells: {
            range: { sheetId: 0, startRowIndex: 3, endRowIndex: 40 },
            fields: 'userEnteredValue',
          },
        },
      ],
    });
    await book.sync();
    expect(book.tab('覆盖缺口')).toEqual([
      expect.arrayContaining(['委员编号']),
      ['本期所有在任委员均已覆盖。'],
    ]);
  });
});

describe('contract §5: a tab with an output name but no marker belongs to staff', () => {
  it('writes nothing and names the tab to rename', async () => {
    const book = standInWorkbook({
      ...coveredCommittee(),
      覆盖总览: [['我们自己的总览'], ['重要数据']],
    });
    const before = book.standIn.snapshot(book.id);
    const error = await book.sync().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).code).toBe('FOREIGN_OUTPUT_TAB');
    expect((error as SyncError).message).toContain('「覆盖总览」');
    expect(book.standIn.snapshot(book.id)).toEqual(before);
    expect(book.standIn.requests.map((r) => r.kind)).toEqual(['spreadsheets.get']);
  });
});

describe('contract §5: values are written as plain values, never interpreted', () => {
  it('keeps formula-looking text as text', async () => {
    const tabs = coveredCommittee();
    tabs.委员.push([
      'A03',
      '=HYPERLINK("http://example.com","点我")',
      '民盟',
      '民盟',
      '种业组',
      '',
      '=IMPORTXML("x","y")',
    ]);
    const book = standInWorkbook(tabs);
    await book.sync();
    const response = await book.standIn.fetch(
      `https://sheets.googleapis.com/v4/spreadsheets/${book.id}?ranges=${encodeURIComponent("'覆盖缺口'!A2:B2")}&fields=sheets.data.rowData.values.userEnteredValue`,
    );
    const body = (await response.json()) as {
      sheets: { data: { rowData: { values: unknown[] }[] }[] }[];
    };
    expect(body.sheets[0]?.data[0]?.rowData[0]?.values[1]).toEqual({
      userEnteredValue: { stringValue: '=HYPERLINK("http://example.com","点我")' },
    });
    const issues = book.tab('数据问题');
    expect(issues.some((row) => row[3] === '=IMPORTXML("x","y")')).toBe(true);
  });
});

describe('issue #12: the values read gives the rules what grid data gave', () => {
  it('hands a formula error to the rules as its literal, so it becomes a data issue', async () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '新委员', '民盟', '民盟']);
    const book = standInWorkbook(tabs);
    // The API cannot write an error: the cell is stored as an .xlsx load would store it.
    book.standIn
      .get(book.id)
      .sheets.find((s) => s.properties.title === '委员')
      ?.grid.set(3, 3, {
        userEnteredValue: { formulaValue: '=VLOOKUP(A4,Z:Z,2,FALSE)' },
        effectiveValue: { errorValue: { type: 'N_A', message: 'not found' } },
      });
    const summary = await book.sync();
    expect(summary.dataIssues).toContainEqual(
      expect.objectContaining({ tab: '委员', row: 4, column: '政治面貌', code: 'BAD_VALUE' }),
    );
    expect(book.tab('数据问题').some((row) => row.includes('#N/A'))).toBe(true);
  });
});

describe('contract §2.2 历史: one row per as-of date', () => {
  it('replaces the as-of date’s row on a re-sync and keeps every other row', async () => {
    const book = standInWorkbook(coveredCommittee());
    await book.sync('2026-05-10');
    await book.sync('2026-05-12');
    await book.sync('2026-05-12');
    const history = book.tab('历史');
    expect(history.map((r) => r[0])).toEqual(['日期', '2026-05-10', '2026-05-12']);
  });

  it('never touches rows staff added', async () => {
    const book = standInWorkbook(coveredCommittee());
    await book.sync('2026-05-10');
    const sheetId = book.standIn.snapshot(book.id).sheets.find((s) => s.title === '历史')?.sheetId;
    await book.client.batchUpdate(book.id, {
      requests: [
        {
          updateCells: {
            start: { sheetId, rowIndex: 2, columnIndex: 0 },
            rows: [
              {
                values: [
                  { userEnteredValue: { stringValue: '说明：5月起调整口径' } },
                  { userEnteredValue: { formulaValue: '=1+1' } },
                ],
              },
            ],
            fields: 'userEnteredValue',
          },
        },
      ],
    });
    await book.sync('2026-05-12');
    expect(
      book
        .tab('历史')
        .slice(1)
        .map((r) => r.slice(0, 2)),
    ).toEqual([
      ['2026-05-10', '2026年第二季度'],
      ['说明：5月起调整口径', '=1+1'],
      ['2026-05-12', '2026年第二季度'],
    ]);
  });
});

describe('contract §5: all output is written in one atomic update', () => {
  it('leaves the old summary whole when the write fails', async () => {
    const tabs = coveredCommittee();
    const book = standInWorkbook(tabs);
    await book.sync('2026-05-10');
    const before = book.standIn.snapshot(book.id);
    tabs.委员.push(['A03', '新委员', '民盟', '民盟']);
    book.standIn.onRequest = (info) =>
      info.kind === 'spreadsheets.batchUpdate'
        ? googleError(400, 'INVALID_ARGUMENT', 'Invalid requests[3].updateCells: boom')
        : undefined;
    await expect(book.sync('2026-05-12')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(book.standIn.snapshot(book.id)).toEqual(before);
  });

  it('retries a 429 and a 503 and then writes everything', async () => {
    const book = standInWorkbook(coveredCommittee());
    let faults = 2;
    book.standIn.onRequest = (info) => {
      if (faults === 0) return undefined;
      faults--;
      return info.kind === 'spreadsheets.get'
        ? googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded')
        : googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.');
    };
    const summary = await book.sync();
    // Two refused layout reads, the layout, the values, the write.
    expect(summary.stats.sheetsApiCalls).toBe(5);
    expect(book.tab('历史')).toHaveLength(2);
  });

  it('re-reads and writes again when a write’s outcome was lost, leaving one history row', async () => {
    const book = standInWorkbook(coveredCommittee());
    let lost = 1;
    // The first write is applied, but its answer never arrives: the retry then meets the tabs
    // it created itself, and the sync must start over from a fresh read.
    const client = createSheetsClient({
      fetch: async (input, init) => {
        const response = await book.standIn.fetch(input, init);
        if (String(input).includes(':batchUpdate') && lost-- > 0)
          return new Response('', { status: 504 });
        return response;
      },
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    const summary = await runSync({
      spreadsheetId: book.id,
      client,
      trigger: 'cli',
      asOf: '2026-05-12',
    });
    // Layout, values, lost write, its retry (refused: the tabs exist), a fresh layout and
    // values, the write.
    expect(summary.stats.sheetsApiCalls).toBe(7);
    expect(book.tab('历史').map((r) => r[0])).toEqual(['日期', '2026-05-12']);
    const titles = book.standIn.snapshot(book.id).sheets.map((s) => s.title);
    expect(titles.filter((t) => t === '覆盖总览')).toHaveLength(1);
  });
});

describe('Sheets access failures reach staff as one clear sentence', () => {
  it('names the e-mail to share the sheet with on 403', async () => {
    const book = standInWorkbook(coveredCommittee());
    const key = await book.standIn.createServiceAccount(
      'sync@dual-coverage.iam.gserviceaccount.com',
    );
    book.standIn.share(book.id, ['someone-else@example.com']);
    const tokens = createAccessTokenSource({ key, fetch: book.standIn.fetch });
    const client = createSheetsClient({ fetch: book.standIn.fetch, tokens });
    const error = await runSync({ spreadsheetId: book.id, client, trigger: 'menu' }).catch(
      (e: unknown) => e,
    );
    expect(describeFailure(error)).toEqual({
      code: 'NOT_SHARED',
      message: expect.stringContaining('sync@dual-coverage.iam.gserviceaccount.com'),
    });
  });

  it('says the spreadsheet was not found on 404', async () => {
    const book = standInWorkbook(coveredCommittee());
    const error = await runSync({
      spreadsheetId: 'no-such-sheet',
      client: book.client,
      trigger: 'cli',
    }).catch((e: unknown) => e);
    expect(describeFailure(error).code).toBe('NOT_FOUND');
    expect(describeFailure(error).message).toContain('找不到这份表格');
  });

  it('stops with a sentence naming a missing 委员 tab or column', async () => {
    const { 委员: _, ...rest } = coveredCommittee();
    await expect(standInWorkbook(rest).sync()).rejects.toMatchObject({
      code: 'MISSING_TAB',
      message: expect.stringContaining('「委员」'),
    });
    const broken = coveredCommittee();
    broken.委员 = members().map((header) => header.filter((h) => h !== '政治面貌'));
    await expect(standInWorkbook(broken).sync()).rejects.toMatchObject({
      code: 'MISSING_COLUMN',
      message: expect.stringContaining('政治面貌'),
    });
  });

  it('never shows the text of an unexpected error', () => {
    expect(describeFailure(new Error('secret token ya29.abc and 张三')).message).not.toMatch(
      /ya29|张三/,
    );
  });
});

describe('the request bodies the sync sends', () => {
  it('validate against the discovery document, for a first sync and for a later one', async () => {
    const result = analyse(coveredCommittee());
    const book = standInWorkbook(coveredCommittee());
    const check = (requests: Request[]) =>
      validateAgainstDiscovery('BatchUpdateSpreadsheetRequest', { requests });
    const first = buildWriteRequests({ sheets: [] }, result.tabs, result.history);
    expect(check(first.requests)).toEqual([]);
    await book.sync();
    const existing = await readLayout(book.client, book.id);
    const later = buildWriteRequests(existing, result.tabs, result.history);
    expect(check(later.requests)).toEqual([]);
    expect(later.requests.some((r) => r.addSheet)).toBe(false);
  });
});

describe('charts and colours in Google Sheets', () => {
  async function chartsOf(book: ReturnType<typeof standInWorkbook>) {
    const response = await book.standIn.fetch(
      `https://sheets.googleapis.com/v4/spreadsheets/${book.id}?fields=sheets(properties.title,charts(chartId,spec(title,basicChart(chartType,domains))),conditionalFormats)`,
    );
    const body = (await response.json()) as {
      sheets: {
        properties: { title: string };
        charts?: {
          chartId: number;
          spec: {
            title: string;
            basicChart: {
              chartType: string;
              domains: { domain: { sourceRange: { sources: { endRowIndex: number }[] } } }[];
            };
          };
        }[];
        conditionalFormats?: unknown[];
      }[];
    };
    const sheet = (title: string) => body.sheets.find((s) => s.properties.title === title);
    return {
      overview: sheet('覆盖总览')?.charts ?? [],
      historyRules: sheet('历史')?.conditionalFormats ?? [],
    };
  }

  it('adds the per-sector, per-group and trend charts once and re-points them as the tables change', async () => {
    const tabs = coveredCommittee();
    const book = standInWorkbook(tabs);
    await book.sync();
    const first = await chartsOf(book);
    expect(first.overview.map((c) => [c.spec.title, c.spec.basicChart.chartType])).toEqual([
      ['按界别覆盖率', 'BAR'],
      ['按履职小组覆盖率', 'BAR'],
      ['覆盖率变化趋势', 'LINE'],
    ]);
    expect(first.historyRules).toHaveLength(3);
    const sectorRows = (c: (typeof first.overview)[number]) =>
      c.spec.basicChart.domains[0]?.domain.sourceRange.sources[0]?.endRowIndex;
    const before = sectorRows(first.overview[0] as (typeof first.overview)[number]);
    // A new sector adds a row to the per-sector table; the chart follows it.
    await book.client.batchUpdate(book.id, {
      requests: [
        {
          appendCells: {
            sheetId: 0,
            rows: [
              {
                values: ['A03', '新委员', '教育界', '民盟', '种业组', '', 'A01'].map((v) => ({
                  userEnteredValue: { stringValue: v },
                })),
              },
            ],
            fields: 'userEnteredValue',
          },
        },
      ],
    });
    await book.sync('2026-05-13');
    const second = await chartsOf(book);
    expect(second.overview.map((c) => c.chartId)).toEqual(first.overview.map((c) => c.chartId));
    expect(sectorRows(second.overview[0] as (typeof first.overview)[number])).toBe(
      (before as number) + 1,
    );
    expect(second.historyRules).toHaveLength(3);
  });
});
