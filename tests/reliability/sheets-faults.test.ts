import { afterAll, describe, expect, it } from 'vitest';
import { OUTPUT_TAB_NAMES } from '../../src/domain/workbook-schema';
import { PRINT_SETUP_KEY } from '../../src/sheets/print-setup';
import type { FetchLike } from '../../src/sheets/send-with-retry';
import { createAccessTokenSource } from '../../src/sheets/service-account-token';
import { createSheetsClient, type TokenSource } from '../../src/sheets/sheets-client';
import { SheetsError } from '../../src/sheets/sheets-error';
import type { StandInFaultHook } from '../../src/stand-in/create-stand-in-app';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import type { SpreadsheetSnapshot } from '../../src/stand-in/snapshot-spreadsheet';
import { MARKER_KEY } from '../../src/sync/build-write-requests';
import { describeFailure } from '../../src/sync/describe-failure';
import { runSync, type SyncSummary } from '../../src/sync/run-sync';
import { coveredCommittee } from '../support/domain-fixture';
import { type StandInWorkbook, standInWorkbook } from '../support/stand-in-workbook';

/**
 * Faults of the Sheets API and of Google's token endpoint, injected between the real client and
 * the stand-in, through whole syncs: each ends in a complete sync after bounded retries, or in
 * one clear error that leaves the spreadsheet exactly as it was — never in half a summary.
 */

const AS_OF = '2026-05-12';
const EMAIL = 'sync@dual-coverage-test.iam.gserviceaccount.com';
/** Per-attempt deadline: small, so a request that never answers costs the test little. */
const TIMEOUT_MS = 20;
/** The client's default attempts per call. */
const ATTEMPTS = 5;

const injected: Record<string, number> = {};
function inject(kind: string): void {
  injected[kind] = (injected[kind] ?? 0) + 1;
}

afterAll(() => {
  const total = Object.values(injected).reduce((a, b) => a + b, 0);
  if (total > 0) console.log(`Sheets and token faults injected (${total}):`, injected);
});

type Outcome = { summary: SyncSummary } | { error: unknown };

const googleError = (code: number, status: string, message: string, details?: unknown[]) =>
  new Response(JSON.stringify({ error: { code, message, status, details } }), {
    status: code,
    headers: { 'content-type': 'application/json; charset=UTF-8' },
  });
const unavailable = () => googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.');
const quota = (headers: Record<string, string> = {}) =>
  new Response(
    JSON.stringify({
      error: {
        code: 429,
        message: "Quota exceeded for quota metric 'Read requests'",
        status: 'RESOURCE_EXHAUSTED',
      },
    }),
    { status: 429, headers: { 'content-type': 'application/json', ...headers } },
  );

/** A fault hook that answers the next requests of one kind with `responses`, counting each. */
function next(kind: string, label: string, responses: Array<() => Response>): StandInFaultHook {
  return (info) => {
    if (info.kind !== kind) return undefined;
    const response = responses.shift();
    if (!response) return undefined;
    inject(label);
    return response();
  };
}

const times = (count: number, make: () => Response) => Array.from({ length: count }, () => make);

/** What a request that never gets an answer does: wait until its deadline aborts it. */
function hang(init: RequestInit): Promise<Response> {
  return new Promise((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  });
}

/**
 * A network that lets the stand-in apply the first `count` matching requests but loses their
 * answers: `lose` says what reaches the client instead.
 */
function losingAnswers(
  book: StandInWorkbook,
  count: number,
  label: string,
  lose: (applied: Response, init: RequestInit) => Promise<Response>,
  matches = (url: string) => url.includes(':batchUpdate'),
): FetchLike {
  let left = count;
  return async (url, init) => {
    const response = await book.standIn.fetch(url, init);
    if (!matches(url) || left === 0) return response;
    left--;
    inject(label);
    return lose(response, init);
  };
}

async function tokenSource(book: StandInWorkbook, fetch: FetchLike = book.standIn.fetch) {
  const key = await book.standIn.createServiceAccount(EMAIL);
  book.standIn.share(book.id, [EMAIL]);
  const tokens = createAccessTokenSource({
    key,
    fetch,
    timeoutMs: TIMEOUT_MS,
    random: () => 0.5,
    sleep: async () => {},
  });
  return { key, tokens };
}

/** One sync through `fetch`; waits between attempts are recorded, not slept. */
async function sync(
  book: StandInWorkbook,
  options: { fetch?: FetchLike; tokens?: TokenSource; asOf?: string } = {},
): Promise<{ outcome: Outcome; sleeps: number[] }> {
  const sleeps: number[] = [];
  const client = createSheetsClient({
    fetch: options.fetch ?? book.standIn.fetch,
    tokens: options.tokens,
    timeoutMs: TIMEOUT_MS,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  const outcome = await runSync({
    spreadsheetId: book.id,
    client,
    trigger: 'menu',
    asOf: options.asOf ?? AS_OF,
    now: () => Date.UTC(2026, 4, 12, 2),
  }).then(
    (summary) => ({ summary }),
    (error: unknown) => ({ error }),
  );
  return { outcome, sleeps };
}

/** The sync's summary; a failure fails the test with the error itself. */
function synced(outcome: Outcome): SyncSummary {
  if ('error' in outcome) throw outcome.error;
  return outcome.summary;
}

/** The whole new summary: the five output tabs once each, with our marker and print setup once, one 历史 row per date. */
function expectComplete(book: StandInWorkbook, dates = [AS_OF]): void {
  const sheets = book.standIn.snapshot(book.id).sheets;
  for (const name of OUTPUT_TAB_NAMES) {
    const tabs = sheets.filter((s) => s.title === name);
    expect(tabs, name).toHaveLength(1);
    expect(tabs[0]?.developerMetadata.map((m) => m.metadataKey)).toEqual([
      MARKER_KEY,
      PRINT_SETUP_KEY,
    ]);
  }
  expect(book.tab('历史').map((r) => r[0])).toEqual(['日期', ...dates]);
  expect(book.tab('覆盖总览')[0]).toEqual(['本专委会「两个全覆盖」覆盖总览']);
}

/**
 * An access token, a signed assertion and a private key. A signed assertion is a JWT: its
 * header and payload are base64url JSON objects, so both start with `eyJ`, joined by a dot. A
 * spreadsheet id is 44 characters of [A-Za-z0-9_-] without a dot: it may contain `eyJ` by
 * chance (a bare `eyJ…` check failed on such ids now and then) but never matches this.
 */
const SECRET_SHAPES = [/ya29\./, /eyJ[\w-]*\.eyJ[\w-]*\./, /PRIVATE KEY/];

/**
 * One SheetsError with this code, told to staff as one Chinese sentence, with no token, key or
 * signed assertion in anything it carries; the spreadsheet is exactly as before the sync.
 */
function expectCleanFailure(
  book: StandInWorkbook,
  outcome: Outcome,
  before: SpreadsheetSnapshot,
  code: string,
  secrets: string[] = [],
): SheetsError {
  expect('error' in outcome, 'the sync should have failed').toBe(true);
  const error = (outcome as { error: unknown }).error;
  expect(error).toBeInstanceOf(SheetsError);
  expect((error as SheetsError).code).toBe(code);
  const { message } = describeFailure(error);
  expect(message).toMatch(/^[^\n。]*[\u4e00-\u9fff][^\n。]*。$/);
  for (const text of [message, (error as Error).message, String((error as Error).cause ?? '')]) {
    for (const shape of SECRET_SHAPES) expect(text).not.toMatch(shape);
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
  expect(book.standIn.snapshot(book.id)).toEqual(before);
  return error as SheetsError;
}

function committee(): { book: StandInWorkbook; before: SpreadsheetSnapshot } {
  const book = standInWorkbook(coveredCommittee());
  return { book, before: book.standIn.snapshot(book.id) };
}

const kinds = (book: StandInWorkbook) => book.standIn.requests.map((r) => r.kind);

describe('the secret check of every failure', () => {
  it('finds a signed assertion, never a spreadsheet id that happens to contain eyJ', () => {
    const assertion = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJzeW5jQHRlc3QifQ.c2lnbmF0dXJl';
    const id = 'Ab3eyJhbGciOiJSUzI1NiJ9eyJpc3MiOiJ4In0-xYz_0';
    expect(id).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(SECRET_SHAPES.some((shape) => shape.test(`答复：${assertion}`))).toBe(true);
    expect(SECRET_SHAPES.some((shape) => shape.test(`表格 ${id} 不存在`))).toBe(false);
  });
});

describe('429: the sync waits out the quota', () => {
  it('waits as long as Retry-After says, then syncs', async () => {
    const { book } = committee();
    book.standIn.onRequest = next('spreadsheets.get', '429 with Retry-After', [
      () => quota({ 'retry-after': '7' }),
    ]);
    const { outcome, sleeps } = await sync(book);
    synced(outcome);
    expectComplete(book);
    expect(sleeps).toEqual([7000]);
  });

  it('caps a Retry-After of an hour at the 32 s backoff ceiling', async () => {
    const { book } = committee();
    book.standIn.onRequest = next('spreadsheets.batchUpdate', '429 with Retry-After', [
      () => quota({ 'retry-after': '3600' }),
    ]);
    const { outcome, sleeps } = await sync(book);
    synced(outcome);
    expectComplete(book);
    expect(sleeps).toEqual([32_000]);
  });

  it('backs off exponentially without Retry-After, on the write too', async () => {
    const { book } = committee();
    book.standIn.onRequest = next(
      'spreadsheets.batchUpdate',
      '429 without Retry-After',
      times(2, quota),
    );
    const { outcome, sleeps } = await sync(book);
    synced(outcome);
    expectComplete(book);
    expect(sleeps).toEqual([750, 1250]);
  });

  it('gives up after five attempts with RATE_LIMITED, having written nothing', async () => {
    const { book, before } = committee();
    book.standIn.onRequest = next('spreadsheets.get', '429 without Retry-After', times(9, quota));
    const { outcome } = await sync(book);
    expectCleanFailure(book, outcome, before, 'RATE_LIMITED');
    expect(kinds(book)).toHaveLength(ATTEMPTS);
  });

  it('a write refused for quota every time is not re-read: 429 proves nothing was applied', async () => {
    const { book, before } = committee();
    book.standIn.onRequest = next(
      'spreadsheets.batchUpdate',
      '429 without Retry-After',
      times(9, quota),
    );
    const { outcome } = await sync(book);
    expectCleanFailure(book, outcome, before, 'RATE_LIMITED');
    expect(kinds(book)).toEqual([
      'spreadsheets.get',
      'values.batchGet',
      ...Array(ATTEMPTS).fill('spreadsheets.batchUpdate'),
    ]);
  });
});

describe('5xx bursts', () => {
  it('a burst shorter than the retry budget ends in a complete sync', async () => {
    const { book } = committee();
    const read = next('spreadsheets.get', '503 burst', times(ATTEMPTS - 1, unavailable));
    const write = next('spreadsheets.batchUpdate', '500 burst', [
      () => googleError(500, 'INTERNAL', 'Internal error encountered.'),
      unavailable,
    ]);
    book.standIn.onRequest = async (info) => (await read(info)) ?? write(info);
    const { outcome } = await sync(book);
    synced(outcome);
    expectComplete(book);
  });

  it('a read burst longer than the budget is one UNAVAILABLE error', async () => {
    const { book, before } = committee();
    book.standIn.onRequest = next('spreadsheets.get', '503 burst', times(20, unavailable));
    const { outcome } = await sync(book);
    const error = expectCleanFailure(book, outcome, before, 'UNAVAILABLE');
    expect(error.attempts).toBe(ATTEMPTS);
  });

  it('a burst on the values read longer than the budget is one UNAVAILABLE error', async () => {
    const { book, before } = committee();
    book.standIn.onRequest = next('values.batchGet', '503 burst', times(20, unavailable));
    const { outcome } = await sync(book);
    const error = expectCleanFailure(book, outcome, before, 'UNAVAILABLE');
    expect(error.attempts).toBe(ATTEMPTS);
  });

  it('a write burst longer than the budget: one fresh read and write, then one UNAVAILABLE error', async () => {
    const { book, before } = committee();
    book.standIn.onRequest = next('spreadsheets.batchUpdate', '503 burst', times(20, unavailable));
    const { outcome } = await sync(book);
    expectCleanFailure(book, outcome, before, 'UNAVAILABLE');
    const attempt = [
      'spreadsheets.get',
      'values.batchGet',
      ...Array(ATTEMPTS).fill('spreadsheets.batchUpdate'),
    ];
    expect(kinds(book)).toEqual([...attempt, ...attempt]);
  });

  it('dropped connections are retried like a 5xx', async () => {
    const { book } = committee();
    let drops = 2;
    const fetch: FetchLike = async (url, init) => {
      if (drops-- > 0) {
        inject('dropped connection');
        throw new TypeError('fetch failed');
      }
      return book.standIn.fetch(url, init);
    };
    const { outcome } = await sync(book, { fetch });
    synced(outcome);
    expectComplete(book);
  });
});

describe('per-attempt timeouts', () => {
  it('abandons an attempt that never answers and retries it', async () => {
    const { book } = committee();
    let silent = 2;
    const fetch: FetchLike = (url, init) => {
      if (silent-- <= 0) return book.standIn.fetch(url, init);
      inject('no answer (timeout)');
      return hang(init);
    };
    const { outcome } = await sync(book, { fetch });
    synced(outcome);
    expectComplete(book);
  });

  it('a read that never answers is one TIMEOUT error after five attempts', async () => {
    const { book, before } = committee();
    const fetch: FetchLike = (_url, init) => {
      inject('no answer (timeout)');
      return hang(init);
    };
    const { outcome } = await sync(book, { fetch });
    expect(expectCleanFailure(book, outcome, before, 'TIMEOUT').attempts).toBe(ATTEMPTS);
  });
});

describe('a write applied whose answer is lost (the ambiguous case)', () => {
  it('after a timeout, the sync re-reads and ends with exactly one history row', async () => {
    const { book } = committee();
    const fetch = losingAnswers(book, 1, 'write applied, answer lost (timeout)', (_r, init) =>
      hang(init),
    );
    const { outcome } = await sync(book, { fetch });
    synced(outcome);
    expectComplete(book);
  });

  it('after a 504, on a later sync, the date still gets exactly one history row', async () => {
    const { book } = committee();
    synced((await sync(book, { asOf: '2026-05-10' })).outcome);
    const fetch = losingAnswers(book, 1, 'write applied, answer lost (504)', async () =>
      googleError(504, 'DEADLINE_EXCEEDED', 'Deadline exceeded.'),
    );
    const { outcome } = await sync(book, { fetch });
    synced(outcome);
    expectComplete(book, ['2026-05-10', AS_OF]);
  });

  it('after a truncated answer, the sync re-reads and rewrites: one history row', async () => {
    const { book } = committee();
    const fetch = losingAnswers(book, 1, 'truncated 2xx to an applied write', async (r) => {
      const text = await r.text();
      return new Response(text.slice(0, text.length / 2), { status: 200 });
    });
    const { outcome } = await sync(book, { fetch });
    synced(outcome);
    expectComplete(book);
  });

  it('if Google then stays down, the summary is the complete new one, never half of it', async () => {
    const { book } = committee();
    let applied = false;
    const fetch: FetchLike = async (url, init) => {
      if (applied) {
        inject('503 burst');
        return unavailable();
      }
      const response = await book.standIn.fetch(url, init);
      if (!url.includes(':batchUpdate')) return response;
      applied = true;
      inject('write applied, answer lost (504)');
      return googleError(504, 'DEADLINE_EXCEEDED', 'Deadline exceeded.');
    };
    const { outcome } = await sync(book, { fetch });
    expect(describeFailure((outcome as { error: unknown }).error).code).toBe('UNAVAILABLE');
    expectComplete(book);
  });
});

describe('unreadable 2xx bodies', () => {
  it('a truncated read is one BAD_RESPONSE error, nothing written', async () => {
    const { book, before } = committee();
    const fetch = losingAnswers(
      book,
      1,
      'truncated 2xx to a read',
      async (r) => {
        const text = await r.text();
        return new Response(text.slice(0, text.length - 3), { status: 200 });
      },
      (url) => !url.includes(':batchUpdate'),
    );
    const { outcome } = await sync(book, { fetch });
    expectCleanFailure(book, outcome, before, 'BAD_RESPONSE');
  });

  it('an HTML page with status 200 on the read is one BAD_RESPONSE error', async () => {
    const { book, before } = committee();
    book.standIn.onRequest = next('spreadsheets.get', 'non-JSON 2xx', [
      () => new Response('<html><body>Sign in to continue</body></html>', { status: 200 }),
    ]);
    const { outcome } = await sync(book);
    expectCleanFailure(book, outcome, before, 'BAD_RESPONSE');
  });

  it('a non-JSON 200 to a write Google did not apply: re-read and write once more', async () => {
    const { book } = committee();
    book.standIn.onRequest = next('spreadsheets.batchUpdate', 'non-JSON 2xx', [
      () => new Response('OK', { status: 200 }),
    ]);
    const { outcome } = await sync(book);
    synced(outcome);
    expectComplete(book);
  });
});

describe('refusals: one clear error, nothing written', () => {
  it('403 not shared names the service account to share with', async () => {
    const { book, before } = committee();
    const { key, tokens } = await tokenSource(book);
    book.standIn.share(book.id, ['someone-else@example.com']);
    inject('403 not shared');
    const { outcome } = await sync(book, { tokens });
    const keyLines = key.private_key.split('\n').filter((l) => l.length > 40);
    expectCleanFailure(book, outcome, before, 'NOT_SHARED', keyLines);
    expect(describeFailure((outcome as { error: unknown }).error).message).toContain(EMAIL);
  });

  it('403 API disabled', async () => {
    const { book, before } = committee();
    book.standIn.onRequest = next('spreadsheets.get', '403 API disabled', [
      () =>
        googleError(
          403,
          'PERMISSION_DENIED',
          'Google Sheets API has not been used in project 123456789 before or it is disabled.',
          [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'SERVICE_DISABLED',
              domain: 'googleapis.com',
            },
          ],
        ),
    ]);
    const { outcome } = await sync(book);
    expectCleanFailure(book, outcome, before, 'API_DISABLED');
  });

  it('404 for a spreadsheet that is gone', async () => {
    const { book, before } = committee();
    book.standIn.onRequest = next('spreadsheets.get', '404', [
      () => googleError(404, 'NOT_FOUND', 'Requested entity was not found.'),
    ]);
    const { outcome } = await sync(book);
    expectCleanFailure(book, outcome, before, 'NOT_FOUND');
  });

  it('a write refused after a good read (400) leaves the old summary whole', async () => {
    const { book } = committee();
    synced((await sync(book, { asOf: '2026-05-10' })).outcome);
    const before = book.standIn.snapshot(book.id);
    book.standIn.onRequest = next('spreadsheets.batchUpdate', '400 on the write', [
      () => googleError(400, 'INVALID_ARGUMENT', 'Invalid requests[7].updateCells: boom'),
    ]);
    const { outcome } = await sync(book);
    expectCleanFailure(book, outcome, before, 'BAD_REQUEST');
  });
});

describe('the token endpoint', () => {
  it('invalid_grant is TOKEN_REJECTED, without the key or the signed assertion', async () => {
    const { book, before } = committee();
    // A key Google does not know: the stand-in answers invalid_grant, as Google does.
    const key = await new SheetsStandIn().createServiceAccount(EMAIL);
    book.standIn.share(book.id, [EMAIL]);
    const tokens = createAccessTokenSource({ key, fetch: book.standIn.fetch });
    inject('token invalid_grant');
    const { outcome } = await sync(book, { tokens });
    const keyLines = key.private_key.split('\n').filter((l) => l.length > 40);
    const error = expectCleanFailure(book, outcome, before, 'TOKEN_REJECTED', keyLines);
    expect(error.oauthError).toBe('invalid_grant');
  });

  it('a 500 from the token endpoint is retried, then the sync completes', async () => {
    const { book } = committee();
    const { tokens } = await tokenSource(book);
    book.standIn.onRequest = next('token', 'token 500', [
      () => new Response('{"error":"internal_failure"}', { status: 500 }),
    ]);
    const { outcome } = await sync(book, { tokens });
    synced(outcome);
    expectComplete(book);
  });

  it('a non-JSON 200 from the token endpoint is BAD_RESPONSE, without what it said', async () => {
    const { book, before } = committee();
    const { tokens } = await tokenSource(book);
    book.standIn.onRequest = next('token', 'token non-JSON 2xx', [
      () => new Response('access_token=ya29.leaked-secret&expires_in=3599', { status: 200 }),
    ]);
    const { outcome } = await sync(book, { tokens });
    expectCleanFailure(book, outcome, before, 'BAD_RESPONSE', ['leaked-secret']);
  });

  it('a token endpoint that never answers is one TIMEOUT error', async () => {
    const { book, before } = committee();
    const fetch: FetchLike = (url, init) => {
      if (!url.includes('oauth2')) return book.standIn.fetch(url, init);
      inject('token no answer (timeout)');
      return hang(init);
    };
    const { tokens } = await tokenSource(book, fetch);
    const { outcome } = await sync(book, { fetch, tokens });
    expectCleanFailure(book, outcome, before, 'TIMEOUT');
  });

  it('an access token Google stopped accepting (401) is replaced once, then the sync completes', async () => {
    const { book } = committee();
    const { tokens } = await tokenSource(book);
    book.standIn.onRequest = next('spreadsheets.get', '401 expired token', [
      () => googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'),
    ]);
    const { outcome } = await sync(book, { tokens });
    synced(outcome);
    expectComplete(book);
    expect(kinds(book).filter((k) => k === 'token')).toHaveLength(2);
  });
});
