import { configuredSpreadsheets } from './configured-spreadsheets';
import { nextNightlyRun } from './next-nightly-run';

/** The last sync of a sheet, as the status route reports it. */
export interface LastSync {
  ok: boolean;
  /** `OK` or the failure's code. */
  code: string;
  /** One Chinese sentence for staff. */
  message: string;
  trigger: 'menu' | 'schedule';
  /** ISO 8601. */
  finishedAt: string;
  durationMs: number;
}

/**
 * The answer of `GET /v1/sheets/:spreadsheetId/status` (docs/worker.md): `npm run cli -- doctor`
 * and the menu item 同步状态 rely on it, so fields may be added, never changed.
 */
export interface SheetStatus {
  spreadsheetId: string;
  /** Whether the nightly run syncs it: registered from its menu, or in SYNC_SPREADSHEETS. */
  registered: boolean;
  lastSync: LastSync | null;
  /** ISO 8601. */
  nextNightlyRun: string;
}

/** The part of the Worker's environment a status needs (Node-safe: no Workers types). */
interface StatusEnv {
  SYNC_SPREADSHEETS: string;
  REGISTRY: { getByName(name: string): { has(spreadsheetId: string): Promise<boolean> } };
}

/** A sheet's status from its coordinator's last sync, the registry and the configuration. */
export async function sheetStatus(
  env: StatusEnv,
  spreadsheetId: string,
  lastSync: LastSync | null,
): Promise<SheetStatus> {
  const registered =
    configuredSpreadsheets(env).includes(spreadsheetId) ||
    (await env.REGISTRY.getByName('registry').has(spreadsheetId));
  return { spreadsheetId, registered, lastSync, nextNightlyRun: nextNightlyRun(Date.now()) };
}
