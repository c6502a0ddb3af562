import { describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../../src/sheets/send-with-retry';
import { createAccessTokenSource } from '../../../src/sheets/service-account-token';
import {
  createSheetsClient,
  quoteSheetTitle,
  type SheetsClient,
  type TokenSource,
} from '../../../src/sheets/sheets-client';
import { SheetsError } from '../../../src/sheets/sheets-error';
import { generateTestKey } from '../../support/test-key';
import { googleError, json, scriptedFetch } from './scripted-fetch';

const ID = '1yXHRaUTFlGV-Axis4vLHtoPvGUj3C_-awA_5sLK8k6g';
const BASE = 'https://sheets.googleapis.com/v4/';
const EMAIL = 'dual-coverage@committee-sync.iam.gserviceaccount.com';
const NOW = Date.UTC(2026, 4, 12, 8, 0, 0);
const QUOTA_MESSAGE =
  "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:123456789'.";

const spreadsheet = { spreadsheetId: ID, sheets: [{ properties: { sheetId: 0, title: '委员' } }] };
const batchReply = { spreadsheetId: ID, replies: [{}] };
const batch = { requests: [{ deleteSheet: { sheetId: 7 } }] };

interface Setup {
  tokens?: TokenSource;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  random?: number;
  baseUrl?: string;
}

/** A client over the fake network whose sleeps are recorded instead of waited for. */
function clientFor(fetch: ReturnType<typeof scriptedFetch>, setup: Setup = {}) {
  const sleeps: number[] = [];
  const client = createSheetsClient({
    fetch,
    tokens: 'tokens' in setup ? setup.tokens : staticTokens(),
    retry: setup.retry,
    timeoutMs: setup.timeoutMs,
    baseUrl: setup.baseUrl,
    random: () => setup.random ?? 0.5,
    now: () => NOW,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { client, sleeps };
}

/** Hands out ya29.1, ya29.2, … and records which tokens were invalidated. */
function staticTokens(): TokenSource & { invalidated: string[] } {
  let issued = 1;
  const invalidated: string[] = [];
  return {
    serviceAccountEmail: EMAIL,
    invalidated,
    getToken: async () => `ya29.${issued}`,
    invalidate(token) {
      invalidated.push(token);
      issued++;
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<SheetsError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof SheetsError))
    throw new Error(`expected a SheetsError, got ${String(error)}`);
  return error;
}

function times<T>(count: number, make: () => T): T[] {
  return Array.from({ length: count }, make);
}

describe('requests are built as the Sheets API v4 expects', () => {
  it('quotes sheet titles for A1 notation, doubling inner quotes', () => {
    expect(quoteSheetTitle('委员')).toBe("'委员'");
    expect(quoteSheetTitle("Bob's tab")).toBe("'Bob''s tab'");
    expect(quoteSheetTitle('D3')).toBe("'D3'");
  });

  it('sends repeated, encoded ranges, includeGridData and fields', async () => {
    const fetch = scriptedFetch(json(200, spreadsheet));
    const { client } = clientFor(fetch);
    const ranges = [`${quoteSheetTitle('委员')}!A1:Z`, `${quoteSheetTitle("Bob's tab")}!A:A`];

    await expect(
      client.getSpreadsheet(ID, {
        ranges,
        includeGridData: true,
        fields: 'sheets.properties(title)',
      }),
    ).resolves.toEqual(spreadsheet);

    const url = fetch.requests[0]?.url ?? '';
    expect(url).toBe(
      `${BASE}spreadsheets/${ID}?ranges=%27%E5%A7%94%E5%91%98%27%21A1%3AZ&ranges=%27Bob%27%27s+tab%27%21A%3AA&includeGridData=true&fields=sheets.properties%28title%29&prettyPrint=false`,
    );
    expect(new URL(url).searchParams.getAll('ranges')).toEqual(ranges);
    expect(fetch.requests[0]?.method).toBe('GET');
    expect(fetch.requests[0]?.headers.get('authorization')).toBe('Bearer ya29.1');
  });

  it('sends a GET with only prettyPrint=false when no option is given', async () => {
    const fetch = scriptedFetch(json(200, spreadsheet));
    await clientFor(fetch).client.getSpreadsheet(ID);
    expect(fetch.requests[0]?.url).toBe(`${BASE}spreadsheets/${ID}?prettyPrint=false`);
  });

  it('POSTs a batch as JSON to :batchUpdate', async () => {
    const fetch = scriptedFetch(json(200, batchReply));
    await expect(clientFor(fetch).client.batchUpdate(ID, batch)).resolves.toEqual(batchReply);

    const [request] = fetch.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`${BASE}spreadsheets/${ID}:batchUpdate?prettyPrint=false`);
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.headers.get('authorization')).toBe('Bearer ya29.1');
    expect(JSON.parse(request?.body ?? '')).toEqual(batch);
  });

  it('POSTs a new spreadsheet to spreadsheets', async () => {
    const fetch = scriptedFetch(json(200, spreadsheet));
    const body = { properties: { title: '两个全覆盖' } };
    await expect(clientFor(fetch).client.createSpreadsheet(body)).resolves.toEqual(spreadsheet);

    expect(fetch.requests[0]?.url).toBe(`${BASE}spreadsheets?prettyPrint=false`);
    expect(fetch.requests[0]?.method).toBe('POST');
    expect(JSON.parse(fetch.requests[0]?.body ?? '')).toEqual(body);
  });

  it('keeps the path of a base URL given without a trailing slash', async () => {
    const fetch = scriptedFetch(json(200, spreadsheet));
    await clientFor(fetch, { baseUrl: 'http://127.0.0.1:8787/v4' }).client.getSpreadsheet(ID);
    expect(fetch.requests[0]?.url).toBe(
      `http://127.0.0.1:8787/v4/spreadsheets/${ID}?prettyPrint=false`,
    );
  });

  it('sends no Authorization header without a token source', async () => {
    const fetch = scriptedFetch(json(200, spreadsheet));
    await clientFor(fetch, { tokens: undefined }).client.getSpreadsheet(ID);
    expect(fetch.requests[0]?.headers.has('authorization')).toBe(false);
  });

  it.each([
    '',
    'has space',
    '../../drive/v3/files',
    `https://docs.google.com/spreadsheets/d/${ID}/edit`,
    `${ID}?fields=x`,
    'x'.repeat(201),
  ])('rejects the spreadsheet id %j before any request', async (badId) => {
    const fetch = scriptedFetch();
    const { client } = clientFor(fetch);

    for (const call of [client.getSpreadsheet(badId), client.batchUpdate(badId, batch)]) {
      const error = await rejection(call);
      expect(error).toMatchObject({ code: 'BAD_REQUEST', attempts: 0, retryable: false });
    }
    expect(fetch.requests).toHaveLength(0);
    expect(client.roundTrips).toBe(0);
  });
});

describe('transient failures are retried with truncated exponential backoff', () => {
  it('waits as long as Retry-After says in seconds', async () => {
    const fetch = scriptedFetch(
      googleError(429, 'RESOURCE_EXHAUSTED', QUOTA_MESSAGE, undefined, { 'retry-after': '7' }),
      json(200, spreadsheet),
    );
    const { client, sleeps } = clientFor(fetch);

    await expect(client.getSpreadsheet(ID)).resolves.toEqual(spreadsheet);
    expect(sleeps).toEqual([7000]);
    expect(client.roundTrips).toBe(2);
  });

  it('waits until a Retry-After HTTP-date, capped at maxDelayMs', async () => {
    const inThreeSeconds = new Date(NOW + 3000).toUTCString();
    const fetch = scriptedFetch(
      googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.', undefined, {
        'retry-after': inThreeSeconds,
      }),
      googleError(429, 'RESOURCE_EXHAUSTED', QUOTA_MESSAGE, undefined, { 'retry-after': '120' }),
      json(200, spreadsheet),
    );
    const { client, sleeps } = clientFor(fetch);

    await client.getSpreadsheet(ID);
    expect(sleeps).toEqual([3000, 32_000]);
  });

  it('backs off 500·2^n plus jitter on 429 without Retry-After, then reports RATE_LIMITED', async () => {
    const fetch = scriptedFetch(
      ...times(5, () => googleError(429, 'RESOURCE_EXHAUSTED', QUOTA_MESSAGE)),
    );
    const { client, sleeps } = clientFor(fetch, { random: 0.5 });

    const error = await rejection(client.getSpreadsheet(ID));

    expect(sleeps).toEqual([750, 1250, 2250, 4250]);
    expect(error).toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      attempts: 5,
      retryable: true,
    });
    expect(error.message).toContain(QUOTA_MESSAGE);
    expect(client.roundTrips).toBe(5);
  });

  it('caps each wait at maxDelayMs and honours maxAttempts', async () => {
    const fetch = scriptedFetch(...times(4, () => googleError(503, 'UNAVAILABLE', 'busy')));
    const { client, sleeps } = clientFor(fetch, {
      random: 0.9,
      retry: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 2500 },
    });

    const error = await rejection(client.getSpreadsheet(ID));
    expect(sleeps).toEqual([1900, 2500, 2500]);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', attempts: 4 });
  });

  it.each([500, 502, 503, 504])(
    'retries a burst of %i and returns the eventual answer',
    async (status) => {
      const fetch = scriptedFetch(
        googleError(status, 'UNAVAILABLE', 'The service is currently unavailable.'),
        googleError(status, 'UNAVAILABLE', 'The service is currently unavailable.'),
        json(200, spreadsheet),
      );
      const { client, sleeps } = clientFor(fetch);

      await expect(client.getSpreadsheet(ID)).resolves.toEqual(spreadsheet);
      expect(sleeps).toHaveLength(2);
      expect(client.roundTrips).toBe(3);
    },
  );

  it('reports UNAVAILABLE with the attempt count when 5xx persists', async () => {
    const fetch = scriptedFetch(
      ...times(5, () => new Response('<html>Bad Gateway</html>', { status: 502 })),
    );
    const { client } = clientFor(fetch);

    const error = await rejection(client.getSpreadsheet(ID));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', status: 502, attempts: 5, retryable: true });
    expect(error.message).toContain('HTTP 502');
    expect(client.roundTrips).toBe(5);
  });

  it('retries dropped connections, including one cut mid-body, then reports NETWORK', async () => {
    const cutMidBody = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"sheets":['));
            controller.error(new TypeError('terminated'));
          },
        }),
        { status: 200 },
      );
    const fetch = scriptedFetch(
      new TypeError('fetch failed'),
      cutMidBody(),
      json(200, spreadsheet),
    );
    const { client } = clientFor(fetch);
    await expect(client.getSpreadsheet(ID)).resolves.toEqual(spreadsheet);

    const failing = scriptedFetch(...times(5, () => new TypeError('fetch failed')));
    const error = await rejection(clientFor(failing).client.getSpreadsheet(ID));
    expect(error).toMatchObject({
      code: 'NETWORK',
      attempts: 5,
      retryable: true,
      status: undefined,
    });
  });

  it('aborts an attempt after timeoutMs and retries it, then reports TIMEOUT', async () => {
    const fetch = scriptedFetch('hang', json(200, spreadsheet));
    const { client } = clientFor(fetch, { timeoutMs: 20 });
    await expect(client.getSpreadsheet(ID)).resolves.toEqual(spreadsheet);

    const hanging = scriptedFetch('hang', 'hang', 'hang');
    const slow = clientFor(hanging, { timeoutMs: 20, retry: { maxAttempts: 3 } }).client;
    const error = await rejection(slow.getSpreadsheet(ID));
    expect(error).toMatchObject({ code: 'TIMEOUT', attempts: 3, retryable: true });
    expect(slow.roundTrips).toBe(3);
  });
});

describe('a 401 triggers exactly one token refresh', () => {
  it('invalidates the rejected token and retries with a fresh one', async () => {
    const tokens = staticTokens();
    const fetch = scriptedFetch(
      googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'),
      json(200, spreadsheet),
    );
    const { client, sleeps } = clientFor(fetch, { tokens });

    await expect(client.getSpreadsheet(ID)).resolves.toEqual(spreadsheet);
    expect(tokens.invalidated).toEqual(['ya29.1']);
    expect(fetch.requests.map((request) => request.headers.get('authorization'))).toEqual([
      'Bearer ya29.1',
      'Bearer ya29.2',
    ]);
    expect(sleeps).toEqual([]);
  });

  it('reports UNAUTHENTICATED when the fresh token is refused too', async () => {
    const fetch = scriptedFetch(
      ...times(2, () =>
        googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'),
      ),
    );
    const { client } = clientFor(fetch);

    const error = await rejection(client.getSpreadsheet(ID));
    expect(error).toMatchObject({
      code: 'UNAUTHENTICATED',
      status: 401,
      attempts: 2,
      retryable: false,
    });
    expect(fetch.requests).toHaveLength(2);
  });

  it('counts Sheets requests in roundTrips but not token requests', async () => {
    const { key } = await generateTestKey();
    const token = (value: string) => json(200, { access_token: value, expires_in: 3599 });
    const fetch = scriptedFetch(
      token('ya29.first'),
      googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'),
      token('ya29.second'),
      json(200, spreadsheet),
    );
    const { client } = clientFor(fetch, {
      tokens: createAccessTokenSource({ key, fetch, now: () => NOW }),
    });

    await client.getSpreadsheet(ID);
    expect(fetch.requests.map((request) => request.headers.get('authorization'))).toEqual([
      null,
      'Bearer ya29.first',
      null,
      'Bearer ya29.second',
    ]);
    expect(client.roundTrips).toBe(2);
  });
});

describe('Google errors become SheetsErrors with stable codes', () => {
  async function failWith(
    response: Response,
    call = (client: SheetsClient) => client.getSpreadsheet(ID),
  ) {
    const fetch = scriptedFetch(response);
    const error = await rejection(call(clientFor(fetch).client));
    // None of these is worth retrying.
    expect(fetch.requests).toHaveLength(1);
    return error;
  }

  it('403 "The caller does not have permission" is NOT_SHARED and names the e-mail to share with', async () => {
    const error = await failWith(
      googleError(403, 'PERMISSION_DENIED', 'The caller does not have permission'),
    );
    expect(error).toMatchObject({
      code: 'NOT_SHARED',
      status: 403,
      shareWith: EMAIL,
      retryable: false,
    });
    expect(error.message).toContain(EMAIL);
    expect(error.message).toContain('as editor');
    expect(error.message).toContain(ID);
  });

  it('403 "has not been used in project" is API_DISABLED', async () => {
    const message =
      'Google Sheets API has not been used in project 123456789 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=123456789 then retry.';
    const error = await failWith(googleError(403, 'PERMISSION_DENIED', message));
    expect(error).toMatchObject({ code: 'API_DISABLED', status: 403, shareWith: undefined });
    expect(error.message).toContain('console.developers.google.com');
  });

  it('403 with ErrorInfo SERVICE_DISABLED is API_DISABLED whatever the wording', async () => {
    const error = await failWith(
      googleError(403, 'PERMISSION_DENIED', 'Sheets API is disabled.', [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'SERVICE_DISABLED',
          domain: 'googleapis.com',
          metadata: { service: 'sheets.googleapis.com', consumer: 'projects/123456789' },
        },
      ]),
    );
    expect(error.code).toBe('API_DISABLED');
  });

  it('a legacy errors[] body saying accessNotConfigured is API_DISABLED too', async () => {
    const error = await failWith(
      json(403, {
        error: {
          code: 403,
          errors: [
            {
              domain: 'usageLimits',
              reason: 'accessNotConfigured',
              message: 'Access Not Configured. Sheets API is disabled for this project.',
            },
          ],
        },
      }),
    );
    expect(error.code).toBe('API_DISABLED');
    expect(error.message).toContain(
      'Access Not Configured. Sheets API is disabled for this project.',
    );
  });

  it('403 "insufficient authentication scopes" is INSUFFICIENT_SCOPES', async () => {
    const error = await failWith(
      googleError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
        },
      ]),
    );
    expect(error.code).toBe('INSUFFICIENT_SCOPES');
  });

  it('any other 403 is PERMISSION_DENIED with Google’s message', async () => {
    const message = "The user's Drive storage quota has been exceeded.";
    const error = await failWith(googleError(403, 'PERMISSION_DENIED', message), (client) =>
      client.createSpreadsheet({ properties: { title: '两个全覆盖' } }),
    );
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', status: 403 });
    expect(error.message).toContain(message);
  });

  it('404 is NOT_FOUND', async () => {
    const error = await failWith(googleError(404, 'NOT_FOUND', 'Requested entity was not found.'));
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404, retryable: false });
    expect(error.message).toContain(ID);
  });

  it('400 is BAD_REQUEST carrying Google’s message', async () => {
    const message =
      'Invalid requests[0].addSheet: A sheet with the name "汇总" already exists. Please enter another name.';
    const error = await failWith(googleError(400, 'INVALID_ARGUMENT', message), (client) =>
      client.batchUpdate(ID, batch),
    );
    expect(error).toMatchObject({ code: 'BAD_REQUEST', status: 400, ambiguous: false });
    expect(error.message).toContain(message);
  });

  it('400 on an uploaded .xlsx is OFFICE_FILE', async () => {
    const error = await failWith(
      googleError(
        400,
        'FAILED_PRECONDITION',
        'This operation is not supported for this document. The document must not be an Office file.',
      ),
    );
    expect(error.code).toBe('OFFICE_FILE');
  });

  it.each([
    ['truncated JSON', '{"spreadsheetId":"abc","sheets":[{"prop'],
    ['an HTML page', '<html><body>Sign in</body></html>'],
    ['a JSON array', '[]'],
    ['sheets that is not a list', '{"sheets":{"0":{}}}'],
  ])('a 2xx with %s is BAD_RESPONSE', async (_what, body) => {
    const error = await failWith(new Response(body, { status: 200 }));
    expect(error).toMatchObject({
      code: 'BAD_RESPONSE',
      status: 200,
      retryable: false,
      ambiguous: false,
    });
  });
});

describe('writes report when they may have been applied', () => {
  it('re-sends a batch after a 503, unchanged', async () => {
    const fetch = scriptedFetch(googleError(503, 'UNAVAILABLE', 'busy'), json(200, batchReply));
    await expect(clientFor(fetch).client.batchUpdate(ID, batch)).resolves.toEqual(batchReply);
    expect(fetch.requests[1]?.body).toBe(fetch.requests[0]?.body);
  });

  it('flags a batch that failed after an attempt with an unknown outcome as ambiguous', async () => {
    const fetch = scriptedFetch(
      googleError(503, 'UNAVAILABLE', 'busy'),
      googleError(429, 'RESOURCE_EXHAUSTED', QUOTA_MESSAGE),
      googleError(400, 'INVALID_ARGUMENT', 'Invalid requests[0].deleteSheet: No sheet with id: 7'),
    );
    const error = await rejection(clientFor(fetch).client.batchUpdate(ID, batch));
    // The 503'd attempt may have deleted the sheet, which would explain the 400.
    expect(error).toMatchObject({ code: 'BAD_REQUEST', attempts: 3, ambiguous: true });
  });

  it('does not flag a batch whose earlier attempts were refused for quota', async () => {
    const fetch = scriptedFetch(
      googleError(429, 'RESOURCE_EXHAUSTED', QUOTA_MESSAGE),
      googleError(400, 'INVALID_ARGUMENT', 'Invalid requests[0].deleteSheet: No sheet with id: 7'),
    );
    const error = await rejection(clientFor(fetch).client.batchUpdate(ID, batch));
    expect(error).toMatchObject({ code: 'BAD_REQUEST', attempts: 2, ambiguous: false });
  });

  it('flags a batch that timed out, and a batch whose 2xx was unreadable', async () => {
    const hanging = scriptedFetch('hang', 'hang');
    const slow = clientFor(hanging, { timeoutMs: 20, retry: { maxAttempts: 2 } }).client;
    await expect(rejection(slow.batchUpdate(ID, batch))).resolves.toMatchObject({
      code: 'TIMEOUT',
      ambiguous: true,
    });

    const garbled = scriptedFetch(new Response('{"replies":', { status: 200 }));
    await expect(
      rejection(clientFor(garbled).client.batchUpdate(ID, batch)),
    ).resolves.toMatchObject({
      code: 'BAD_RESPONSE',
      ambiguous: true,
    });
  });

  it('never flags reads', async () => {
    const fetch = scriptedFetch(
      googleError(503, 'UNAVAILABLE', 'busy'),
      googleError(400, 'INVALID_ARGUMENT', "Unable to parse range: '委员'!A1:[5"),
    );
    const error = await rejection(clientFor(fetch).client.getSpreadsheet(ID));
    expect(error).toMatchObject({ code: 'BAD_REQUEST', ambiguous: false });
  });

  it('does not re-send a create whose outcome is unknown', async () => {
    const body = { properties: { title: '两个全覆盖' } };
    const fetch = scriptedFetch(googleError(503, 'UNAVAILABLE', 'busy'));
    const error = await rejection(clientFor(fetch).client.createSpreadsheet(body));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', attempts: 1, ambiguous: true });

    const hanging = scriptedFetch('hang');
    const slow = clientFor(hanging, { timeoutMs: 20 }).client;
    await expect(rejection(slow.createSpreadsheet(body))).resolves.toMatchObject({
      code: 'TIMEOUT',
      attempts: 1,
      ambiguous: true,
    });
  });

  it('re-sends a create refused for quota', async () => {
    const fetch = scriptedFetch(
      googleError(429, 'RESOURCE_EXHAUSTED', QUOTA_MESSAGE),
      json(200, spreadsheet),
    );
    const { client } = clientFor(fetch);
    await expect(client.createSpreadsheet({})).resolves.toEqual(spreadsheet);
    expect(client.roundTrips).toBe(2);
  });
});
