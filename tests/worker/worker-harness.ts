import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { vi } from 'vitest';
import type { CellValue } from '../../src/domain/workbook-input';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { deriveSheetKey, signRequest } from '../../src/worker/request-signature';

declare global {
  namespace Cloudflare {
    interface Env {
      /** Test only (vitest.config.ts): the public half of the test service account's key. */
      TEST_SERVICE_ACCOUNT_PUBLIC_KEY: string;
    }
  }
}

/** The service account the Worker's test key belongs to. */
export const serviceAccountEmail = (): string =>
  (JSON.parse(env.GOOGLE_SERVICE_ACCOUNT_KEY) as { client_email: string }).client_email;

/**
 * A Sheets stand-in in the Worker's own isolate: every outbound fetch of the Worker and its
 * Durable Objects reaches it (the pool leaves no other way to fake Google). Google-side
 * access control is real: the Worker must get a token for its service account.
 */
export async function workerHarness() {
  const standIn = new SheetsStandIn();
  await standIn.registerServiceAccount(serviceAccountEmail(), env.TEST_SERVICE_ACCOUNT_PUBLIC_KEY);
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) =>
    standIn.fetch(input as Request, init),
  );
  return {
    standIn,
    /** Adds a spreadsheet (with this id if given) and returns its id. */
    addSpreadsheet(tabs: Record<string, CellValue[][]>, spreadsheetId?: string): string {
      return standIn.createSpreadsheet({
        spreadsheetId,
        sheets: Object.entries(tabs).map(([title, rows]) => ({
          title,
          rows: rows.map((row) => row.map((v) => v ?? null)),
        })),
      });
    },
  };
}

/** Sends a request to the Worker's fetch handler. */
export function callWorker(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(
    new Request(`https://dual-coverage.example.workers.dev${path}`, init),
  );
}

/** The two signature headers of a sync request, signed with the sheet's key unless told otherwise. */
export async function syncSignature(
  spreadsheetId: string,
  options: {
    key?: string;
    method?: string;
    path?: string;
    body?: string | Uint8Array;
    timestamp?: number;
  } = {},
): Promise<Record<string, string>> {
  return signRequest({
    key: options.key ?? (await deriveSheetKey(env.SYNC_SIGNING_SECRET, spreadsheetId)),
    method: options.method ?? 'POST',
    path: options.path ?? `/v1/sheets/${spreadsheetId}/sync`,
    body: options.body ?? '{"trigger":"menu"}',
    timestamp: options.timestamp ?? Date.now() / 1000,
  });
}

/** A sync request as the Apps Script sends it, signed with the sheet's key unless told otherwise. */
export async function signedSync(
  spreadsheetId: string,
  options: { key?: string; body?: string; timestamp?: number; signedPath?: string } = {},
): Promise<Response> {
  const body = options.body ?? '{"trigger":"menu"}';
  const headers = await syncSignature(spreadsheetId, {
    key: options.key,
    path: options.signedPath,
    body,
    timestamp: options.timestamp,
  });
  return callWorker(`/v1/sheets/${spreadsheetId}/sync`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  });
}
