import { computeAnalysis, renderOutputs } from '../domain/analyse-workbook';
import type { Summary } from '../domain/analysis';
import { parseWorkbook } from '../domain/parse-workbook';
import type { SyncTrigger, WorkbookInput } from '../domain/workbook-input';
import type { SheetsClient } from '../sheets/sheets-client';
import { SheetsError } from '../sheets/sheets-error';
import { buildWriteRequests, locateOutputTabs } from './build-write-requests';
import { READ_FIELDS, readWorkbook } from './read-workbook';

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
  /** Told how long each step took (performance.now milliseconds): for the benchmark. */
  onPhase?: (phase: SyncPhase, ms: number) => void;
}

/** The steps of a sync, in order. `read` and `write` include the time Google takes. */
export type SyncPhase = 'read' | 'parse' | 'compute' | 'render' | 'encode' | 'write';

/**
 * One sync, the same for every shell: read the workbook in one call, run the domain, write
 * every output tab in one atomic batch (contract §5). A write whose outcome is unknown is
 * retried once from a fresh read, so it is either applied whole or reported.
 */
export async function runSync(request: SyncRequest): Promise<SyncSummary> {
  const now = request.now ?? Date.now;
  const started = now();
  const callsBefore = request.client.roundTrips;
  try {
    return await attempt(request, now, started, callsBefore);
  } catch (error) {
    if (!(error instanceof SheetsError && error.ambiguous)) throw error;
    return attempt(request, now, started, callsBefore);
  }
}

async function attempt(
  { spreadsheetId, client, trigger, asOf, onPhase }: SyncRequest,
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

  const spreadsheet = await timedAsync('read', () =>
    client.getSpreadsheet(spreadsheetId, { fields: READ_FIELDS }),
  );
  // Every such tab is named at once, so staff do not rename them one sync at a time.
  const foreign = [...locateOutputTabs(spreadsheet)].filter(([, tab]) => !tab.ours);
  const [first] = foreign[0] ?? [];
  if (first !== undefined)
    throw new SyncError(
      'FOREIGN_OUTPUT_TAB',
      `工作表「${foreign.map(([name]) => name).join('」「')}」不是同步生成的，为免覆盖其内容，本次没有写入任何数据：请把${foreign.length > 1 ? '它们' : '它'}改名（例如「${first}（原）」）后再同步。`,
    );
  const zone = spreadsheet.properties?.timeZone;
  const { input, cellsRead, parsed } = timed('parse', () => {
    const { tabs, cellsRead } = readWorkbook(spreadsheet);
    // The cells now live in the grids: let the read's object tree go (its largest part).
    for (const sheet of spreadsheet.sheets ?? []) delete sheet.data;
    const input: WorkbookInput = {
      tabs,
      now: started,
      trigger,
      ...(asOf === undefined ? {} : { asOf }),
      ...(zone ? { spreadsheetTimeZone: zone } : {}),
    };
    return { input, cellsRead, parsed: parseWorkbook(input) };
  });
  if (!parsed.ok) throw new SyncError(parsed.problem.code, parsed.problem.message);
  const analysis = timed('compute', () => computeAnalysis(input, parsed.workbook, parsed.issues));
  const outputs = timed('render', () => renderOutputs(analysis));
  const plan = timed('encode', () =>
    buildWriteRequests(spreadsheet, outputs.tabs, outputs.history),
  );
  await timedAsync('write', () => client.batchUpdate(spreadsheetId, { requests: plan.requests }));
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
