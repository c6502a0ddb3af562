import { DurableObject } from 'cloudflare:workers';

const PREFIX = 'sheet:';

/**
 * The spreadsheets that synced successfully from their menu: the nightly run syncs them with
 * those configured in SYNC_SPREADSHEETS. One instance (named `registry`) for the deployment.
 */
export class SheetRegistry extends DurableObject {
  /** Remembers a spreadsheet (idempotent). */
  async add(spreadsheetId: string): Promise<void> {
    await this.ctx.storage.put(`${PREFIX}${spreadsheetId}`, Date.now());
  }

  /** Every remembered spreadsheet id. */
  async list(): Promise<string[]> {
    const entries = await this.ctx.storage.list({ prefix: PREFIX });
    return [...entries.keys()].map((key) => key.slice(PREFIX.length));
  }
}
