import { sampleWorkbook } from '../../sheets-template/sample-committee';
import { syncSequence } from './review-sequence';
import { sampleSummaryText } from './sample-summary';
import { syncedXlsxText } from './synced-xlsx';

/** A reviewed fixture: the tests only read it; `npm run golden` shows the diff and rewrites it. */
export interface Golden {
  /** From the repository's root. */
  path: string;
  /** What the code says now, as the file holds it. */
  text: () => string | Promise<string>;
}

/** The sample committee's review after syncs at three dates across two quarters. */
function sampleReviewText(): string {
  const runs = syncSequence(sampleWorkbook(), ['2026-03-20', '2026-03-31', '2026-06-20']);
  const last = runs.at(-1);
  if (!last) throw new Error('no sync');
  const golden = {
    review: last.review.summary,
    tabs: Object.fromEntries(last.review.tabs.map((tab) => [tab.name, tab.rows])),
  };
  // One line per row, so a reviewer reads each tab as it looks.
  const text = JSON.stringify(golden, null, 2).replace(
    /\[\s+([^[\]{}]*?)\s+\]/g,
    (_, cells: string) => `[${cells.replace(/,\s+/g, ', ')}]`,
  );
  return `${text}\n`;
}

/** Every reviewed golden file of the suite. */
export const GOLDENS: readonly Golden[] = [
  { path: 'tests/domain/sample-summary.golden.json', text: sampleSummaryText },
  { path: 'tests/domain/sample-review.golden.json', text: sampleReviewText },
  { path: 'tests/stand-in/synced-xlsx.golden.json', text: syncedXlsxText },
];
