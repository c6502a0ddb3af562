import { computeAnalysis, renderOutputs } from '../domain/analyse-workbook';
import type { Analysis, Summary } from '../domain/analysis';
import type { Review } from '../domain/compose-review';
import { parseWorkbook } from '../domain/parse-workbook';
import { reviewWorkbook } from '../domain/review-workbook';
import type { SyncTrigger, WorkbookInput } from '../domain/workbook-input';
import { OUTPUT_TAB_NAMES } from '../domain/workbook-schema';
import type { Spreadsheet } from '../sheets/sheets-api-types';
import type { SheetsClient } from '../sheets/sheets-client';
import { SheetsError } from '../sheets/sheets-error';
import { buildWriteRequests, locateOutputTabs } from './build-write-requests';
import { type LayoutCache, type LayoutStore, layoutCache } from './layout-cache';
import { LAYOUT_FIELDS, readLayout } from './read-layout';
import { readWorkbook } from './read-workbook';

/** The contract §6 summary with the sync's own figures. */
export interface SyncSummary extends Summary {
  stats: { sheetsApiCalls: number; cellsRead: number; cellsWritten: number; durationMs: number };
}

export type SyncErrorCode = 'MISSING_TAB' | 'MISSING_COLUMN' | 'FOREIGN_OUTPUT_TAB';

/** Why a sync stopped before writing anything; `message` is one Chinese sentence for staff. */
export class SyncError extends Error {
  override readonly name = 'SyncError';
  constructor(
    readonly code: SyncErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface SyncRequest {
  spreadsheetId: string;
  client: SheetsClient;
  trigger: SyncTrigger;
  /** The as-of date `YYYY-MM-DD`; today in the workbook's time zone when absent. */
  asOf?: string;
  /** The clock, in epoch milliseconds. */
  now?: () => number;
  /**
   * Where the spreadsheet's layout is kept between syncs. With a usable layout cached, a sync
   * takes two round trips (values read, write); without, three (layout, values, write).
   */
  layouts?: LayoutStore;
  /** Told how long each step took (performance.now milliseconds): for the benchmark. */
  onPhase?: (phase: SyncPhase, ms: number) => void;
  /** Given the review the sync wrote to 评估报告 (contract §7.4), once the write succeeded. */
  onReview?: (review: Review) => void;
  /** Told the analysis behind the summary once the write succeeded: for the rollup's figures. */
  onAnalysis?: (analysis: Analysis) => void;
}

/**
 * The steps of a sync, in order. `read` and `write` include the time Google takes; `review` is
 * the periodic review of contract §7 (the ledger, the comparison, the accounts, the review).
 */
export type SyncPhase = 'read' | 'parse' | 'compute' | 'review' | 'render' | 'encode' | 'write';

/**
 * One sync, the same for every shell: read the workbook's values in one call, run the domain,
 * write every output tab in one atomic batch (contract §5). The layout (tabs, markers) comes from
 * the cache when it can be trusted, else from a read of its own. A sync that trusted the cache
 * and was refused (a tab renamed or deleted since) starts over from a fresh layout; so does a
 * write whose outcome is unknown, so it is either applied whole or reported.
 */
export async function runSync(request: SyncRequest): Promise<SyncSummary> {
  const now = request.now ?? Date.now;
  const started = now();
  const callsBefore = request.client.roundTrips;
  const cache = request.layouts && layoutCache(request.layouts, request.spreadsheetId);
  const cached = await cache?.load();
  const run = (layout: Spreadsheet | undefined) =>
    attempt(request, cache, layout, now, started, callsBefore);
  try {
    return await run(cached);
  } catch (error) {
    const stale =
      cached !== undefined && error instanceof SheetsError && error.code === 'BAD_REQUEST';
    if (!(error instanceof SheetsError && (error.ambiguous || stale))) throw error;
    return run(undefined);
  }
}

async function attempt(
  { spreadsheetId, client, trigger, asOf, onPhase, onReview, onAnalysis }: SyncRequest,
  cache: LayoutCache | undefined,
  cached: Spreadsheet | undefined,
  now: () => number,
  started: number,
  callsBefore: number,
): Promise<SyncSummary> {
  const timed = <T>(phase: SyncPhase, step: () => T): T => {
    if (!onPhase) return step();
    const start = performance.now();
    const result = step();
    onPhase(phase, performance.now() - start);
    return result;
  };
  const timedAsync = async <T>(phase: SyncPhase, step: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await step();
    onPhase?.(phase, performance.now() - start);
    return result;
  };

  const { layout, tabs, cellsRead } = await timedAsync('read', async () => {
    let layout = cached;
    if (!layout) {
      layout = await readLayout(client, spreadsheetId);
      await cache?.save(layout);
      refuseForeignTabs(layout);
    }
    return { layout, ...(await readWorkbook(client, spreadsheetId, layout)) };
  });
  const zone = layout.properties?.timeZone;
  const input: WorkbookInput = {
    tabs,
    now: started,
    trigger,
    ...(asOf === undefined ? {} : { asOf }),
    ...(zone ? { spreadsheetTimeZone: zone } : {}),
  };
  const parsed = timed('parse', () => parseWorkbook(input));
  // The input tabs now live in the workbook model: let the answer's rows go. The output tabs
  // stay: those read back whole, and the others' cell A1, which tells the ledger they exist.
  for (const title of tabs.keys())
    if (!(OUTPUT_TAB_NAMES as readonly string[]).includes(title)) tabs.delete(title);
  if (!parsed.ok) throw new SyncError(parsed.problem.code, parsed.problem.message);
  const analysis = timed('compute', () => computeAnalysis(input, parsed.workbook, parsed.issues));
  const review = timed('review', () => reviewWorkbook(analysis));
  const outputs = timed('render', () => renderOutputs(analysis, review));
  const plan = timed('encode', () =>
    buildWriteRequests(layout, outputs.tabs, outputs.history, tabs),
  );
  // The answer carries the layout after the write, so the next sync can start from it.
  const written = await timedAsync('write', () =>
    client.batchUpdate(
      spreadsheetId,
      { requests: plan.requests, includeSpreadsheetInResponse: true },
      { fields: `updatedSpreadsheet(${LAYOUT_FIELDS})` },
    ),
  );
  if (written.updatedSpreadsheet) await cache?.save(written.updatedSpreadsheet);
  onReview?.(outputs.review);
  onAnalysis?.(analysis);
  return {
    ...outputs.summary,
    stats: {
      sheetsApiCalls: client.roundTrips - callsBefore,
      cellsRead,
      cellsWritten: plan.cellsWritten,
      durationMs: Math.round(now() - started),
    },
  };
}

/**
 * Refuses a spreadsheet with staff tabs of our output names (a committee's, unless `names` says
 * otherwise), naming every one at once, so staff do not rename them one sync at a time.
 */
export function refuseForeignTabs(
  layout: Spreadsheet,
  names: readonly string[] = OUTPUT_TAB_NAMES,
): void {
  const foreign = [...locateOutputTabs(layout, names)].filter(([, tab]) => !tab.ours);
  const [first] = foreign[0] ?? [];
  if (first === undefined) return;
  throw new SyncError(
    'FOREIGN_OUTPUT_TAB',
    `工作表「${foreign.map(([name]) => name).join('」「')}」不是同步生成的，为免覆盖其内容，本次没有写入任何数据：请把${foreign.length > 1 ? '它们' : '它'}改名（例如「${first}（原）」）后再同步。`,
  );
}
