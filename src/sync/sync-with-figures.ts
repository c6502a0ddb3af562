import type { Analysis } from '../domain/analysis';
import { type CommitteeFigures, committeeFigures } from '../domain/committee-figures';
import { runSync, type SyncRequest, type SyncSummary } from './run-sync';

/**
 * A sync that also gives the rollup's figures of its committee (docs/rollup.md), built from
 * the summary and the analysis behind it: the one way the Worker and the command line make them.
 */
export async function syncWithFigures(
  request: SyncRequest,
): Promise<{ summary: SyncSummary; figures: CommitteeFigures }> {
  let analysis: Analysis | undefined;
  const summary = await runSync({
    ...request,
    onAnalysis: (a) => {
      analysis = a;
    },
  });
  if (analysis === undefined) throw new Error('runSync finished without telling its analysis');
  return { summary, figures: committeeFigures(analysis, summary) };
}
