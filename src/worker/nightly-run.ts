import { DurableObject } from 'cloudflare:workers';
import { logLine } from './log-line';

/** How one sheet's nightly message ended: its code, and whether the queue gave up on it. */
export interface SheetOutcome {
  spreadsheetId: string;
  code: string;
  deadLettered: boolean;
}

/**
 * Knows when the nightly run is over (one instance, named `nightly`; docs/worker.md): the run's
 * sheets, each marked once its message ends — synced, failed for good, or dead-lettered — however
 * many times the queue delivers it. The last mark logs the night's line and tells the caller,
 * once, that the run is complete, so the rollup is written after every sheet had its turn.
 */
export class NightlyRun extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      'CREATE TABLE IF NOT EXISTS run (run_id TEXT PRIMARY KEY, started_at INTEGER NOT NULL, completed INTEGER NOT NULL)',
    );
    ctx.storage.sql.exec(
      'CREATE TABLE IF NOT EXISTS run_sheet (spreadsheet_id TEXT PRIMARY KEY, code TEXT, dead_lettered INTEGER NOT NULL DEFAULT 0)',
    );
  }

  /**
   * Starts a run over `spreadsheetIds` (the night's run id is the cron's scheduled time, so a
   * cron delivered twice starts one run: the second is told `fresh: false`). A run left
   * unfinished is logged as such. Says whether the run is complete already (it has no sheets).
   */
  async start(
    runId: string,
    spreadsheetIds: string[],
  ): Promise<{ fresh: boolean; complete: boolean }> {
    const sql = this.ctx.storage.sql;
    const current = this.current();
    if (current?.runId === runId) return { fresh: false, complete: current.completed };
    if (current && !current.completed) {
      const counts = this.counts();
      logLine({
        event: 'nightly-incomplete',
        runId: current.runId,
        spreadsheets: counts.total,
        pending: counts.pending,
      });
    }
    sql.exec('DELETE FROM run');
    sql.exec('DELETE FROM run_sheet');
    for (const id of spreadsheetIds)
      sql.exec('INSERT OR IGNORE INTO run_sheet (spreadsheet_id) VALUES (?)', id);
    sql.exec('INSERT INTO run (run_id, started_at, completed) VALUES (?, ?, 0)', runId, Date.now());
    return { fresh: true, complete: this.completeIfDone(runId) };
  }

  /**
   * Marks sheets of the run as ended (a sheet marked already keeps its first mark; a run that
   * is not the current one changes nothing). True exactly once: when the last sheet is marked.
   */
  async finish(runId: string, outcomes: SheetOutcome[]): Promise<{ complete: boolean }> {
    const current = this.current();
    if (current?.runId !== runId || current.completed) return { complete: false };
    for (const { spreadsheetId, code, deadLettered } of outcomes)
      this.ctx.storage.sql.exec(
        'UPDATE run_sheet SET code = ?, dead_lettered = ? WHERE spreadsheet_id = ? AND code IS NULL',
        code,
        deadLettered ? 1 : 0,
        spreadsheetId,
      );
    return { complete: this.completeIfDone(runId) };
  }

  private current(): { runId: string; startedAt: number; completed: boolean } | null {
    const [row] = this.ctx.storage.sql
      .exec<{ run_id: string; started_at: number; completed: number }>(
        'SELECT run_id, started_at, completed FROM run',
      )
      .toArray();
    return row
      ? { runId: row.run_id, startedAt: row.started_at, completed: row.completed === 1 }
      : null;
  }

  private counts() {
    const [row] = this.ctx.storage.sql
      .exec<{ total: number; pending: number; synced: number; dead: number }>(
        `SELECT count(*) AS total, count(*) - count(code) AS pending,
                sum(code = 'OK') AS synced, sum(dead_lettered) AS dead FROM run_sheet`,
      )
      .toArray();
    return {
      total: row?.total ?? 0,
      pending: row?.pending ?? 0,
      synced: row?.synced ?? 0,
      deadLettered: row?.dead ?? 0,
    };
  }

  private completeIfDone(runId: string): boolean {
    const counts = this.counts();
    if (counts.pending > 0) return false;
    const startedAt = this.current()?.startedAt ?? Date.now();
    this.ctx.storage.sql.exec('UPDATE run SET completed = 1 WHERE run_id = ?', runId);
    logLine({
      event: 'nightly',
      runId,
      spreadsheets: counts.total,
      synced: counts.synced,
      failed: counts.total - counts.synced,
      deadLettered: counts.deadLettered,
      durationMs: Date.now() - startedAt,
    });
    return true;
  }
}
