import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleWorkbook } from '../../sheets-template/sample-committee';
import { GOLDENS, type Golden } from '../support/goldens';
import { syncSequence } from '../support/review-sequence';

describe('the sample committee’s review, synced at three dates across two quarters', () => {
  const runs = syncSequence(sampleWorkbook(), ['2026-03-20', '2026-03-31', '2026-06-20']);

  // The golden file is reviewed by hand; the test only reads it. A change in the code's answer
  // fails. `npm run golden` shows the difference, and writes it with `-- --write`.
  it('matches the reviewed ledger, accounts, review and summary (sample-review.golden.json)', async () => {
    const golden = GOLDENS.find((g) => g.path.endsWith('sample-review.golden.json')) as Golden;
    const reviewed = readFileSync(new URL('./sample-review.golden.json', import.meta.url), 'utf8');
    expect(await golden.text(), 'review the change with `npm run golden`').toBe(reviewed);
  });

  it('raises no ledger issue on a forward run', () => {
    expect(runs.flatMap((run) => run.review.issues)).toEqual([]);
  });
});
