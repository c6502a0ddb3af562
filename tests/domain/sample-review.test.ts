import { describe, expect, it } from 'vitest';
import { sampleWorkbook } from '../../sheets-template/sample-committee';
import { type ReviewedSync, syncSequence } from '../support/review-sequence';

describe('the sample committee’s review, synced at three dates across two quarters', () => {
  const runs = syncSequence(sampleWorkbook(), ['2026-03-20', '2026-03-31', '2026-06-20']);
  const last = runs[2] as ReviewedSync;

  it('matches the reviewed ledger, accounts, review and summary (sample-review.golden.json)', async () => {
    const golden = {
      review: last.review.summary,
      tabs: Object.fromEntries(last.review.tabs.map((tab) => [tab.name, tab.rows])),
    };
    // One line per row, so a reviewer reads each tab as it looks.
    const text = JSON.stringify(golden, null, 2).replace(
      /\[\s+([^[\]{}]*?)\s+\]/g,
      (_, cells) => `[${cells.replace(/,\s+/g, ', ')}]`,
    );
    await expect(`${text}\n`).toMatchFileSnapshot('./sample-review.golden.json');
  });

  it('raises no ledger issue on a forward run', () => {
    expect(runs.flatMap((run) => run.review.issues)).toEqual([]);
  });
});
