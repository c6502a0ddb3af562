import { DurableObject } from 'cloudflare:workers';
import type { CommitteeFigures } from '../domain/committee-figures';
import type { SyncTrigger } from '../domain/workbook-input';
import { describeFailure, type Failure } from '../sync/describe-failure';
import { layoutCache } from '../sync/layout-cache';
import type { SyncSummary } from '../sync/run-sync';
import { syncWithFigures } from '../sync/sync-with-figures';
import { retriesLater } from './http-failure';
import { logLine } from './log-line';
import { MAX_SKEW_SECONDS } from './request-signature';
import type { LastSync } from './sheet-status';
import { sheetsClientForEnv } from './sheets-client-for-env';

/** What a sync came to, as plain data (errors do not keep their class across RPC). */
export type SyncOutcome = { ok: true; summary: SyncSummary } | { ok: false; failure: Failure };

/** A request the coordinator turned away before any sync ran for it. */
export interface Refusal {
  code: 'REPLAYED' | 'TOO_MANY_SYNCS' | 'BUSY';
  /** When asking again can succeed (0 for a replay, which never will). */
  retryAfterMs: number;
}

/** What a nightly message's sync came to, for the queue's consumer. */
export interface NightlyResult {
  /** `OK`, the failure's code, or `BUSY` when the deployment's budget had no token for it. */
  code: string;
  /** For BUSY: when asking again can succeed. */
  retryAfterMs: number;
  /** The night's run was done already (a message delivered twice): nothing ran now. */
  repeated: boolean;
}

/** The answer to a sync request: the run it started or joined, or a refusal. */
export type RunResult = SyncOutcome | { ok: false; refusal: Refusal };

/** What the coordinator knows of its sheet. */
export interface SheetState {
  keyGeneration: number;
  lastSync: LastSync | null;
  /** Consecutive nightly runs that Google answered NOT_FOUND or NOT_SHARED. */
  goneNights: number;
  /** The last nightly run done for this sheet (its outcome final, not to be retried). */
  lastRun: { runId: string; code: string } | null;
}

/** A registered sheet is retired after this many nights in a row of NOT_FOUND / NOT_SHARED. */
export const RETIRE_AFTER_NIGHTS = 7;
const GONE = new Set(['NOT_FOUND', 'NOT_SHARED']);
/** The per-sheet window of menu runs. */
const WINDOW_MS = 60_000;
const DEFAULT_MENU_SYNCS_PER_MINUTE = 6;

type WorkerTrigger = Extract<SyncTrigger, 'menu' | 'schedule'>;

/**
 * One instance per spreadsheet (named by its id) owns everything per sheet: its syncs, run one
 * at a time, its key generation, the signatures it has seen, its menu runs of the last minute
 * and its last outcome.
 *
 * Coalescing: a run waits for the one before it, and every caller who arrives before a run
 * starts joins it, so a burst of clicks and a cron tick make at most two runs and writes never
 * interleave. Each decision (join, refuse, or schedule a new run) is taken synchronously when
 * the call arrives, so the number of runs depends on arrivals, not on how fast anything runs.
 */
export class SheetSyncCoordinator extends DurableObject<Env> {
  private running: Promise<RunResult> | null = null;
  /** The run that has not started yet: everyone who arrives now joins it. */
  private next: Promise<RunResult> | null = null;
  private state: SheetState = { keyGeneration: 1, lastSync: null, goneNights: 0, lastRun: null };
  /** The nightly run being synced now, so a message delivered twice at once joins it. */
  private nightly: { runId: string; result: Promise<NightlyResult> } | null = null;
  /** When (epoch ms) each of this sheet's menu runs of the last minute was decided. */
  private menuRuns: number[] = [];

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Expiry is indexed, so dropping expired signatures never reads the live ones.
    ctx.storage.sql.exec(
      'CREATE TABLE IF NOT EXISTS seen_signature (signature TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)',
    );
    ctx.storage.sql.exec(
      'CREATE INDEX IF NOT EXISTS seen_signature_expiry ON seen_signature (expires_at)',
    );
    ctx.blockConcurrencyWhile(async () => {
      // A state saved before a field existed takes its default.
      this.state = { ...this.state, ...(await ctx.storage.get<SheetState>('state')) };
      this.menuRuns = (await ctx.storage.get<number[]>('menuRuns')) ?? [];
    });
  }

  /** The sheet's key generation, last sync and retirement count. */
  async sheetState(): Promise<SheetState> {
    return this.state;
  }

  /**
   * A signed menu request: refused if its signature was seen before, joined to the run that has
   * not started yet, refused when the sheet already started its limit of runs this minute, or
   * scheduled as a new run (which takes a token of the deployment's budget when it starts).
   */
  async menuSync(spreadsheetId: string, signature: string, timestamp: number): Promise<RunResult> {
    const now = Date.now();
    if (!this.firstUse(signature, timestamp, now)) return refused('REPLAYED', 0);
    if (this.next) return this.next;
    const limit = Number(this.env.MENU_SYNCS_PER_MINUTE) || DEFAULT_MENU_SYNCS_PER_MINUTE;
    this.menuRuns = this.menuRuns.filter((at) => at <= now && now - at < WINDOW_MS);
    const oldest = this.menuRuns[0];
    if (oldest !== undefined && this.menuRuns.length >= limit) {
      logLine({ event: 'refused', spreadsheetId, code: 'TOO_MANY_SYNCS' });
      return refused('TOO_MANY_SYNCS', oldest + WINDOW_MS - now);
    }
    // Counted when decided, not when started: a run waiting its turn already holds its place.
    this.menuRuns.push(now);
    const run = this.schedule(spreadsheetId, 'menu', now);
    await this.ctx.storage.put('menuRuns', this.menuRuns);
    return run;
  }

  /**
   * The sync of one nightly message (docs/worker.md, "The nightly run"): the run that has not
   * started yet if there is one, else a new one, which takes its background tokens when it
   * starts. The run id makes a message delivered twice sync once: a run done already answers
   * as it did, `repeated`, and a copy arriving while it runs joins it. A failure worth retrying
   * (Google busy, no token) leaves the run to be done again.
   */
  async scheduledSync(spreadsheetId: string, runId: string): Promise<NightlyResult> {
    const done = this.state.lastRun;
    if (done?.runId === runId) return { code: done.code, retryAfterMs: 0, repeated: true };
    if (this.nightly?.runId === runId) return this.nightly.result;
    const result = this.settleNightly(spreadsheetId, runId);
    this.nightly = { runId, result };
    return result;
  }

  private async settleNightly(spreadsheetId: string, runId: string): Promise<NightlyResult> {
    try {
      const run = await (this.next ?? this.schedule(spreadsheetId, 'schedule'));
      const refusal = 'refusal' in run ? run.refusal : null;
      const code = run.ok ? 'OK' : 'refusal' in run ? run.refusal.code : run.failure.code;
      if (!retriesLater(code)) await this.save({ ...this.state, lastRun: { runId, code } });
      return { code, retryAfterMs: refusal?.retryAfterMs ?? 0, repeated: false };
    } finally {
      if (this.nightly?.runId === runId) this.nightly = null;
    }
  }

  /**
   * Makes a new key generation if the current one is `generation`, so the old key stops
   * working at once; a repeated (or replayed) request changes nothing. Returns the current one.
   */
  async revokeKey(generation: number): Promise<{ keyGeneration: number; revoked: boolean }> {
    const revoked = generation === this.state.keyGeneration;
    if (revoked) await this.save({ ...this.state, keyGeneration: generation + 1 });
    return { keyGeneration: this.state.keyGeneration, revoked };
  }

  /**
   * Records a request signature until it expires and says whether it was new: a replayed
   * request is refused even inside its five minutes. Only expired rows are read to drop them.
   */
  private firstUse(signature: string, timestamp: number, nowMs: number): boolean {
    const sql = this.ctx.storage.sql;
    sql.exec('DELETE FROM seen_signature WHERE expires_at < ?', Math.floor(nowMs / 1000));
    const inserted = sql.exec(
      'INSERT INTO seen_signature (signature, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
      signature,
      timestamp + MAX_SKEW_SECONDS,
    );
    return inserted.rowsWritten > 0;
  }

  private schedule(
    spreadsheetId: string,
    trigger: WorkerTrigger,
    decidedAt = 0,
  ): Promise<RunResult> {
    // Settled either way: a run that failed to reach the budget must not stop the ones after it.
    const previous = this.running?.catch(() => undefined) ?? Promise.resolve();
    const run: Promise<RunResult> = previous.then(() => {
      this.next = null;
      this.running = run;
      return this.admitAndRun(spreadsheetId, trigger, decidedAt).finally(() => {
        if (this.running === run) this.running = null;
      });
    });
    this.next = run;
    return run;
  }

  /**
   * A run first takes its tokens of the deployment's budget. A menu run takes one token of any
   * kind: a clerk is not kept waiting for a second. A nightly run takes background tokens, one
   * for a sync that reads the values only, two when the sheet's layout must be read too (its
   * first sync, a sheet missing an optional tab, the first after a tab was renamed), since Google
   * counts every read: so the nightly run, which spends the budget whole, never outruns Google's
   * quota. Refused, a menu run gives its place in the sheet's window back.
   */
  private async admitAndRun(
    spreadsheetId: string,
    trigger: WorkerTrigger,
    decidedAt: number,
  ): Promise<RunResult> {
    const budget = this.env.SYNC_BUDGET.getByName('deployment');
    const grant =
      trigger === 'menu'
        ? await budget.take('menu')
        : await budget.take(
            'background',
            (await layoutCache(this.ctx.storage, spreadsheetId).load()) === undefined ? 2 : 1,
          );
    if (!grant.granted) {
      if (trigger === 'menu') {
        const place = this.menuRuns.indexOf(decidedAt);
        if (place >= 0) this.menuRuns.splice(place, 1);
        await this.ctx.storage.put('menuRuns', this.menuRuns);
        logLine({ event: 'refused', spreadsheetId, code: 'BUSY' });
      }
      return refused('BUSY', grant.retryAfterMs);
    }
    return this.run(spreadsheetId, trigger);
  }

  private async run(spreadsheetId: string, trigger: WorkerTrigger): Promise<SyncOutcome> {
    const started = Date.now();
    let outcome: SyncOutcome;
    let figures: CommitteeFigures | null = null;
    try {
      const synced = await syncWithFigures({
        spreadsheetId,
        // The queue retries a nightly sync a minute later; retrying at once would spend reads
        // the budget did not pay for.
        client: sheetsClientForEnv(this.env, trigger === 'schedule' ? { maxAttempts: 1 } : {}),
        trigger,
        layouts: this.ctx.storage,
      });
      outcome = { ok: true, summary: synced.summary };
      figures = synced.figures;
      if (trigger === 'menu') await this.env.REGISTRY.getByName('registry').add(spreadsheetId);
    } catch (error) {
      outcome = { ok: false, failure: describeFailure(error) };
    }
    const durationMs = Date.now() - started;
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
            durationMs,
          }
        : {
            event: 'sync',
            spreadsheetId,
            trigger,
            ok: false,
            code: outcome.failure.code,
            durationMs,
          },
    );
    await this.record(spreadsheetId, trigger, outcome, durationMs);
    await this.tellRollup(spreadsheetId, figures);
    return outcome;
  }

  /**
   * Gives the rollup (docs/rollup.md) this sheet's last sync and, after a success, its figures.
   * The rollup is a view: failing to reach it never fails the sync.
   */
  private async tellRollup(spreadsheetId: string, figures: CommitteeFigures | null): Promise<void> {
    const { lastSync } = this.state;
    if (!lastSync) return;
    try {
      await this.env.ROLLUP.getByName('rollup').record(spreadsheetId, lastSync, figures);
    } catch (error) {
      console.error(JSON.stringify({ event: 'error', name: (error as Error).name }));
    }
  }

  /**
   * Keeps the outcome for the status route, and counts the nights in a row that Google said
   * the sheet is gone: from RETIRE_AFTER_NIGHTS on the registry forgets it. Any success resets the
   * count; other failures (Google busy, a broken workbook) leave it as it is.
   */
  private async record(
    spreadsheetId: string,
    trigger: WorkerTrigger,
    outcome: SyncOutcome,
    durationMs: number,
  ): Promise<void> {
    const code = outcome.ok ? 'OK' : outcome.failure.code;
    let goneNights = this.state.goneNights;
    if (outcome.ok) goneNights = 0;
    else if (trigger === 'schedule' && GONE.has(code)) goneNights++;
    await this.save({
      ...this.state,
      goneNights,
      lastSync: {
        ok: outcome.ok,
        code,
        message: outcome.ok ? successMessage(outcome.summary) : outcome.failure.message,
        trigger,
        finishedAt: new Date().toISOString(),
        durationMs,
      },
    });
    if (trigger === 'schedule' && goneNights >= RETIRE_AFTER_NIGHTS) {
      // A sheet configured in SYNC_SPREADSHEETS was never registered: it stays until the
      // deployer removes it there, and this line repeats every night to say so.
      const registered = await this.env.REGISTRY.getByName('registry').forget(spreadsheetId);
      logLine({ event: 'retired', spreadsheetId, code, nights: goneNights, registered });
    }
  }

  private async save(state: SheetState): Promise<void> {
    this.state = state;
    await this.ctx.storage.put('state', state);
  }
}

function refused(code: Refusal['code'], retryAfterMs: number): RunResult {
  return { ok: false, refusal: { code, retryAfterMs } };
}

function successMessage(summary: SyncSummary): string {
  return `同步完成：覆盖缺口 ${summary.coverageGaps.length} 人，责任缺口 ${summary.responsibilityGaps.length} 项，数据问题 ${summary.dataIssues.length} 条。`;
}
