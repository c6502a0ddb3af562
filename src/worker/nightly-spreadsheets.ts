import { configuredSpreadsheets } from './configured-spreadsheets';

/** The part of the Worker's environment that knows which sheets the nightly run syncs. */
interface NightlyEnv {
  SYNC_SPREADSHEETS: string;
  REGISTRY: {
    getByName(name: string): { list(): Promise<Array<{ spreadsheetId: string }>> };
  };
}

/** Every sheet the nightly run syncs, in id order: those configured and those registered. */
export async function nightlySpreadsheets(env: NightlyEnv): Promise<string[]> {
  const registered = await env.REGISTRY.getByName('registry').list();
  return [
    ...new Set([...configuredSpreadsheets(env), ...registered.map((s) => s.spreadsheetId)]),
  ].sort();
}
