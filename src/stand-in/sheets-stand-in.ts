import type { Hono } from 'hono';
import {
  createStandInApp,
  type StandInAppEnv,
  type StandInAppState,
  type StandInFaultHook,
  type StandInLogEntry,
} from './create-stand-in-app';
import {
  OAuthTokenService,
  type ServiceAccountKeyFile,
  type ServiceAccountPublicKey,
} from './oauth-token-service';
import { QuotaLimiter, type QuotaOptions } from './quota-limiter';
import { randomId } from './random-id';
import { type SpreadsheetSeed, seedSpreadsheet } from './seed-spreadsheet';
import { type SpreadsheetSnapshot, snapshotSpreadsheet } from './snapshot-spreadsheet';
import type { StoredSpreadsheet } from './stored-spreadsheet';

/** A `fetch` that reaches the stand-in whatever origin the URL names. */
export type StandInFetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** Settings of a SheetsStandIn; every one is optional. */
export interface SheetsStandInOptions {
  /**
   * Whether Sheets calls need a bearer token. Default: yes as soon as a service account is
   * registered, no before that (handy for tests that do not exercise auth).
   */
  requireAuth?: boolean;
  /** Per-minute quotas per token subject and per project; off unless set (`true` = Google's 60/300). */
  quota?: boolean | QuotaOptions;
  /** The clock, in epoch milliseconds: token lifetimes, assertion times and quota minutes. */
  now?: () => number;
  /** A uniform random number in [0, 1) for generated ids; inject one for reproducible ids. */
  random?: () => number;
  /** Fault injection: called before each request; a returned Response is sent as it is. */
  onRequest?: StandInFaultHook;
  /** Called (and awaited) after each successful write, before the response is sent. */
  onCommit?: (spreadsheetId: string) => void | Promise<void>;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A local, in-memory stand-in for the Google Sheets API v4 and Google's OAuth2 token endpoint.
 * It runs anywhere `fetch` runs (Node, workerd): call `standIn.fetch` instead of the global one.
 */
export class SheetsStandIn {
  /** The Hono app; `app.request(path)` works too. */
  readonly app: Hono<StandInAppEnv>;
  /** Routes any URL (`https://sheets.googleapis.com/v4/…`, `https://oauth2.googleapis.com/token`) in-process. */
  readonly fetch: StandInFetch;
  private readonly state: StandInAppState;
  private readonly tokens: OAuthTokenService;

  constructor(options: SheetsStandInOptions = {}) {
    const now = options.now ?? Date.now;
    const random = options.random ?? Math.random;
    this.tokens = new OAuthTokenService(now);
    const quota = options.quota
      ? new QuotaLimiter(options.quota === true ? {} : options.quota, now)
      : undefined;
    const newSheetId = (taken: Set<number>) => randomId(random, (id) => taken.has(id));
    this.state = {
      spreadsheets: new Map(),
      tokens: this.tokens,
      quota,
      requireAuth: () => options.requireAuth ?? this.tokens.hasAccounts,
      random,
      log: [],
      newSpreadsheetId: () => {
        let id = '';
        while (id.length < 44) id += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)] ?? 'A';
        return id;
      },
      newSheetId,
      onRequest: options.onRequest,
      onCommit: options.onCommit,
    };
    const app = createStandInApp(this.state);
    this.app = app;
    this.fetch = async (input, init) => app.fetch(new Request(input, init));
  }

  /** Every request handled so far: method, path, kind and status, in arrival order. */
  get requests(): readonly StandInLogEntry[] {
    return this.state.log;
  }

  /** Empties the request log, e.g. between the arrange and act steps of a test. */
  clearRequests(): void {
    this.state.log.length = 0;
  }

  /** Replaces (or with undefined removes) the fault hook. */
  set onRequest(hook: StandInFaultHook | undefined) {
    this.state.onRequest = hook;
  }

  /** Adds a spreadsheet from a seed and returns its id. */
  createSpreadsheet(seed: SpreadsheetSeed): string {
    const id = seed.spreadsheetId ?? this.state.newSpreadsheetId();
    this.put(seedSpreadsheet(seed, id, this.state.newSheetId));
    return id;
  }

  /** Adds (or replaces) a spreadsheet built elsewhere, e.g. loaded from an .xlsx file. */
  put(spreadsheet: StoredSpreadsheet): void {
    this.state.spreadsheets.set(spreadsheet.spreadsheetId, spreadsheet);
  }

  /** The current stored state of a spreadsheet (read-only: a write replaces it). */
  get(spreadsheetId: string): StoredSpreadsheet {
    const spreadsheet = this.state.spreadsheets.get(spreadsheetId);
    if (!spreadsheet) throw new Error(`The stand-in has no spreadsheet ${spreadsheetId}`);
    return spreadsheet;
  }

  /** A plain copy of a spreadsheet's state for assertions. */
  snapshot(spreadsheetId: string): SpreadsheetSnapshot {
    return snapshotSpreadsheet(this.get(spreadsheetId));
  }

  /**
   * Restricts a spreadsheet to callers whose token belongs to one of these e-mails (others get
   * 403 `The caller does not have permission`), and `viewers` to reading it; undefined opens it
   * to every caller again.
   */
  share(spreadsheetId: string, emails: string[] | undefined, viewers: string[] = []): void {
    this.put({ ...this.get(spreadsheetId), sharedWith: emails, viewers });
  }

  /** Lets the token endpoint accept assertions signed by this service account's private key. */
  registerServiceAccount(email: string, publicKey: ServiceAccountPublicKey): Promise<void> {
    return this.tokens.register(email, publicKey);
  }

  /** Generates a key pair, registers it, and returns a key file like the one Google downloads. */
  createServiceAccount(email: string): Promise<ServiceAccountKeyFile> {
    return this.tokens.createServiceAccount(email);
  }
}
