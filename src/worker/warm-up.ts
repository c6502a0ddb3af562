import { SAMPLE_AS_OF, sampleWorkbook } from '../../sheets-template/sample-committee';
import { serialFromIso } from '../domain/calendar-date';
import type { Spreadsheet } from '../sheets/sheets-api-types';
import type { SheetsClient } from '../sheets/sheets-client';
import { runSync, type SyncSummary } from '../sync/run-sync';
import { type SheetsEnv, tokenSourceForEnv } from './sheets-client-for-env';

/**
 * How often the warm-up syncs the sample: once compiles the code; more runs let V8 optimise
 * the loops a committee's rows go through (measured in workerd: a committee's first sync costs
 * ~6 ms less CPU after six runs than after one, for ~35 ms more at isolate start).
 */
const WARM_UP_SYNCS = 6;

/**
 * Syncs the sample committee in memory at isolate start (the Worker's global scope), so
 * the first sync a sheet asks of a fresh isolate finds the parse, the rules, the review, the
 * render and the write plan already compiled: compiling them on first use was most of that
 * sync's CPU (docs/performance.md). Cloudflare limits global scope by its startup limit (1 s),
 * apart from a request's CPU. Global scope allows no I/O, timers or randomness, so the client is an
 * in-memory one: the sample's tabs answer the values read, and the write is encoded, not sent.
 * With the Worker's environment, the isolate's token source is prepared too (the key imported,
 * one assertion signed); a key that fails here fails the first sync with its usual message.
 * Resolves with the sample's summary (what a test checks).
 */
export async function warmUp(env?: Partial<SheetsEnv>): Promise<SyncSummary> {
  const { GOOGLE_SERVICE_ACCOUNT_KEY: key, GOOGLE_TOKEN_URL } = env ?? {};
  if (key)
    await tokenSourceForEnv({ GOOGLE_SERVICE_ACCOUNT_KEY: key, GOOGLE_TOKEN_URL })
      .prepare()
      .catch(() => undefined);
  const tabs = Object.entries(sampleWorkbook());
  const layout: Spreadsheet = {
    properties: { title: 'warm-up', timeZone: 'Asia/Shanghai' },
    sheets: tabs.map(([title, rows], index) => ({
      properties: {
        sheetId: index + 1,
        title,
        index,
        sheetType: 'GRID',
        gridProperties: { rowCount: rows.length, columnCount: 26 },
      },
    })),
  };
  // As Google answers the template's cells: a date as its serial number, a blank as "".
  const values = new Map(
    tabs.map(([title, rows]) => [
      title,
      rows.map((row) =>
        row.map((v) => (typeof v === 'string' ? (serialFromIso(v) ?? v) : (v ?? ''))),
      ),
    ]),
  );
  const client: SheetsClient = {
    roundTrips: 0,
    getSpreadsheet: async () => layout,
    batchGetValues: async (_id, { ranges }) => ({
      valueRanges: ranges.map((range) => {
        const rows = values.get(range.slice(1, range.lastIndexOf("'"))) ?? [];
        return { range: `${range}!A1:Z${rows.length}`, values: rows };
      }),
    }),
    batchUpdate: async (_id, body) => {
      JSON.stringify(body); // encoded as the client would send it; nothing is sent
      return {};
    },
    createSpreadsheet: () => Promise.reject(new Error('the warm-up creates no spreadsheet')),
  };
  const sync = () =>
    runSync({
      spreadsheetId: 'warm-up',
      client,
      trigger: 'schedule',
      asOf: SAMPLE_AS_OF,
      now: () => Date.parse(`${SAMPLE_AS_OF}T00:00:00Z`),
    });
  for (let run = 1; run < WARM_UP_SYNCS; run++) await sync();
  return sync();
}
