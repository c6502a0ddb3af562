import { SAMPLE_AS_OF, sampleWorkbook } from '../../sheets-template/sample-committee';
import { analyse } from './domain-fixture';

/**
 * The sample committee's summary as the reviewed golden file holds it: the test compares it
 * with `tests/domain/sample-summary.golden.json`, and only `npm run golden` may rewrite that.
 */
export function sampleSummaryText(): string {
  const { summary } = analyse(sampleWorkbook(), {
    asOf: SAMPLE_AS_OF,
    now: Date.UTC(2026, 5, 20, 2),
  });
  return `${JSON.stringify(summary, null, 2)}\n`;
}
