import { SAMPLE_SYNC_DATES, sampleWorkbook } from '../../sheets-template/sample-committee';
import { REVIEW_TAB_NAMES } from '../../src/domain/review-tab-names';
import { syncSequence } from './review-sequence';
import { sampleSummaryText } from './sample-summary';
import { standInWorkbook } from './stand-in-workbook';
import { syncedXlsxText } from './synced-xlsx';

/** A reviewed fixture: the tests only read it; `npm run golden` shows the diff and rewrites it. */
export interface Golden {
  /** From the repository's root. */
  path: string;
  /** What the code says now, as the file holds it. */
  text: () => string | Promise<string>;
}

/** JSON with one line per row, so a reviewer reads each tab as it looks. */
function rowsPerLine(value: unknown): string {
  const text = JSON.stringify(value, null, 2).replace(
    /\[\s+([^[\]{}]*?)\s+\]/g,
    (_, cells: string) => `[${cells.replace(/,\s+/g, ', ')}]`,
  );
  return `${text}\n`;
}

/** The sample committee's review after syncs at three dates across two quarters. */
function sampleReviewText(): string {
  const runs = syncSequence(sampleWorkbook(), ['2026-03-20', '2026-03-31', '2026-06-20']);
  const last = runs.at(-1);
  if (!last) throw new Error('no sync');
  return rowsPerLine({
    review: last.review.summary,
    tabs: Object.fromEntries(last.review.tabs.map((tab) => [tab.name, tab.rows])),
  });
}

/**
 * The three review tabs as a real sync leaves them in the sheet — through the client and the
 * Sheets stand-in — after the demo's syncs of the sample committee, cell by cell.
 */
export async function sampleSyncedTabsText(): Promise<string> {
  const book = standInWorkbook(sampleWorkbook());
  let review: unknown;
  for (const asOf of SAMPLE_SYNC_DATES) review = (await book.sync(asOf)).review;
  return rowsPerLine({
    review,
    tabs: Object.fromEntries(REVIEW_TAB_NAMES.map((name) => [name, book.tab(name)])),
  });
}

/** Every reviewed golden file of the suite. */
export const GOLDENS: readonly Golden[] = [
  { path: 'tests/domain/sample-summary.golden.json', text: sampleSummaryText },
  { path: 'tests/domain/sample-review.golden.json', text: sampleReviewText },
  { path: 'tests/sync/sample-synced-review.golden.json', text: sampleSyncedTabsText },
  { path: 'tests/stand-in/synced-xlsx.golden.json', text: syncedXlsxText },
];
