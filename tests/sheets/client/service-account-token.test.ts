import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createAccessTokenSource,
  parseServiceAccountKey,
  type ServiceAccountKey,
} from '../../../src/sheets/service-account-token';
import { SheetsError } from '../../../src/sheets/sheets-error';
import { generateTestKey, type TestKey } from '../../support/test-key';
import { json, type RecordedRequest, scriptedFetch } from './scripted-fetch';

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const NOW = Date.UTC(2026, 4, 12, 8, 0, 0);

let withKid: TestKey;
let withoutKid: TestKey;

beforeAll(async () => {
  [withKid, withoutKid] = await Promise.all([
    generateTestKey('0123456789abcdef'),
    generateTestKey(),
  ]);
});

function tokenReply(accessToken: string, expiresIn = 3599): Response {
  return json(200, { access_token: accessToken, expires_in: expiresIn, token_type: 'Bearer' });
}

function assertionOf(request: RecordedRequest | undefined): string {
  const assertion = new URLSearchParams(request?.body).get('assertion');
  if (assertion === null) throw new Error('no assertion was posted');
  return assertion;
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

function source(key: ServiceAccountKey, fetch: ReturnType<typeof scriptedFetch>, now = () => NOW) {
  const sleeps: number[] = [];
  const tokens = createAccessTokenSource({
    key,
    fetch,
    now,
    random: () => 0,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { tokens, sleeps };
}

describe('parseServiceAccountKey accepts only a usable service-account key', () => {
  it('accepts the key file as text or as an object', () => {
    const text = JSON.stringify({ ...withKid.key, project_id: 'committee-sync' });
    expect(parseServiceAccountKey(text)).toEqual(withKid.key);
    expect(parseServiceAccountKey(JSON.parse(text))).toEqual(withKid.key);
  });

  it('rejects text that is not JSON without quoting any of it', () => {
    // V8's SyntaxError for this text quotes `MIIEvQsecr`.
    const broken = '{"private_key": MIIEvQsecretpart}';
    expect(() => JSON.parse(broken)).toThrow(/MIIEvQsecr/);
    try {
      parseServiceAccountKey(broken);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_CREDENTIALS' });
      expect((error as SheetsError).cause).toBeUndefined();
      expect((error as SheetsError).message).not.toContain('MIIEvQsecr');
    }
  });

  it('names every unusable field without echoing the key', () => {
    const bad = {
      client_email: 'not-an-email',
      private_key:
        '-----BEGIN RSA PRIVATE KEY-----\nMIIsecretpart\n-----END RSA PRIVATE KEY-----\n',
    };
    try {
      parseServiceAccountKey(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_CREDENTIALS' });
      const { message } = error as SheetsError;
      expect(message).toContain('client_email');
      expect(message).toContain('private_key must be a PKCS#8 PEM block');
      expect(message).not.toContain('secretpart');
    }
  });

  it('rejects other kinds of Google credential', () => {
    expect(() => parseServiceAccountKey({ ...withKid.key, type: 'authorized_user' })).toThrow(
      /type must be "service_account"/,
    );
    expect(() => parseServiceAccountKey('[]')).toThrow(/must be a JSON object/);
  });
});

describe('the signed assertion follows Google’s JWT-bearer flow', () => {
  it('is RS256 with kid, iss, space-delimited scope, the fixed aud and a lifetime of at most an hour', async () => {
    const fetch = scriptedFetch(tokenReply('ya29.first'));
    const tokens = createAccessTokenSource({
      key: withKid.key,
      fetch,
      now: () => NOW,
      scopes: [
        'https://www.googleapis.com/auth/spreadsheets',
        'https://www.googleapis.com/auth/drive.file',
      ],
      tokenUrl: 'http://127.0.0.1:8788/token',
    });

    await expect(tokens.getToken()).resolves.toBe('ya29.first');

    const [request] = fetch.requests;
    expect(request?.url).toBe('http://127.0.0.1:8788/token');
    const assertion = assertionOf(request);
    expect(decodeProtectedHeader(assertion)).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: '0123456789abcdef',
    });
    const { payload } = await jwtVerify(assertion, withKid.publicKey, {
      audience: GOOGLE_TOKEN_URL,
      issuer: withKid.key.client_email,
      currentDate: new Date(NOW),
    });
    expect(payload.scope).toBe(
      'https://www.googleapis.com/auth/spreadsheets https://www.googleapis.com/auth/drive.file',
    );
    expect(payload.aud).toBe(GOOGLE_TOKEN_URL);
    expect(payload.iat).toBe(NOW / 1000 - 60);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(3600);
    expect(payload.exp).toBeGreaterThan(NOW / 1000);
  });

  it('asks for the spreadsheets scope by default and omits kid when the key has no id', async () => {
    const fetch = scriptedFetch(tokenReply('ya29.first'));
    await source(withoutKid.key, fetch).tokens.getToken();

    const assertion = assertionOf(fetch.requests[0]);
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'RS256', typ: 'JWT' });
    const { payload } = await jwtVerify(assertion, withoutKid.publicKey, {
      currentDate: new Date(NOW),
    });
    expect(payload.scope).toBe('https://www.googleapis.com/auth/spreadsheets');
    expect(fetch.requests[0]?.url).toBe(GOOGLE_TOKEN_URL);
  });

  it('is posted form-encoded with the jwt-bearer grant', async () => {
    const fetch = scriptedFetch(tokenReply('ya29.first'));
    await source(withKid.key, fetch).tokens.getToken();

    const [request] = fetch.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toMatch(
      /^grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=[\w.-]+$/,
    );
    expect([...new URLSearchParams(request?.body).keys()]).toEqual(['grant_type', 'assertion']);
  });
});

describe('tokens are cached and shared', () => {
  it('reuses a token until five minutes before it expires', async () => {
    let now = NOW;
    const fetch = scriptedFetch(tokenReply('ya29.first', 3599), tokenReply('ya29.second'));
    const { tokens } = source(withKid.key, fetch, () => now);

    expect(await tokens.getToken()).toBe('ya29.first');
    now = NOW + (3599 - 300) * 1000 - 1;
    expect(await tokens.getToken()).toBe('ya29.first');
    expect(fetch.requests).toHaveLength(1);

    now = NOW + (3599 - 300) * 1000;
    expect(await tokens.getToken()).toBe('ya29.second');
    expect(fetch.requests).toHaveLength(2);
    // The new assertion is signed for the new time.
    const { payload } = await jwtVerify(assertionOf(fetch.requests[1]), withKid.publicKey, {
      currentDate: new Date(now),
    });
    expect(payload.iat).toBe(Math.floor(now / 1000) - 60);
  });

  it('lets concurrent callers share one request', async () => {
    let answer: (response: Response) => void = () => {};
    const fetch = scriptedFetch(
      () =>
        new Promise<Response>((resolve) => {
          answer = resolve;
        }),
    );
    const { tokens } = source(withKid.key, fetch);

    const calls = [tokens.getToken(), tokens.getToken(), tokens.getToken()];
    await expect.poll(() => fetch.requests.length).toBe(1);
    answer(tokenReply('ya29.shared'));

    expect(await Promise.all(calls)).toEqual(['ya29.shared', 'ya29.shared', 'ya29.shared']);
    expect(fetch.requests).toHaveLength(1);
  });

  it('forgets a token Google rejected, and only that token', async () => {
    const fetch = scriptedFetch(tokenReply('ya29.first'), tokenReply('ya29.second'));
    const { tokens } = source(withKid.key, fetch);

    await tokens.getToken();
    tokens.invalidate('ya29.some-older-token');
    expect(await tokens.getToken()).toBe('ya29.first');
    tokens.invalidate('ya29.first');
    expect(await tokens.getToken()).toBe('ya29.second');
    expect(fetch.requests).toHaveLength(2);
  });

  it('does not remember a failure', async () => {
    const fetch = scriptedFetch(
      json(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }),
      tokenReply('ya29.after'),
    );
    const { tokens } = source(withKid.key, fetch);

    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'TOKEN_REJECTED' });
    await expect(tokens.getToken()).resolves.toBe('ya29.after');
  });

  it('prepares at isolate start without asking Google; the first token is then one request', async () => {
    const fetch = scriptedFetch(tokenReply('ya29.first'));
    const { tokens } = source(withKid.key, fetch);

    await tokens.prepare();
    expect(fetch.requests).toHaveLength(0);
    await expect(tokens.getToken()).resolves.toBe('ya29.first');
    expect(fetch.requests).toHaveLength(1);
  });

  it('sends the assertion prepare signed with the first token request within ten minutes, once', async () => {
    let clock = NOW;
    const fetch = scriptedFetch(tokenReply('ya29.first'), tokenReply('ya29.second'));
    const { tokens } = source(withKid.key, fetch, () => clock);
    const issuedAt = () => decodeJwt(assertionOf(fetch.requests.at(-1))).iat;

    await tokens.prepare();
    clock = NOW + 10 * 60_000;
    await expect(tokens.getToken()).resolves.toBe('ya29.first');
    // Signed at prepare's moment (less the clock skew allowance), not at the request's.
    expect(issuedAt()).toBe(NOW / 1000 - 60);
    // Used once: the next token request signs its own.
    tokens.invalidate('ya29.first');
    await expect(tokens.getToken()).resolves.toBe('ya29.second');
    expect(issuedAt()).toBe(clock / 1000 - 60);
  });

  it.each([
    ['older than ten minutes', NOW + 10 * 60_000 + 1_000],
    ['from the future of a clock set back since', NOW - 60_000],
  ])('signs afresh when the prepared assertion is %s', async (_, requestedAt) => {
    let clock = NOW;
    const fetch = scriptedFetch(tokenReply('ya29.late'));
    const { tokens } = source(withKid.key, fetch, () => clock);

    await tokens.prepare();
    clock = requestedAt;
    await expect(tokens.getToken()).resolves.toBe('ya29.late');
    expect(decodeJwt(assertionOf(fetch.requests[0])).iat).toBe(requestedAt / 1000 - 60);
  });

  it('names the service account for sharing', () => {
    const { tokens } = source(withKid.key, scriptedFetch());
    expect(tokens.serviceAccountEmail).toBe(withKid.key.client_email);
  });
});

describe('token endpoint failures', () => {
  it('turns invalid_grant into TOKEN_REJECTED without retrying and without the assertion or key', async () => {
    const fetch = scriptedFetch(
      json(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }),
    );
    const error = await rejection(source(withKid.key, fetch).tokens.getToken());

    expect(error).toMatchObject({
      code: 'TOKEN_REJECTED',
      status: 400,
      attempts: 1,
      retryable: false,
      oauthError: 'invalid_grant',
      oauthErrorDescription: 'Invalid JWT Signature.',
    });
    expect(error.message).toContain('Invalid JWT Signature.');
    expect(error.message).toContain(withKid.key.client_email);
    expect(fetch.requests).toHaveLength(1);

    const assertion = assertionOf(fetch.requests[0]);
    const keyBody = withKid.key.private_key.split('\n')[1] ?? 'unreachable';
    const everything = [
      error.message,
      JSON.stringify(error),
      String(error.cause),
      error.stack,
    ].join('\n');
    for (const secret of [assertion, assertion.split('.')[2] ?? 'unreachable', keyBody]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('retries 5xx, 429 and dropped connections with backoff, then returns the token', async () => {
    const fetch = scriptedFetch(
      json(503, { error: 'temporarily_unavailable' }),
      json(429, { error: 'rate_limited' }),
      new TypeError('fetch failed'),
      tokenReply('ya29.eventually'),
    );
    const { tokens, sleeps } = source(withKid.key, fetch);

    await expect(tokens.getToken()).resolves.toBe('ya29.eventually');
    expect(sleeps).toEqual([500, 1000, 2000]);
  });

  it('gives up with RATE_LIMITED after five attempts', async () => {
    const fetch = scriptedFetch(...Array.from({ length: 5 }, () => json(429, {})));
    const error = await rejection(source(withKid.key, fetch).tokens.getToken());

    expect(error).toMatchObject({ code: 'RATE_LIMITED', attempts: 5, retryable: true });
    expect(fetch.requests).toHaveLength(5);
  });

  it('reports a 200 without a usable token as BAD_RESPONSE without echoing the body', async () => {
    const fetch = scriptedFetch(json(200, { access_token: 'ya29.leaky', expires_in: 'soon' }));
    const error = await rejection(source(withKid.key, fetch).tokens.getToken());

    expect(error.code).toBe('BAD_RESPONSE');
    expect(`${error.message}${JSON.stringify(error)}`).not.toContain('ya29.leaky');
  });

  it('reports a key that cannot be imported as BAD_CREDENTIALS before any request', async () => {
    const key = {
      ...withKid.key,
      private_key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
    };
    const fetch = scriptedFetch();
    const error = await rejection(source(key, fetch).tokens.getToken());

    expect(error.code).toBe('BAD_CREDENTIALS');
    expect(fetch.requests).toHaveLength(0);
    // Preparing it fails alike, and so does every token request after.
    const { tokens } = source(key, fetch);
    await expect(tokens.prepare()).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    expect(fetch.requests).toHaveLength(0);
  });
});
