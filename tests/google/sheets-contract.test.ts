import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_AS_OF, sampleWorkbook } from '../../sheets-template/sample-committee';
import { TEMPLATE_TABS } from '../../sheets-template/template-definition';
import { serialFromIso } from '../../src/domain/calendar-date';
import { OUTPUT_TAB_NAMES } from '../../src/domain/workbook-schema';
import {
  createAccessTokenSource,
  parseServiceAccountKey,
  type ServiceAccountKey,
} from '../../src/sheets/service-account-token';
import type { Request } from '../../src/sheets/sheets-api-types';
import { createSheetsClient, type SheetsClient } from '../../src/sheets/sheets-client';
import { SheetsError } from '../../src/sheets/sheets-error';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { MARKER_KEY } from '../../src/sync/build-write-requests';
import { runSync } from '../../src/sync/run-sync';
import { templateRequests, templateSpreadsheet } from '../../src/sync/template-requests';
import goldenSummary from '../domain/sample-summary.golden.json';

/**
 * The Sheets client's contract, one suite for two targets (src/stand-in/README.md, "npm run
 * test:google"): a real spreadsheet when GOOGLE_TEST_SPREADSHEET_ID and
 * GOOGLE_APPLICATION_CREDENTIALS are set, else the local stand-in with the same assertions. The
 * real spreadsheet must be a scratch sheet shared with the key's service account as editor and
 * titled with "test" or "测试": the suite deletes every tab in it.
 */
const REAL_ID = process.env.GOOGLE_TEST_SPREADSHEET_ID;
const REAL_KEY = process.env.GOOGLE_APPLICATION_CREDENTIALS;
const ON_GOOGLE = Boolean(REAL_ID && REAL_KEY);

/** Where the contract is checked. */
interface Target {
  client: SheetsClient;
  spreadsheetId: string;
  serviceAccountEmail: string;
  /** A spreadsheet that exists but is not shared with the service account, when there is one. */
  unsharedId: string | undefined;
}

async function googleTarget(): Promise<Target> {
  const key = parseServiceAccountKey(await readFile(REAL_KEY as string, 'utf8'));
  const client = createSheetsClient({ fetch, tokens: createAccessTokenSource({ key, fetch }) });
  const spreadsheetId = REAL_ID as string;
  const { properties } = await client.getSpreadsheet(spreadsheetId, { fields: 'properties.title' });
  if (!/test|测试/i.test(properties?.title ?? ''))
    throw new Error(
      `GOOGLE_TEST_SPREADSHEET_ID is "${properties?.title}": the suite deletes every tab, so it runs only on a scratch spreadsheet whose title contains "test" or "测试"`,
    );
  return {
    client,
    spreadsheetId,
    serviceAccountEmail: key.client_email,
    unsharedId: process.env.GOOGLE_TEST_UNSHARED_SPREADSHEET_ID,
  };
}

async function standInTarget(): Promise<Target> {
  const standIn = new SheetsStandIn();
  const key: ServiceAccountKey = await standIn.createServiceAccount(
    'contract@dual-coverage-test.iam.gserviceaccount.com',
  );
  const tokens = createAccessTokenSource({ key, fetch: standIn.fetch });
  const spreadsheetId = standIn.createSpreadsheet({
    title: 'dual-coverage contract test',
    sheets: [{ title: 'Sheet1' }],
  });
  standIn.share(spreadsheetId, [key.client_email]);
  const unsharedId = standIn.createSpreadsheet({
    title: '别人的表格',
    sheets: [{ title: 'Sheet1' }],
  });
  standIn.share(unsharedId, ['owner@example.cn']);
  return {
    client: createSheetsClient({ fetch: standIn.fetch, tokens }),
    spreadsheetId,
    serviceAccountEmail: key.client_email,
    unsharedId,
  };
}

/** Its sheet ids must not meet the template's (0…7) or its output tabs' (100…104). */
const SCRATCH_SHEET_ID = 900_001;
const SHAPE_SHEET_ID = 900_002;

let target: Target;

/** The spreadsheet as `provision` makes it: template tabs with the sample, output tabs, one batch. */
async function resetToTemplate(): Promise<void> {
  const { client, spreadsheetId } = target;
  const before = await client.getSpreadsheet(spreadsheetId, {
    fields: 'sheets.properties.sheetId',
  });
  const deleteAll = (before.sheets ?? []).map(
    (sheet): Request => ({ deleteSheet: { sheetId: sheet.properties?.sheetId ?? 0 } }),
  );
  await client.batchUpdate(spreadsheetId, {
    requests: [
      { addSheet: { properties: { sheetId: SCRATCH_SHEET_ID, title: 'scratch' } } },
      ...deleteAll,
    ],
  });
  const template = templateSpreadsheet('dual-coverage contract test');
  await client.batchUpdate(spreadsheetId, {
    requests: [
      ...(template.sheets ?? []).map(
        (sheet): Request => ({ addSheet: { properties: sheet.properties } }),
      ),
      ...templateRequests(sampleWorkbook()),
      { deleteSheet: { sheetId: SCRATCH_SHEET_ID } },
      {
        updateSpreadsheetProperties: {
          properties: { timeZone: 'Asia/Shanghai' },
          fields: 'timeZone',
        },
      },
    ],
  });
}

beforeAll(async () => {
  if (REAL_ID && !REAL_KEY)
    throw new Error(
      'GOOGLE_TEST_SPREADSHEET_ID is set without GOOGLE_APPLICATION_CREDENTIALS (the service-account key file)',
    );
  target = ON_GOOGLE ? await googleTarget() : await standInTarget();
  await resetToTemplate();
}, 120_000);

afterAll(() => {
  if (ON_GOOGLE) console.info(`npm run test:google ran against spreadsheet ${REAL_ID}`);
});

/** The failure of a call that must fail. */
async function failureOf(call: Promise<unknown>): Promise<SheetsError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof SheetsError))
    throw new Error(`expected a SheetsError, got ${String(error)}`);
  return error;
}

describe(`Sheets contract (${ON_GOOGLE ? 'Google' : 'stand-in'})`, { timeout: 120_000 }, () => {
  describe('the template’s requests', () => {
    it('make the input tabs with headers and frozen first rows, and the output tabs with markers and warning-only protection', async () => {
      const { sheets = [] } = await target.client.getSpreadsheet(target.spreadsheetId, {
        ranges: TEMPLATE_TABS.map((tab) => `'${tab.name}'!1:1`),
        fields:
          'sheets(properties(title,gridProperties.frozenRowCount),data.rowData.values.formattedValue)',
      });
      for (const tab of TEMPLATE_TABS) {
        const sheet = sheets.find((s) => s.properties?.title === tab.name);
        expect(sheet?.properties?.gridProperties?.frozenRowCount, tab.name).toBe(1);
        expect(
          sheet?.data?.[0]?.rowData?.[0]?.values?.map((value) => value.formattedValue),
          tab.name,
        ).toEqual(tab.columns.map((column) => column.header));
      }
      const all = await target.client.getSpreadsheet(target.spreadsheetId, {
        fields:
          'sheets(properties.title,developerMetadata(metadataKey,metadataValue),protectedRanges.warningOnly)',
      });
      expect(all.sheets?.map((sheet) => sheet.properties?.title)).toEqual([
        ...TEMPLATE_TABS.map((tab) => tab.name),
        ...OUTPUT_TAB_NAMES,
      ]);
      for (const name of OUTPUT_TAB_NAMES) {
        const sheet = all.sheets?.find((s) => s.properties?.title === name);
        expect(sheet?.developerMetadata, name).toEqual([
          { metadataKey: MARKER_KEY, metadataValue: name },
        ]);
        expect(sheet?.protectedRanges, name).toEqual([{ warningOnly: true }]);
      }
    });
  });

  describe('read shape', () => {
    it('the sync reads the sample committee into the summary the domain computes from it (whatever the read)', async () => {
      // Where the Worker keeps a sheet's layout between syncs (its Durable Object's storage).
      const stored = new Map<string, unknown>();
      const layouts = {
        get: async (key: string) => structuredClone(stored.get(key)),
        put: async (key: string, value: unknown) => {
          stored.set(key, structuredClone(value));
        },
      };
      const { stats, ...summary } = await runSync({
        spreadsheetId: target.spreadsheetId,
        client: target.client,
        trigger: 'cli',
        asOf: SAMPLE_AS_OF,
        layouts,
      });
      expect(summary).toEqual(goldenSummary);
      // Cold: the layout, the values, the write.
      expect(stats.sheetsApiCalls).toBe(3);
      // Warm: the second sync trusts the layout its write returned, finds its own tabs by their
      // markers and writes them again: the values read and the write.
      const again = await runSync({
        spreadsheetId: target.spreadsheetId,
        client: target.client,
        trigger: 'cli',
        asOf: SAMPLE_AS_OF,
        layouts,
      });
      expect(again.stats.sheetsApiCalls).toBe(2);
      expect(again.rates).toEqual(summary.rates);
    });

    it('values and grid data: typed values, blanks, dates as serials, formula-looking text kept as text, the whole grid echoed', async () => {
      const serial = serialFromIso('2026-05-12') as number;
      await target.client.batchUpdate(target.spreadsheetId, {
        requests: [
          {
            addSheet: {
              properties: {
                sheetId: SHAPE_SHEET_ID,
                title: '读取形状',
                gridProperties: { rowCount: 10, columnCount: 8 },
              },
            },
          },
          {
            updateCells: {
              start: { sheetId: SHAPE_SHEET_ID, rowIndex: 0, columnIndex: 0 },
              rows: [
                {
                  values: [
                    { userEnteredValue: { stringValue: '委员' } },
                    { userEnteredValue: { numberValue: 42 } },
                    { userEnteredValue: { boolValue: true } },
                    {},
                    { userEnteredValue: { stringValue: '=IMPORTXML("http://x","//a")' } },
                    {
                      userEnteredValue: { numberValue: serial },
                      userEnteredFormat: { numberFormat: { type: 'DATE', pattern: 'yyyy-mm-dd' } },
                    },
                  ],
                },
              ],
              fields: 'userEnteredValue,userEnteredFormat.numberFormat',
            },
          },
        ],
      });
      // The sync's own read (src/sync/read-workbook.ts): whole tabs, unformatted, dates as
      // serials, rows major. Interior blanks are "", trailing ones dropped, formula-looking text
      // stays text, and the range echoes the tab's whole grid (the sync learns its size there).
      const values = await target.client.batchGetValues(target.spreadsheetId, {
        ranges: ["'读取形状'"],
        valueRenderOption: 'UNFORMATTED_VALUE',
        dateTimeRenderOption: 'SERIAL_NUMBER',
        majorDimension: 'ROWS',
        fields: 'valueRanges(range,values)',
      });
      expect(values.valueRanges).toEqual([
        {
          range: "'读取形状'!A1:H10",
          values: [['委员', 42, true, '', '=IMPORTXML("http://x","//a")', serial]],
        },
      ]);
      const read = await target.client.getSpreadsheet(target.spreadsheetId, {
        ranges: ["'读取形状'!A1:H10"],
        fields: 'sheets.data.rowData.values(effectiveValue,formattedValue)',
      });
      expect(read.sheets?.[0]?.data?.[0]?.rowData).toEqual([
        {
          values: [
            { effectiveValue: { stringValue: '委员' }, formattedValue: '委员' },
            { effectiveValue: { numberValue: 42 }, formattedValue: '42' },
            { effectiveValue: { boolValue: true }, formattedValue: 'TRUE' },
            {},
            {
              effectiveValue: { stringValue: '=IMPORTXML("http://x","//a")' },
              formattedValue: '=IMPORTXML("http://x","//a")',
            },
            { effectiveValue: { numberValue: serial }, formattedValue: '2026-05-12' },
          ],
        },
      ]);
      await target.client.batchUpdate(target.spreadsheetId, {
        requests: [{ deleteSheet: { sheetId: SHAPE_SHEET_ID } }],
      });
    });
  });

  describe('write atomicity', () => {
    it('a batch whose last request is invalid applies none of it, and says which request', async () => {
      const overview = async () =>
        (
          await target.client.getSpreadsheet(target.spreadsheetId, {
            ranges: ["'覆盖总览'!A1"],
            fields: 'sheets.data.rowData.values.formattedValue',
          })
        ).sheets?.[0]?.data?.[0]?.rowData;
      const before = await overview();
      const error = await failureOf(
        target.client.batchUpdate(target.spreadsheetId, {
          requests: [
            {
              updateCells: {
                start: { sheetId: 100, rowIndex: 0, columnIndex: 0 },
                rows: [{ values: [{ userEnteredValue: { stringValue: '半个写入' } }] }],
                fields: 'userEnteredValue',
              },
            },
            { deleteSheet: { sheetId: 987_654 } },
          ],
        }),
      );
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.status).toBe(400);
      expect(error.message).toContain('Invalid requests[1].deleteSheet: No sheet with id: 987654');
      expect(await overview()).toEqual(before);
    });

    it('freezing every row of a grid is refused (You can’t freeze all visible rows on the sheet.)', async () => {
      const error = await failureOf(
        target.client.batchUpdate(target.spreadsheetId, {
          requests: [
            {
              updateSheetProperties: {
                properties: { sheetId: 0, gridProperties: { rowCount: 3, frozenRowCount: 3 } },
                fields: 'gridProperties(rowCount,frozenRowCount)',
              },
            },
          ],
        }),
      );
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toContain(
        "Invalid requests[0].updateSheetProperties: You can't freeze all visible rows on the sheet.",
      );
    });
  });

  describe('errors for missing and unshared spreadsheets', () => {
    it('an id no spreadsheet has: NOT_FOUND (404)', async () => {
      const missing = `1${randomBytes(32).toString('base64url').slice(0, 43)}`;
      const error = await failureOf(target.client.getSpreadsheet(missing));
      expect([error.code, error.status]).toEqual(['NOT_FOUND', 404]);
    });

    // On Google it needs a second spreadsheet: GOOGLE_TEST_UNSHARED_SPREADSHEET_ID.
    it.skipIf(ON_GOOGLE && !process.env.GOOGLE_TEST_UNSHARED_SPREADSHEET_ID)(
      'a spreadsheet not shared with the service account: NOT_SHARED (403), naming the account to share with',
      async () => {
        const error = await failureOf(
          target.client.getSpreadsheet(target.unsharedId as string, { fields: 'properties.title' }),
        );
        expect([error.code, error.status, error.shareWith]).toEqual([
          'NOT_SHARED',
          403,
          target.serviceAccountEmail,
        ]);
      },
    );
  });
});
