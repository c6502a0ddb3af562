import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GAP_REASONS } from '../../src/domain/compute-coverage';
import { RESPONSIBILITY_CODES } from '../../src/domain/compute-responsibility';
import { sampleSummary, sampleSummaryText } from '../support/sample-summary';

describe('the sample committee in sheets-template/', () => {
  // Each test computes the summary itself, so mutation testing knows which tests cover what.

  // A reviewed fixture the test only reads: `vitest -u` cannot rewrite it and a deleted one
  // fails. `npm run golden` shows the difference, and writes it with `-- --write`.
  it('matches the reviewed summary (tests/domain/sample-summary.golden.json)', () => {
    const golden = readFileSync(new URL('./sample-summary.golden.json', import.meta.url), 'utf8');
    expect(sampleSummaryText(), 'review the change with `npm run golden`').toBe(golden);
  });

  it('is mostly covered, as real committees are', () => {
    const summary = sampleSummary();
    expect(summary.rates).toEqual({
      org: { covered: 16, total: 19 },
      work: { covered: 46, total: 52 },
      contact: { covered: 25, total: 33 },
    });
  });

  it('fires every coverage-gap reason of contract §4.2', () => {
    const summary = sampleSummary();
    const fired = new Set(summary.coverageGaps.flatMap((g) => g.reasons));
    expect([...GAP_REASONS].filter((r) => !fired.has(r))).toEqual([]);
  });

  it('fires every responsibility gap of contract §4.3', () => {
    const summary = sampleSummary();
    const fired = new Set(summary.responsibilityGaps.map((g) => g.code));
    expect([...RESPONSIBILITY_CODES].filter((c) => !fired.has(c))).toEqual([]);
  });

  it('shows every kind of data issue a clerk can make in a complete workbook', () => {
    const summary = sampleSummary();
    const fired = new Set(summary.dataIssues.map((i) => i.code));
    // DUPLICATE_SECRETARY cannot appear beside NO_SECRETARY; MISSING_TAB and MISSING_COLUMN
    // need a broken template, which the sample is not.
    expect([...fired].sort()).toEqual(
      [
        'AMBIGUOUS_NAME',
        'BAD_DATE',
        'BAD_VALUE',
        'CONFLICT',
        'DUPLICATE_ID',
        'MISSING_VALUE',
        'UNKNOWN_GROUP',
        'UNKNOWN_KEY',
        'UNKNOWN_PERSON',
      ].sort(),
    );
  });

  it('suggests contacts and party groups', () => {
    const summary = sampleSummary();
    const suggestion = (id: string) =>
      summary.coverageGaps.find((g) => g.memberId === id)?.suggestion;
    expect(suggestion('NY-022')).toEqual({ partyGroup: '乡村振兴党小组' });
    expect(suggestion('NY-047')).toEqual({ contact: 'NY-005' });
    expect(suggestion('NY-045')).toEqual({});
  });
});
