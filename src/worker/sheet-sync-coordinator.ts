import { DurableObject } from 'cloudflare:workers';
import type { SyncTrigger } from '../domain/workbook-input';
import { describeFailure, type Failure } from '../sync/describe-failure';
import { runSync, type SyncSummary } from '../sync/run-sync';
import { logLine } from './log-line';
import { MAX_SKEW_SECONDS } from './request-signature';
import { sheetsClientForEnv } from './sheets-client-for-env';

/** What a sync came to, as plain data (errors do not keep their class across RPC). */
export type SyncOutcome = { ok: true; summary: SyncSummary } | { ok: false; failure: Failure };

const SIGNATURE_PREFIX = 'sig:';

/**
 * One instance per spreadsheet (named by its id) serialises its syncs: a caller who arrives
 * while a sync runs joins the next one, and everyone who arrives during that run shares it, so
 * ten clicks and a cron tick make at most two runs and never interleave writes.
 */
export class SheetSyncCoordinator extends DurableObject<Env> {
  private running: Promise<SyncOutcome> | null = null;
  private next: Promise<SyncOutcome> | null = null;

  /** Runs a sync of `spreadsheetId`, or joins the one that will start next. */
  async sync(spreadsheetId: string, trigger: SyncTrigger): Promise<SyncOutcome> {
    if (!this.running) return this.start(spreadsheetId, trigger);
    this.next ??= this.running.then(() => {
      this.next = null;
      return this.start(spreadsheetId, trigger);
    });
    return this.next;
  }

  /**
   * Records a request signature and says whether it was seen before within the time a
   * signature is valid: a replayed request is refused even inside its five minutes.
   */
  async firstUse(signature: string, nowSeconds: number): Promise<boolean> {
    const storage = this.ctx.storage;
    const key = `${SIGNATURE_PREFIX}${signature}`;
    if ((await storage.get<number>(key)) !== undefined) return false;
    const expired = [...(await storage.list<number>({ prefix: SIGNATURE_PREFIX }))]
      .filter(([, seenAt]) => nowSeconds - seenAt > 2 * MAX_SKEW_SECONDS)
      .map(([k]) => k);
    if (expired.length > 0) await storage.delete(expired);
    await storage.put(key, nowSeconds);
    return true;
  }

  private start(spreadsheetId: string, trigger: SyncTrigger): Promise<SyncOutcome> {
    const run = this.run(spreadsheetId, trigger).finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async run(spreadsheetId: string, trigger: SyncTrigger): Promise<SyncOutcome> {
    const started = Date.now();
    let outcome: SyncOutcome;
    try {
      const summary = await runSync({
        spreadsheetId,
        client: sheetsClientForEnv(this.env),
        trigger,
        layouts: this.ctx.storage,
      });
      outcome = { ok: true, summary };
      if (trigger === 'menu') await this.env.REGISTRY.getByName('registry').add(spreadsheetId);
    } catch (error) {
      outcome = { ok: false, failure: describeFailure(error) };
    }
    logLine(
      outcome.ok
        ? {
            event: 'sync',
            spreadsheetId,
            trigger,
            ok: true,
            org: outcome.summary.rates.org,
            work: outcome.summary.rates.work,
            contact: outcome.summary.rates.contact,
            coverageGaps: outcome.summary.coverageGaps.length,
            responsibilityGaps: outcome.summary.responsibilityGaps.length,
            dataIssues: outcome.summary.dataIssues.length,
            sheetsApiCalls: outcome.summary.stats.sheetsApiCalls,
            durationMs: Date.now() - started,
          }
        : {
            event: 'sync',
            spreadsheetId,
            trigger,
            ok: false,
            code: outcome.failure.code,
            durationMs: Date.now() - started,
          },
    );
    return outcome;
  }
}
