import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleWorkbook } from '../../sheets-template/sample-committee';
import { TEMPLATE_TABS } from '../../sheets-template/template-definition';
import { provisionCommittee } from '../../src/cli/provision-committee';
import { OUTPUT_TAB_NAMES } from '../../src/domain/workbook-schema';
import { createSheetsClient } from '../../src/sheets/sheets-client';
import { type FetchServer, serveFetch } from '../../src/stand-in/serve-fetch';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { validateAgainstDiscovery } from '../../src/stand-in/validate-against-discovery';
import { MARKER_KEY } from '../../src/sync/build-write-requests';
import { runSync } from '../../src/sync/run-sync';
import { templateRequests, templateSpreadsheet } from '../../src/sync/template-requests';
import { deriveSheetKey } from '../../src/worker/request-signature';

/**
 * Provisioning through googleapis against the local stand-in (Sheets) and a recorder standing
 * in for the Drive and Apps Script APIs, whose bodies are only checked for what we send.
 */
const standIn = new SheetsStandIn();
const recorded: { method: string; path: string; search: string; body: unknown }[] = [];
let server: FetchServer;

beforeAll(async () => {
  server = await serveFetch(async (request) => {
    const url = new URL(request.url);
    if (url.pathname.startsWith('/v4/')) return standIn.fetch(request);
    const text = await request.text();
    recorded.push({
      method: request.method,
      path: url.pathname,
      search: url.search,
      body: text ? JSON.parse(text) : undefined,
    });
    const answer =
      url.pathname === '/v1/projects' ? { scriptId: 'script-123' } : { id: 'permission-1' };
    return Response.json(answer);
  });
});
afterAll(() => server.close());

describe('npm run cli -- provision', () => {
  it('creates the sheet from the template definition, shares it, installs the menu, and it syncs', async () => {
    const done = await provisionCommittee({
      auth: undefined,
      googleRoot: `${server.url}/`,
      title: '农业和农村委员会',
      sample: true,
      serviceAccountEmail: 'sync@project.iam.gserviceaccount.com',
      staffEmails: ['clerk@example.cn'],
      signingSecret: 'provision-test-secret',
    });
    expect(done.sheetKey).toBe(await deriveSheetKey('provision-test-secret', done.spreadsheetId));
    expect(done.scriptId).toBe('script-123');

    const query = new URLSearchParams({
      fields:
        'sheets(properties(title,gridProperties.frozenRowCount),protectedRanges(warningOnly),developerMetadata(metadataKey,metadataValue),data.rowData.values(userEnteredValue,dataValidation.condition.type))',
    });
    for (const name of [...TEMPLATE_TABS.map((t) => t.name), ...OUTPUT_TAB_NAMES])
      query.append('ranges', `'${name}'!A1:H2`);
    const response = await standIn.fetch(
      `${server.url}/v4/spreadsheets/${done.spreadsheetId}?${query}`,
    );
    expect(response.status).toBe(200);
    type Sheet = {
      properties: { title: string; gridProperties?: { frozenRowCount?: number } };
      protectedRanges?: { warningOnly?: boolean }[];
      developerMetadata?: { metadataKey: string; metadataValue: string }[];
      data: {
        rowData?: {
          values?: {
            userEnteredValue?: { stringValue?: string };
            dataValidation?: { condition: { type: string } };
          }[];
        }[];
      }[];
    };
    const { sheets } = (await response.json()) as { sheets: Sheet[] };
    expect(sheets.map((s) => s.properties.title)).toEqual([
      ...TEMPLATE_TABS.map((t) => t.name),
      ...OUTPUT_TAB_NAMES,
    ]);
    for (const tab of TEMPLATE_TABS) {
      const sheet = sheets.find((s) => s.properties.title === tab.name) as Sheet;
      const [header, firstRow] = sheet.data[0]?.rowData ?? [];
      expect(
        header?.values?.map((v) => v.userEnteredValue?.stringValue),
        tab.name,
      ).toEqual(tab.columns.map((c) => c.header));
      expect(sheet.properties.gridProperties?.frozenRowCount).toBe(1);
      tab.columns.forEach((column, c) => {
        const kind = column.validation?.kind;
        const expected =
          kind === 'list'
            ? 'ONE_OF_LIST'
            : kind === 'range'
              ? 'ONE_OF_RANGE'
              : kind === 'date'
                ? 'DATE_IS_VALID'
                : undefined;
        // 设置 has one validated cell (评估周期, row 3), not a validated column.
        if (tab.name !== '设置')
          expect(
            firstRow?.values?.[c]?.dataValidation?.condition.type,
            `${tab.name} ${column.header}`,
          ).toBe(expected);
      });
    }
    for (const name of OUTPUT_TAB_NAMES) {
      const sheet = sheets.find((s) => s.properties.title === name) as Sheet;
      expect(sheet.protectedRanges).toEqual([{ warningOnly: true }]);
      expect(sheet.developerMetadata).toEqual([{ metadataKey: MARKER_KEY, metadataValue: name }]);
    }

    const permissions = recorded.filter(
      (r) => r.path === `/drive/v3/files/${done.spreadsheetId}/permissions`,
    );
    expect(
      permissions.map((p) => [p.body, new URLSearchParams(p.search).get('sendNotificationEmail')]),
    ).toEqual([
      [
        { type: 'user', role: 'writer', emailAddress: 'sync@project.iam.gserviceaccount.com' },
        'false',
      ],
      [{ type: 'user', role: 'writer', emailAddress: 'clerk@example.cn' }, null],
    ]);
    expect(recorded.find((r) => r.path === '/v1/projects')?.body).toEqual({
      title: '农业和农村委员会 · 两个全覆盖',
      parentId: done.spreadsheetId,
    });
    const content = recorded.find((r) => r.path === '/v1/projects/script-123/content');
    expect(content?.method).toBe('PUT');
    expect(content?.body).toEqual({
      files: [
        {
          name: 'appsscript',
          type: 'JSON',
          source: await readFile('sheets-template/apps-script/appsscript.json', 'utf8'),
        },
        {
          name: 'Code',
          type: 'SERVER_JS',
          source: await readFile('sheets-template/apps-script/Code.js', 'utf8'),
        },
      ],
    });

    // The provisioned sheet syncs at once, in two calls: its output tabs already carry markers.
    const client = createSheetsClient({ fetch: standIn.fetch });
    const summary = await runSync({
      spreadsheetId: done.spreadsheetId,
      client,
      trigger: 'cli',
      asOf: '2026-06-20',
    });
    expect(summary.stats.sheetsApiCalls).toBe(2);
    expect(summary.rates.org).toEqual({ covered: 16, total: 19 });
  });

  it('sends bodies that validate against the discovery document', () => {
    expect(validateAgainstDiscovery('Spreadsheet', templateSpreadsheet('x'))).toEqual([]);
    expect(
      validateAgainstDiscovery('BatchUpdateSpreadsheetRequest', {
        requests: templateRequests(sampleWorkbook()),
      }),
    ).toEqual([]);
  });
});
