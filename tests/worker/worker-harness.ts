import { createExecutionContext, env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { onTestFinished, vi } from 'vitest';
import type { CellValue } from '../../src/domain/workbook-input';
import { SheetsStandIn, type SheetsStandInOptions } from '../../src/stand-in/sheets-stand-in';
import { app } from '../../src/worker/app';
import { deriveAdminKey, deriveSheetKey, signRequest } from '../../src/worker/request-signature';
import { SheetSyncCoordinator } from '../../src/worker/sheet-sync-coordinator';

declare global {
  namespace Cloudflare {
    interface Env {
      /** Test only (vitest.config.ts): the public half of the test service account's key. */
      TEST_SERVICE_ACCOUNT_PUBLIC_KEY: string;
      /** Test only (vitest.config.ts): how many sheets the nightly simulation registers. */
      SIMULATED_SHEETS: string;
    }
  }
}

/** The service account the Worker's test key belongs to. */
export const serviceAccountEmail = (): string =>
  (JSON.parse(env.GOOGLE_SERVICE_ACCOUNT_KEY) as { client_email: string }).client_email;

const DAY_MS = 86_400_000;
/** 10:00 China time, after the test rotation's grace (vitest.config.ts): each test a day later. */
const FIRST_TEST_DAY = Date.parse('2026-06-01T02:00:00Z');
let testDays = 0;

/**
 * One clock for the test, the Worker, its Durable Objects and the stand-in (they share this
 * isolate's `Date`): frozen at 10:00 China time of a day of its own for each test, so every
 * test starts with a full sync budget and an empty per-sheet window, a date computed here is
 * the sync's date, and time moves only when the test moves it. Timers stay real.
 */
export function testClock() {
  vi.useFakeTimers({ toFake: ['Date'], now: FIRST_TEST_DAY + testDays++ * DAY_MS });
  onTestFinished(() => {
    vi.useRealTimers();
  });
  return {
    now: () => Date.now(),
    set: (ms: number) => vi.setSystemTime(ms),
    advance: (ms: number) => vi.setSystemTime(Date.now() + ms),
    /** Today's date in China (UTC+8), as the sync computes its as-of date. */
    chinaDate: () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
  };
}

/**
 * A Sheets stand-in in the Worker's own isolate: every outbound fetch of the Worker and its
 * Durable Objects reaches it (the pool leaves no other way to fake Google). Google-side
 * access control is real: the Worker must get a token for its service account. Starts the
 * test's clock; `options` reach the stand-in (its quotas, for one).
 */
export async function workerHarness(options: SheetsStandInOptions = {}) {
  const clock = testClock();
  const standIn = new SheetsStandIn(options);
  await standIn.registerServiceAccount(serviceAccountEmail(), env.TEST_SERVICE_ACCOUNT_PUBLIC_KEY);
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) =>
    standIn.fetch(input as Request, init),
  );
  return {
    standIn,
    clock,
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
    /** How many writes (sync runs that got as far as Google) a spreadsheet has had. */
    writesTo(spreadsheetId: string): number {
      return standIn.requests.filter(
        (r) => r.kind === 'spreadsheets.batchUpdate' && r.path.includes(spreadsheetId),
      ).length;
    },
  };
}

/**
 * Counts the menu sync requests that have reached each sheet's coordinator. A call is counted
 * once the coordinator has decided it (join, refuse or schedule), which happens synchronously
 * on arrival.
 */
export function countArrivals() {
  const counts = new Map<string, number>();
  const waiters = new Set<() => void>();
  const menuSync = SheetSyncCoordinator.prototype.menuSync;
  vi.spyOn(SheetSyncCoordinator.prototype, 'menuSync').mockImplementation(function (
    this: SheetSyncCoordinator,
    ...args: Parameters<typeof menuSync>
  ) {
    const result = menuSync.apply(this, args);
    counts.set(args[0], (counts.get(args[0]) ?? 0) + 1);
    for (const wake of waiters) wake();
    return result;
  });
  return {
    count: (spreadsheetId: string) => counts.get(spreadsheetId) ?? 0,
    /** Resolves once `n` requests for the sheet have arrived in all. */
    reach(spreadsheetId: string, n: number): Promise<void> {
      return new Promise((resolve) => {
        const wake = () => {
          if ((counts.get(spreadsheetId) ?? 0) < n) return;
          waiters.delete(wake);
          resolve();
        };
        waiters.add(wake);
        wake();
      });
    },
  };
}

/**
 * Holds each sheet's first read (of the current burst) until `release(id)` resolves: the run
 * that reads stays running while the rest of the burst arrives, whatever the machine's speed.
 */
export function holdFirstReads(
  standIn: SheetsStandIn,
  release: (spreadsheetId: string) => Promise<void>,
) {
  const held = new Set<string>();
  standIn.onRequest = async ({ kind, path }) => {
    const id = /^\/v4\/spreadsheets\/([^/:?]+)/.exec(path)?.[1];
    const read = kind === 'spreadsheets.get' || kind === 'values.batchGet';
    if (!read || id === undefined || held.has(id)) return undefined;
    held.add(id);
    await release(id);
    return undefined;
  };
  return {
    /** The next read of every sheet is held again. */
    nextBurst: () => held.clear(),
  };
}

/** Sends a request to the Worker's fetch handler, through workerd as a client would. */
export function callWorker(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(
    new Request(`https://dual-coverage.example.workers.dev${path}`, init),
  );
}

/**
 * Sends a request straight to the Hono app in this isolate. For streamed bodies the Worker
 * refuses unread: through `callWorker`, workerd reports the sender's cut pipe as an uncaught
 * "Network connection lost" in the test's isolate, noise about the test's own client.
 */
export async function callApp(path: string, init: RequestInit = {}): Promise<Response> {
  return app.fetch(
    new Request(`https://dual-coverage.example.workers.dev${path}`, init),
    env,
    createExecutionContext(),
  );
}

/** The two signature headers of a request, signed with the sheet's key unless told otherwise. */
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
  const body = options.body ?? JSON.stringify({ trigger: 'menu', nonce: crypto.randomUUID() });
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

/** A status request as the menu item 同步状态 sends it. */
export async function signedStatus(
  spreadsheetId: string,
  options: { key?: string; timestamp?: number } = {},
): Promise<Response> {
  const path = `/v1/sheets/${spreadsheetId}/status`;
  const headers = await syncSignature(spreadsheetId, { ...options, method: 'GET', path, body: '' });
  return callWorker(path, { headers });
}

/** An admin request, signed with the admin key of the current secret unless told otherwise. */
export async function signedAdmin(
  method: 'GET' | 'POST',
  path: string,
  options: { key?: string; body?: object } = {},
): Promise<Response> {
  const body = options.body === undefined ? '' : JSON.stringify(options.body);
  const headers = await signRequest({
    key: options.key ?? (await deriveAdminKey(env.SYNC_SIGNING_SECRET)),
    method,
    path,
    body,
    timestamp: Date.now() / 1000,
  });
  return callWorker(path, { method, headers, ...(method === 'POST' ? { body } : {}) });
}
