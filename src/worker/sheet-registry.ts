import { DurableObject } from 'cloudflare:workers';

const PREFIX = 'sheet:';

/** A spreadsheet the nightly run syncs because it once synced from its menu. */
export interface RegisteredSheet {
  spreadsheetId: string;
  /** ISO 8601: its first successful menu sync. */
  registeredAt: string;
}

/**
 * The spreadsheets that synced successfully from their menu: the nightly run syncs them with
 * those configured in SYNC_SPREADSHEETS. One instance (named `registry`) for the deployment.
 * An administrator forgets a sheet (`admin forget`), and the nightly run retires one that
 * Google has answered NOT_FOUND or NOT_SHARED for too many nights in a row.
 */
export class SheetRegistry extends DurableObject {
  /** Remembers a spreadsheet; a sheet already known keeps its first registration time. */
  async add(spreadsheetId: string): Promise<void> {
    const key = `${PREFIX}${spreadsheetId}`;
    if ((await this.ctx.storage.get(key)) === undefined)
      await this.ctx.storage.put(key, Date.now());
  }

  /** Forgets a spreadsheet; says whether it was registered. */
  async forget(spreadsheetId: string): Promise<boolean> {
    return this.ctx.storage.delete(`${PREFIX}${spreadsheetId}`);
  }

  /** Whether a spreadsheet is registered. */
  async has(spreadsheetId: string): Promise<boolean> {
    return (await this.ctx.storage.get(`${PREFIX}${spreadsheetId}`)) !== undefined;
  }

  /** Every registered spreadsheet, in id order. */
  async list(): Promise<RegisteredSheet[]> {
    const entries = await this.ctx.storage.list<number>({ prefix: PREFIX });
    return [...entries].map(([key, at]) => ({
      spreadsheetId: key.slice(PREFIX.length),
      registeredAt: new Date(at).toISOString(),
    }));
  }
}
