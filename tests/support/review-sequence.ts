import { computeAnalysis, renderOutputs } from '../../src/domain/analyse-workbook';
import type { Analysis, RenderedOutputs } from '../../src/domain/analysis';
import { parseWorkbook } from '../../src/domain/parse-workbook';
import { type ReviewOutputs, reviewWorkbook } from '../../src/domain/review-workbook';
import type { CellValue } from '../../src/domain/workbook-input';
import { coveredCommittee } from './domain-fixture';

type Row = CellValue[];

/** One sync of the domain with the review, as the sync will run it. */
export interface ReviewedSync {
  analysis: Analysis;
  outputs: RenderedOutputs;
  review: ReviewOutputs;
  /** The tabs after the sync: the input tabs, 历史 and the three review tabs written back. */
  tabs: Record<string, Row[]>;
}

/**
 * Runs the rules and the review on tabs given as plain arrays at one as-of date, then writes
 * the outputs back the way the sync will: the review tabs whole, 历史's one row in place.
 */
export function reviewAt(tabs: Record<string, Row[]>, asOf: string): ReviewedSync {
  const input = {
    tabs: new Map(Object.entries(tabs)),
    now: Date.parse(`${asOf}T02:00:00Z`),
    asOf,
    trigger: 'cli' as const,
  };
  const parsed = parseWorkbook(input);
  if (!parsed.ok) throw new Error(`expected a workbook, got: ${parsed.problem.message}`);
  const analysis = computeAnalysis(input, parsed.workbook, parsed.issues);
  const review = reviewWorkbook(analysis);
  const outputs = renderOutputs(analysis, review);

  const after: Record<string, Row[]> = { ...tabs };
  for (const tab of review.tabs) after[tab.name] = tab.rows.map((row) => [...row]);
  const history = (tabs.历史 ?? []).map((row) => [...row]);
  const { header, row, rowIndex, columns } = outputs.history;
  for (const [r, values] of [
    [0, header],
    [rowIndex, row],
  ] as const) {
    const cells = [...(history[r] ?? [])];
    values.forEach((value, i) => {
      cells[columns[i] as number] = value;
    });
    history[r] = cells;
  }
  after.历史 = history;
  return { analysis, outputs, review, tabs: after };
}

/**
 * Syncs at each date in turn, feeding each sync's written tabs to the next. `change` edits the
 * workbook before a sync (step index, tabs to edit in place).
 */
export function syncSequence(
  tabs: Record<string, Row[]>,
  dates: string[],
  change: (step: number, tabs: Record<string, Row[]>) => void = () => {},
): ReviewedSync[] {
  const runs: ReviewedSync[] = [];
  let current = structuredClone(tabs);
  dates.forEach((date, step) => {
    change(step, current);
    const run = reviewAt(current, date);
    runs.push(run);
    current = run.tabs;
  });
  return runs;
}

/** The ledger tab of a sync as row objects keyed by header, header row dropped. */
export function ledgerRows(run: ReviewedSync): Array<Record<string, CellValue>> {
  const tab = run.review.tabs.find((t) => t.name === '缺口台账');
  if (!tab) throw new Error('no 缺口台账 tab');
  const [header = [], ...rows] = tab.rows;
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [String(h), row[i]])));
}

/** The covered committee of domain-fixture with one gap: 李委员 (A02) has no contact. */
export function oneGap() {
  const tabs = coveredCommittee();
  tabs.委员 = tabs.委员.map((row) => (row[0] === 'A02' ? [...row.slice(0, 6), '', '在任'] : row));
  return tabs;
}
