import { readFile } from 'node:fs/promises';
import type { CellValue, SyncTrigger } from '../domain/workbook-input';
import { createSheetsClient } from '../sheets/sheets-client';
import { SheetsStandIn } from '../stand-in/sheets-stand-in';
import { XlsxWorkbookFile } from '../stand-in/xlsx-workbook-file';
import { runSync, type SyncSummary } from '../sync/run-sync';
import { templateRequests, templateSpreadsheet } from '../sync/template-requests';
import { UsageError } from './usage-error';

/** The id a local workbook is served under inside the in-process stand-in. */
const LOCAL_ID = 'local-workbook';

/**
 * Syncs an .xlsx workbook through the same path as a Google Sheet: the file is served by the
 * in-process Sheets stand-in, synced with the real client, and saved to `out` (default: the
 * file itself). Tabs the sync did not write keep what exceljs preserves of them.
 */
export async function syncLocalWorkbook(
  path: string,
  options: { out?: string; asOf?: string; trigger?: SyncTrigger; now?: () => number } = {},
): Promise<SyncSummary> {
  const file = await loadWorkbook(path);
  const standIn = new SheetsStandIn();
  standIn.put(file.spreadsheet);
  const client = createSheetsClient({ fetch: standIn.fetch });
  const summary = await runSync({
    spreadsheetId: LOCAL_ID,
    client,
    trigger: options.trigger ?? 'cli',
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  await file.save(standIn.get(LOCAL_ID), options.out ?? path);
  return summary;
}

async function loadWorkbook(path: string): Promise<XlsxWorkbookFile> {
  const bytes = await readFile(path);
  try {
    return await XlsxWorkbookFile.load(bytes, { spreadsheetId: LOCAL_ID });
  } catch {
    throw new UsageError(
      `无法打开 ${path}：它不是有效的 .xlsx 工作簿（请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx）。`,
    );
  }
}

/**
 * Writes the template workbook (with the sample committee's rows when given) from the one
 * template definition, through the stand-in, exactly as provisioning builds a Google Sheet.
 */
export async function writeTemplateWorkbook(
  path: string,
  title: string,
  sample?: Record<string, CellValue[][]>,
): Promise<void> {
  const standIn = new SheetsStandIn();
  const client = createSheetsClient({ fetch: standIn.fetch });
  const { spreadsheetId } = await client.createSpreadsheet(templateSpreadsheet(title));
  const id = spreadsheetId as string;
  await client.batchUpdate(id, { requests: templateRequests(sample) });
  await XlsxWorkbookFile.create(standIn.get(id)).save(standIn.get(id), path);
}
