import { SAMPLE_AS_OF, sampleWorkbook } from '../../sheets-template/sample-committee';
import type { Summary } from '../../src/domain/analysis';
import { analyse } from './domain-fixture';

/** The sample committee's summary, computed afresh on each call (so each test covers it). */
export function sampleSummary(): Summary {
  return analyse(sampleWorkbook(), { asOf: SAMPLE_AS_OF, now: Date.UTC(2026, 5, 20, 2) }).summary;
}

/**
 * The sample summary as the reviewed golden file holds it: the test compares it with
 * `tests/domain/sample-summary.golden.json`, and only `npm run golden` may rewrite that.
 */
export function sampleSummaryText(): string {
  return `${JSON.stringify(sampleSummary(), null, 2)}\n`;
}
