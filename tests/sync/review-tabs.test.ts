import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleSyncedTabsText } from '../support/goldens';

describe('the review tabs as the sync writes them (contract §7.1, §7.3, §7.4)', () => {
  // The sample committee synced through the client and the Sheets stand-in at the demo's three
  // dates; 缺口台账, 责任落实 and 评估报告 read back cell by cell. The golden file is reviewed by
  // hand and only read here: `npm run golden` shows a difference and writes it with `-- --write`.
  it('match the reviewed tabs cell by cell (sample-synced-review.golden.json)', async () => {
    const reviewed = readFileSync(
      new URL('./sample-synced-review.golden.json', import.meta.url),
      'utf8',
    );
    expect(await sampleSyncedTabsText(), 'review the change with `npm run golden`').toBe(reviewed);
  });
});
