import { normaliseText } from './normalise-text';
import type { TabSpec } from './workbook-schema';

/**
 * The title of the tab a spec is read from: the tab titled exactly its Chinese name, else the
 * first whose title matches it like a header (NFKC, trimmed), else the first titled with its
 * English alias (any case). An exact title wins so that adding a look-alike tab (`委员 `)
 * never changes which tab is read.
 */
export function locateTab(titles: Iterable<string>, spec: TabSpec): string | undefined {
  let byName: string | undefined;
  let byAlias: string | undefined;
  const alias = spec.alias.toLowerCase();
  for (const title of titles) {
    if (title === spec.name) return title;
    const name = normaliseText(title);
    if (byName === undefined && name === spec.name) byName = title;
    if (byAlias === undefined && name.toLowerCase() === alias) byAlias = title;
  }
  return byName ?? byAlias;
}
