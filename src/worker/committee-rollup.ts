import { DurableObject } from 'cloudflare:workers';
import type { CommitteeFigures } from '../domain/committee-figures';
import type { RollupEntry } from '../domain/render-rollup';
import { describeFailure } from '../sync/describe-failure';
import { writeRollup } from '../sync/write-rollup';
import { logLine } from './log-line';
import { nightlySpreadsheets } from './nightly-spreadsheets';
import type { LastSync } from './sheet-status';
import { sheetsClientForEnv } from './sheets-client-for-env';

const COMMITTEE = 'committee:';
const SPREADSHEET = 'spreadsheet';

/** What the rollup keeps of one committee: its last sync, and the figures of its last success. */
interface CommitteeRecord {
  lastSync: LastSync;
  figures: CommitteeFigures | null;
  /** When the sync that made `figures` finished (ISO 8601). */
  figuresAt: string | null;
}

/** What a write of the rollup came to. */
export type RollupOutcome =
  | {
      ok: true;
      spreadsheetId: string;
      committees: number;
      /** Committees shown as failed, never synced or stale (not counted in 汇总). */
      flagged: number;
      finishedAt: string;
    }
  | {
      ok: false;
      spreadsheetId: string | null;
      /** `NO_ROLLUP`, `BUSY` (see retryAfterMs) or the failure's code. */
      code: string;
      message: string;
      retryAfterMs: number;
    };

/**
 * The 机关党组汇总 of the deployment (one instance, named `rollup`; docs/rollup.md): the
 * spreadsheet registered for it, and every committee's record, which its coordinator sends
 * after each sync, so that writing the rollup reads no committee's sheet again. Writes run one
 * at a time.
 */
export class CommitteeRollup extends DurableObject<Env> {
  private writing: Promise<unknown> = Promise.resolve();

  /** Keeps a committee's last sync; a success's figures replace the ones before. */
  async record(
    spreadsheetId: string,
    lastSync: LastSync,
    figures: CommitteeFigures | null,
  ): Promise<void> {
    const key = `${COMMITTEE}${spreadsheetId}`;
    const known = figures ? undefined : await this.ctx.storage.get<CommitteeRecord>(key);
    await this.ctx.storage.put(key, {
      lastSync,
      figures: figures ?? known?.figures ?? null,
      figuresAt: figures ? lastSync.finishedAt : (known?.figuresAt ?? null),
    } satisfies CommitteeRecord);
  }

  /** Registers the spreadsheet the rollup is written to (replacing any before it). */
  async register(spreadsheetId: string): Promise<void> {
    await this.ctx.storage.put(SPREADSHEET, spreadsheetId);
  }

  /**
   * Writes the rollup now, from the records of every sheet the nightly run syncs, after taking
   * a token of the deployment's budget (a background one after the nightly run, any for an
   * administrator): one layout read and one write at Google.
   */
  write(trigger: 'schedule' | 'admin'): Promise<RollupOutcome> {
    const run = this.writing.then(() => this.writeNow(trigger));
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async writeNow(trigger: 'schedule' | 'admin'): Promise<RollupOutcome> {
    const spreadsheetId = (await this.ctx.storage.get<string>(SPREADSHEET)) ?? null;
    if (spreadsheetId === null)
      return refused(
        null,
        'NO_ROLLUP',
        '尚未登记汇总表：请管理员运行 npm run cli -- admin rollup --worker URL --spreadsheet 表格ID。',
      );
    const grant = await this.env.SYNC_BUDGET.getByName('deployment').take(
      trigger === 'schedule' ? 'background' : 'menu',
    );
    if (!grant.granted)
      return refused(
        spreadsheetId,
        'BUSY',
        '同步服务此刻繁忙（各表格的同步次数已达上限），请稍后再试。',
        grant.retryAfterMs,
      );
    const started = Date.now();
    let outcome: RollupOutcome;
    try {
      const written = await writeRollup({
        // After the nightly run the queue retries; an administrator is told at once.
        client: sheetsClientForEnv(this.env, trigger === 'schedule' ? { maxAttempts: 1 } : {}),
        spreadsheetId,
        entries: await this.entries(),
        now: started,
      });
      outcome = {
        ok: true,
        spreadsheetId,
        committees: written.committees,
        flagged: written.committees - written.current,
        finishedAt: new Date().toISOString(),
      };
      logLine({
        event: 'rollup',
        trigger,
        ok: true,
        committees: written.committees,
        flagged: outcome.flagged,
        sheetsApiCalls: written.sheetsApiCalls,
        durationMs: Date.now() - started,
      });
    } catch (error) {
      const failure = describeFailure(error);
      outcome = refused(spreadsheetId, failure.code, failure.message);
      logLine({ event: 'rollup', trigger, ok: false, code: failure.code });
    }
    return outcome;
  }

  /** Every sheet the nightly run syncs, with its record (none yet: never synced). */
  private async entries(): Promise<RollupEntry[]> {
    const ids = await nightlySpreadsheets(this.env);
    const records = await this.ctx.storage.list<CommitteeRecord>({ prefix: COMMITTEE });
    return ids.map((id) => {
      const record = records.get(`${COMMITTEE}${id}`);
      return {
        source: id,
        lastSync: record ? record.lastSync : null,
        figures: record?.figures ?? null,
        figuresAt: record?.figuresAt ?? null,
      };
    });
  }
}

function refused(
  spreadsheetId: string | null,
  code: string,
  message: string,
  retryAfterMs = 0,
): RollupOutcome {
  return { ok: false, spreadsheetId, code, message, retryAfterMs };
}
