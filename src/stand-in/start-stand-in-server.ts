import { existsSync } from 'node:fs';
import { seedSpreadsheet } from './seed-spreadsheet';
import { serveFetch } from './serve-fetch';
import { SheetsStandIn, type SheetsStandInOptions } from './sheets-stand-in';
import { XlsxWorkbookFile } from './xlsx-workbook-file';

/** Where and what a stand-in server serves. */
export interface StandInServerOptions {
  /** Default 0: any free port (read it back from `url`). */
  port?: number;
  /** Default 127.0.0.1, so the stand-in is never reachable from the network. */
  host?: string;
  /** A workbook to serve and save back after every successful write; created if missing. */
  xlsxPath?: string;
  /** The id the workbook is served under; default: the one saved in it, else `local-workbook`. */
  spreadsheetId?: string;
  /** Options of the underlying SheetsStandIn (onCommit is taken by the server when xlsxPath is set). */
  standIn?: Omit<SheetsStandInOptions, 'onCommit'>;
}

/** A running stand-in server. */
export interface StandInServer {
  /** e.g. `http://127.0.0.1:53117`; the Sheets base URL is `${url}/v4/`, the token URL `${url}/token`. */
  url: string;
  standIn: SheetsStandIn;
  /** The id of the served workbook, when there is one. */
  spreadsheetId: string | undefined;
  /** Stops listening after the last save has finished. */
  close(): Promise<void>;
}

/**
 * Serves the stand-in over HTTP with node:http (no extra dependency). With `xlsxPath` it serves
 * that workbook and writes it back after every successful write, before answering.
 */
export async function startStandInServer(
  options: StandInServerOptions = {},
): Promise<StandInServer> {
  let workbook: XlsxWorkbookFile | undefined;
  let spreadsheetId: string | undefined;
  const { xlsxPath } = options;
  // Saves run one at a time, in commit order.
  let saving: Promise<unknown> = Promise.resolve();
  const standIn: SheetsStandIn = new SheetsStandIn({
    ...options.standIn,
    onCommit: (id): Promise<void> | undefined => {
      if (!workbook || !xlsxPath || id !== spreadsheetId) return;
      const file = workbook;
      // A failed save fails its own request (500) but not the ones after it.
      const save: Promise<unknown> = saving
        .catch(() => undefined)
        .then(() => file.save(standIn.get(id), xlsxPath));
      saving = save;
      return save.then(() => undefined);
    },
  });
  if (xlsxPath) {
    if (existsSync(xlsxPath)) {
      workbook = await XlsxWorkbookFile.load(
        xlsxPath,
        options.spreadsheetId ? { spreadsheetId: options.spreadsheetId } : {},
      );
    } else {
      const id = options.spreadsheetId ?? 'local-workbook';
      // A lone first sheet gets id 0, so the id source is never asked.
      const empty = seedSpreadsheet(
        { title: 'Workbook', sheets: [{ title: 'Sheet1' }] },
        id,
        () => 1,
      );
      workbook = XlsxWorkbookFile.create(empty);
      await workbook.save(workbook.spreadsheet, xlsxPath);
    }
    spreadsheetId = workbook.spreadsheet.spreadsheetId;
    standIn.put(workbook.spreadsheet);
  }
  const server = await serveFetch((request) => standIn.fetch(request), options);
  return {
    url: server.url,
    standIn,
    spreadsheetId,
    async close() {
      await saving.catch(() => undefined);
      await server.close();
    },
  };
}
