import { readFile } from 'node:fs/promises';
import { serialFromIso } from '../domain/calendar-date';
import type { Review } from '../domain/compose-review';
import { createSheetsClient } from '../sheets/sheets-client';
import { runSync, type SyncSummary } from '../sync/run-sync';
import { FileError } from './file-error';
import { syncLocalWorkbook } from './local-workbook';
import { UsageError } from './usage-error';

/** The options of a command that syncs (`sync`, `report`); `out` is the command's own output. */
export const SYNC_TARGET_OPTIONS = {
  workbook: { type: 'string' },
  spreadsheet: { type: 'string' },
  credentials: { type: 'string' },
  'as-of': { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  'api-base': { type: 'string' },
  'token-url': { type: 'string' },
} as const;

/** What a command that syncs was told: which workbook, as of when, and how to reach Google. */
export interface SyncTargetOptions {
  /** The command's name, for its usage sentences. */
  command: string;
  workbook?: string | undefined;
  /** Where the synced .xlsx goes; the workbook itself when absent. */
  xlsxOut?: string | undefined;
  spreadsheet?: string | undefined;
  credentials?: string | undefined;
  asOf?: string | undefined;
  apiBase?: string | undefined;
  tokenUrl?: string | undefined;
  onReview?: (review: Review) => void;
}

/** `--as-of`, checked: a real date `YYYY-MM-DD`, or absent (today in the sheet's zone). */
export function asOfOf(asOf: string | undefined): string | undefined {
  if (asOf !== undefined && serialFromIso(asOf) === undefined)
    throw new UsageError(`--as-of 须是 YYYY-MM-DD 格式的有效日期，收到「${asOf}」。`);
  return asOf;
}

/**
 * Syncs what a command line names — a local .xlsx through the in-process stand-in, or a Google
 * Sheet with a service account's key — and returns the summary and where it was written.
 */
export async function syncTarget(
  options: SyncTargetOptions,
): Promise<{ summary: SyncSummary; target: string }> {
  const { command, workbook, spreadsheet, credentials, onReview } = options;
  const asOf = asOfOf(options.asOf);
  const extras = { ...(asOf ? { asOf } : {}), ...(onReview ? { onReview } : {}) };
  if (workbook !== undefined && spreadsheet !== undefined)
    throw new UsageError(`${command} 只能同步一份：--workbook 与 --spreadsheet 二选一。`);
  if (workbook !== undefined) {
    const out = options.xlsxOut;
    return {
      summary: await syncLocalWorkbook(workbook, { ...(out ? { out } : {}), ...extras }),
      target: out ?? workbook,
    };
  }
  if (spreadsheet === undefined || credentials === undefined)
    throw new UsageError(
      `${command} 需要 --workbook FILE.xlsx，或 --spreadsheet ID 与 --credentials KEY.json。`,
    );
  const text = await readFile(credentials, 'utf8').catch((error: unknown) => {
    throw FileError.of(error, 'read', credentials);
  });
  // jose (signing the key's assertions) loads only for a Google sheet, not for a local file.
  const { createAccessTokenSource, parseServiceAccountKey } = await import(
    '../sheets/service-account-token'
  );
  const tokens = createAccessTokenSource({
    key: parseServiceAccountKey(text),
    fetch,
    ...(options.tokenUrl ? { tokenUrl: options.tokenUrl } : {}),
  });
  const client = createSheetsClient({
    fetch,
    tokens,
    ...(options.apiBase ? { baseUrl: options.apiBase } : {}),
  });
  return {
    summary: await runSync({ spreadsheetId: spreadsheet, client, trigger: 'cli', ...extras }),
    target: `Google 表格 ${spreadsheet}`,
  };
}
