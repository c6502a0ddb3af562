import { INPUT_TABS, OUTPUT_TAB_NAMES } from '../domain/workbook-schema';
import type { Spreadsheet } from '../sheets/sheets-api-types';
import { locateOutputTabs } from './build-write-requests';
import { LAYOUT_FIELDS } from './read-layout';

/**
 * Where a sync keeps a spreadsheet's layout between runs: the sheet's Durable Object storage
 * in the Worker (`ctx.storage` fits as it is). Values must survive structured cloning.
 */
export interface LayoutStore {
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
}

interface Entry {
  /** The mask the layout was read with: a layout of an older version is not used. */
  fields: string;
  layout: Spreadsheet;
}

/** A spreadsheet's cached layout: what it was after the last sync's write (or read). */
export interface LayoutCache {
  /**
   * The cached layout, when a sync may trust it without reading it again (see
   * docs/performance.md): every input tab exists under its exact Chinese name and every output
   * tab exists with our marker. A new tab then cannot change which tabs are read; a renamed or
   * deleted one makes the values read fail, and a moved one is found by the write.
   */
  load(): Promise<Spreadsheet | undefined>;
  save(layout: Spreadsheet): Promise<void>;
}

/** The layout cache of one spreadsheet in `store`. */
export function layoutCache(store: LayoutStore, spreadsheetId: string): LayoutCache {
  const key = `layout:${spreadsheetId}`;
  return {
    async load() {
      const entry = (await store.get(key)) as Entry | undefined;
      if (entry?.fields !== LAYOUT_FIELDS || !isComplete(entry.layout)) return undefined;
      return entry.layout;
    },
    save: (layout) => store.put(key, { fields: LAYOUT_FIELDS, layout } satisfies Entry),
  };
}

function isComplete(layout: Spreadsheet): boolean {
  const titles = new Set(
    (layout.sheets ?? [])
      .filter((s) => (s.properties?.sheetType ?? 'GRID') === 'GRID')
      .map((s) => s.properties?.title),
  );
  const outputs = locateOutputTabs(layout);
  return (
    INPUT_TABS.every((spec) => titles.has(spec.name)) &&
    OUTPUT_TAB_NAMES.every((name) => outputs.get(name)?.ours === true)
  );
}
