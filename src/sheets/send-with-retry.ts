import { SheetsError } from './sheets-error';

/** The `fetch` of the Worker runtime or Node; injected so tests script the network. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Truncated exponential backoff: wait `min(baseDelayMs·2^n + jitter, maxDelayMs)` before retry n. */
export interface RetryPolicy {
  /** Transient failures stop being retried once this many requests were sent. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Transport settings shared by the Sheets client and the token source. */
export interface TransportOptions {
  fetch: FetchLike;
  retry?: Partial<RetryPolicy>;
  /** Deadline for one attempt, body included. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Returns a number in [0, 1) for the jitter. */
  random?: () => number;
  /** Milliseconds since the epoch; used for HTTP-date `Retry-After` values. */
  now?: () => number;
}

/**
 * How safe it is to send a request again after an attempt whose outcome is unknown (a 5xx, a
 * timeout, a dropped connection): `safe` for reads; `atomic` for a batch Google applies
 * all-or-nothing, re-sent but flagged ambiguous if it finally fails; `never` for a create, which
 * is re-sent only after answers that prove nothing happened (429, 401).
 */
export type Resend = 'safe' | 'atomic' | 'never';

/** One logical call that {@link sendWithRetry} may send several times. */
export interface Exchange {
  /** Names the call in error messages, e.g. `GET spreadsheets/abc`. */
  label: string;
  resend: Resend;
  /** Builds one attempt's request; called before every attempt so a refreshed token is used. */
  prepare: () => Promise<{ url: string; init: RequestInit }>;
  /** Called on the first 401; returning true spends one more attempt with new credentials. */
  onUnauthorized?: () => boolean;
}

/** The last answer of an exchange: a 2xx, an error not worth retrying, or a retryable one left over. */
export interface Reply {
  status: number;
  headers: Headers;
  body: string;
  attempts: number;
  /** A write had an attempt with an unknown outcome, so a failure may hide an applied change. */
  ambiguous: boolean;
}

const DEFAULT_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 32_000 };
const DEFAULT_TIMEOUT_MS = 60_000;
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

type Outcome =
  | { status: number; headers: Headers; body: string }
  | { failure: 'TIMEOUT' | 'NETWORK'; cause: unknown };

/**
 * Sends an exchange, retrying 429, 500, 502, 503, 504, timeouts and network failures with
 * truncated exponential backoff and jitter, honouring `Retry-After`; throws TIMEOUT or NETWORK
 * when the last attempt got no answer, otherwise returns the last answer for the caller to judge.
 */
export async function sendWithRetry(
  transport: TransportOptions,
  exchange: Exchange,
): Promise<Reply> {
  // Destructured so `fetch` is called without a receiver: the Workers runtime throws "Illegal
  // invocation" when its fetch is called as a method of some other object.
  const { fetch, timeoutMs = DEFAULT_TIMEOUT_MS, random = Math.random, now = Date.now } = transport;
  const sleep = transport.sleep ?? defaultSleep;
  const policy = { ...DEFAULT_POLICY, ...transport.retry };
  let attempts = 0;
  let backoffs = 0;
  let refreshed = false;
  let unknownOutcome = false;
  for (;;) {
    const { url, init } = await exchange.prepare();
    attempts++;
    const outcome = await attempt(fetch, url, init, timeoutMs);
    if ('status' in outcome) {
      if (outcome.status === 401 && !refreshed && exchange.onUnauthorized?.()) {
        refreshed = true;
        continue;
      }
      if (!RETRYABLE_STATUSES.has(outcome.status)) {
        return { ...outcome, attempts, ambiguous: exchange.resend !== 'safe' && unknownOutcome };
      }
    }
    // Google checks quota before doing anything, so a 429 proves the request was not applied.
    const provenNotApplied = 'status' in outcome && outcome.status === 429;
    unknownOutcome ||= !provenNotApplied;
    const ambiguous = exchange.resend !== 'safe' && unknownOutcome;
    const mayResend =
      attempts < policy.maxAttempts && (provenNotApplied || exchange.resend !== 'never');
    if (!mayResend) {
      if ('status' in outcome) return { ...outcome, attempts, ambiguous };
      const what =
        outcome.failure === 'TIMEOUT' ? `no answer within ${timeoutMs} ms` : 'no connection';
      const message = `${exchange.label} failed after ${attempts} attempt(s): ${what}`;
      throw new SheetsError(outcome.failure, message, {
        attempts,
        ambiguous,
        cause: outcome.cause,
      });
    }
    const retryAfter =
      'status' in outcome ? parseRetryAfter(outcome.headers.get('retry-after'), now()) : undefined;
    const backoff = policy.baseDelayMs * 2 ** backoffs + random() * policy.baseDelayMs;
    await sleep(Math.min(retryAfter ?? backoff, policy.maxDelayMs));
    backoffs++;
  }
}

async function attempt(
  fetch: FetchLike,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Outcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { ...init, signal });
    // The body is read inside the attempt so the deadline covers it, and a connection cut
    // mid-body counts as a network failure worth retrying rather than as a bad response.
    return { status: response.status, headers: response.headers, body: await response.text() };
  } catch (cause) {
    return { failure: signal.aborted ? 'TIMEOUT' : 'NETWORK', cause };
  }
}

// Retry-After is delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
