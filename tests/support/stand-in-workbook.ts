import type { CellValue } from '../../src/domain/workbook-input';
import { INPUT_TABS } from '../../src/domain/workbook-schema';
import { createSheetsClient, type SheetsClient } from '../../src/sheets/sheets-client';
import { SheetsStandIn, type SheetsStandInOptions } from '../../src/stand-in/sheets-stand-in';
import { runSync, type SyncSummary } from '../../src/sync/run-sync';

/** A spreadsheet in an in-process stand-in, with the client a sync uses and a one-call sync. */
export interface StandInWorkbook {
  standIn: SheetsStandIn;
  id: string;
  client: SheetsClient;
  sync(asOf?: string): Promise<SyncSummary>;
  /** The input tabs as `spreadsheets.get` returns them with every cell field: values, formats, notes, validation. */
  inputTabs(): Promise<string>;
  /** One output tab's entered values, rows trimmed as the stand-in's snapshot does. */
  tab(title: string): (string | number | boolean | null)[][];
}

/** Seeds a stand-in with tabs given as plain rows (header first) and wraps it for sync tests. */
export function standInWorkbook(
  tabs: Record<string, CellValue[][]>,
  options: SheetsStandInOptions = {},
): StandInWorkbook {
  const standIn = new SheetsStandIn(options);
  const id = standIn.createSpreadsheet({
    title: '测试专委会',
    sheets: Object.entries(tabs).map(([title, rows]) => ({
      title,
      rows: rows.map((row) => row.map((value) => value ?? null)),
    })),
  });
  const client = createSheetsClient({
    fetch: standIn.fetch,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
  return {
    standIn,
    id,
    client,
    sync: (asOf = '2026-05-12') =>
      runSync({
        spreadsheetId: id,
        client,
        trigger: 'cli',
        asOf,
        now: () => Date.UTC(2026, 4, 12, 2),
      }),
    async inputTabs() {
      const titles = new Set<string>(INPUT_TABS.map((t) => t.name));
      const response = await standIn.fetch(
        `https://sheets.googleapis.com/v4/spreadsheets/${id}?includeGridData=true`,
      );
      const body = (await response.json()) as { sheets: { properties: { title: string } }[] };
      return JSON.stringify(body.sheets.filter((s) => titles.has(s.properties.title)));
    },
    tab(title) {
      const sheet = standIn.snapshot(id).sheets.find((s) => s.title === title);
      if (!sheet) throw new Error(`no tab ${title}`);
      return sheet.rows;
    },
  };
}
