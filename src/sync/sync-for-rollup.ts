import type { RollupEntry } from '../domain/render-rollup';
import { describeFailure } from './describe-failure';
import type { SyncRequest } from './run-sync';
import { syncWithFigures } from './sync-with-figures';

/**
 * Syncs one committee and gives its rollup entry: its figures, or the failure in the sentence
 * staff are told. What the command line's rollup does with each workbook (docs/rollup.md).
 */
export async function syncForRollup(
  request: SyncRequest & { source: string; now: () => number },
): Promise<RollupEntry> {
  const { source, now } = request;
  try {
    const { figures } = await syncWithFigures(request);
    const finishedAt = new Date(now()).toISOString();
    return {
      source,
      lastSync: { ok: true, code: 'OK', message: '同步完成。', finishedAt },
      figures,
      figuresAt: finishedAt,
    };
  } catch (error) {
    const { code, message } = describeFailure(error);
    const finishedAt = new Date(now()).toISOString();
    return {
      source,
      lastSync: { ok: false, code, message, finishedAt },
      figures: null,
      figuresAt: null,
    };
  }
}
