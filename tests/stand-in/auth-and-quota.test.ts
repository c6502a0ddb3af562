import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { generateRsaKeyPair } from '../support/test-key';
import { sheetsApiCalls } from './sheets-api-calls';

const EMAIL = 'sync@dual-coverage-test.iam.gserviceaccount.com';
const AUDIENCE = 'https://oauth2.googleapis.com/token';
const SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const START = Date.UTC(2026, 4, 12, 8, 0, 0);

type KeyPair = Awaited<ReturnType<typeof generateRsaKeyPair>>;

let keys: KeyPair;
let otherKeys: KeyPair;

beforeAll(async () => {
  [keys, otherKeys] = await Promise.all([generateRsaKeyPair(), generateRsaKeyPair()]);
});

interface Clock {
  now: number;
}

async function setUp(options: { quota?: boolean } = {}) {
  const clock: Clock = { now: START };
  const standIn = new SheetsStandIn({ now: () => clock.now, quota: options.quota });
  await standIn.registerServiceAccount(EMAIL, keys.publicKey);
  const id = standIn.createSpreadsheet({ sheets: [{ title: 'Sheet1', rows: [['x']] }] });
  return { standIn, id, clock };
}

async function assertion(
  claims: Record<string, unknown> = {},
  key = keys.privateKey,
  seconds = START / 1000,
): Promise<string> {
  const iat = Math.floor(seconds) - 60;
  return new SignJWT({ iss: EMAIL, scope: SCOPE, aud: AUDIENCE, iat, exp: iat + 3600, ...claims })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .sign(key);
}

async function requestToken(
  standIn: SheetsStandIn,
  body: string,
  type = 'application/x-www-form-urlencoded',
) {
  const response = await standIn.fetch('https://oauth2.googleapis.com/token', {
    method: 'POST',
    headers: { 'content-type': type },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function form(jwt: string, grantType = JWT_BEARER): string {
  return new URLSearchParams({ grant_type: grantType, assertion: jwt }).toString();
}

async function tokenFor(standIn: SheetsStandIn): Promise<string> {
  const reply = await requestToken(standIn, form(await assertion()));
  return String(reply.body.access_token);
}

describe('the token endpoint (§8)', () => {
  it('exchanges a signed assertion for a bearer token, without a refresh token', async () => {
    const { standIn } = await setUp();
    const { status, body } = await requestToken(standIn, form(await assertion()));
    expect(status).toBe(200);
    expect(body).toEqual({
      access_token: expect.any(String),
      expires_in: 3599,
      token_type: 'Bearer',
    });
  });

  it('takes form-encoded bodies only', async () => {
    const { standIn } = await setUp();
    const reply = await requestToken(
      standIn,
      JSON.stringify({ grant_type: JWT_BEARER, assertion: await assertion() }),
      'application/json',
    );
    expect(reply.status).toBe(400);
    expect(Object.keys(reply.body).sort()).toEqual(['error', 'error_description']);
  });

  it('refuses another grant type', async () => {
    const { standIn } = await setUp();
    const reply = await requestToken(standIn, form(await assertion(), 'client_credentials'));
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('unsupported_grant_type');
  });

  it('refuses an assertion that is not a JWT', async () => {
    const { standIn } = await setUp();
    const reply = await requestToken(standIn, form('not-a-jwt'));
    expect(reply).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'Bad Request' },
    });
  });

  it('refuses an account that is not registered', async () => {
    const { standIn } = await setUp();
    const reply = await requestToken(
      standIn,
      form(await assertion({ iss: 'stranger@example.iam.gserviceaccount.com' })),
    );
    expect(reply).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid grant: account not found' },
    });
  });

  it('refuses a signature from another key', async () => {
    const { standIn } = await setUp();
    const reply = await requestToken(standIn, form(await assertion({}, otherKeys.privateKey)));
    expect(reply).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' },
    });
  });

  it('refuses another audience', async () => {
    const { standIn } = await setUp();
    const reply = await requestToken(
      standIn,
      form(await assertion({ aud: 'https://www.googleapis.com/oauth2/v4/token' })),
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('invalid_grant');
  });

  it('refuses assertions living over an hour, or already expired by the stand-in clock', async () => {
    const { standIn, clock } = await setUp();
    const message =
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';
    const iat = START / 1000 - 60;
    const long = await requestToken(standIn, form(await assertion({ iat, exp: iat + 3601 })));
    expect(long).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: message },
    });
    const jwt = await assertion();
    clock.now = START + 2 * 3600 * 1000;
    const late = await requestToken(standIn, form(jwt));
    expect(late.body.error_description).toBe(message);
  });

  it('refuses a missing scope', async () => {
    const { standIn } = await setUp();
    const reply = await requestToken(standIn, form(await assertion({ scope: undefined })));
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('invalid_scope');
  });
});

describe('authentication on Sheets calls (§7, §8)', () => {
  it('lets a valid token through', async () => {
    const { standIn, id } = await setUp();
    const reply = await sheetsApiCalls(standIn, id, await tokenFor(standIn)).get(
      'fields=spreadsheetId',
    );
    expect(reply).toMatchObject({ status: 200, body: { spreadsheetId: id } });
  });

  it('answers a call without Authorization with 403 once accounts exist', async () => {
    const { standIn, id } = await setUp();
    const reply = await sheetsApiCalls(standIn, id).get();
    expect(reply.status).toBe(403);
    expect(reply.body.error).toEqual({
      code: 403,
      message:
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      status: 'PERMISSION_DENIED',
    });
  });

  it('answers an unknown or expired token with 401 UNAUTHENTICATED', async () => {
    const { standIn, id, clock } = await setUp();
    const unknown = await sheetsApiCalls(standIn, id, 'ya29.forged').get();
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.status).toBe('UNAUTHENTICATED');
    expect(unknown.body.error.message).toMatch(/^Request had invalid authentication credentials\./);
    const token = await tokenFor(standIn);
    clock.now = START + 3600 * 1000;
    const expired = await sheetsApiCalls(standIn, id, token).get();
    expect(expired.status).toBe(401);
  });

  it('answers a caller the spreadsheet is not shared with with 403', async () => {
    const { standIn, id } = await setUp();
    standIn.share(id, ['someone.else@example.org']);
    const denied = await sheetsApiCalls(standIn, id, await tokenFor(standIn)).get();
    expect(denied.status).toBe(403);
    expect(denied.body.error).toEqual({
      code: 403,
      message: 'The caller does not have permission',
      status: 'PERMISSION_DENIED',
    });
    standIn.share(id, [EMAIL]);
    const allowed = await sheetsApiCalls(standIn, id, await tokenFor(standIn)).get();
    expect(allowed.status).toBe(200);
  });

  it('needs no token while no account is registered, unless told to', async () => {
    const open = new SheetsStandIn();
    const id = open.createSpreadsheet({ sheets: [{ title: 'Sheet1' }] });
    expect((await sheetsApiCalls(open, id).get()).status).toBe(200);
    const strict = new SheetsStandIn({ requireAuth: true });
    const strictId = strict.createSpreadsheet({ sheets: [{ title: 'Sheet1' }] });
    expect((await sheetsApiCalls(strict, strictId).get()).status).toBe(403);
  });
});

describe('per-minute quota (§7.3, §9)', () => {
  it('answers the 61st read of a minute with the full 429 body, counts writes apart, and refills', async () => {
    const { standIn, id, clock } = await setUp({ quota: true });
    const api = sheetsApiCalls(standIn, id, await tokenFor(standIn));
    for (let i = 0; i < 60; i++) expect((await api.get('fields=spreadsheetId')).status).toBe(200);
    const refused = await api.get('fields=spreadsheetId');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: {
        code: 429,
        message:
          "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:123456789'.",
        status: 'RESOURCE_EXHAUSTED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'RATE_LIMIT_EXCEEDED',
            domain: 'googleapis.com',
            metadata: {
              consumer: 'projects/123456789',
              service: 'sheets.googleapis.com',
              quota_metric: 'sheets.googleapis.com/read_requests',
              quota_limit: 'ReadRequestsPerMinutePerUser',
              quota_limit_value: '60',
              quota_location: 'global',
            },
          },
          {
            '@type': 'type.googleapis.com/google.rpc.Help',
            links: [
              {
                description: 'Request a higher quota limit.',
                url: 'https://cloud.google.com/docs/quotas/help/request_increase',
              },
            ],
          },
        ],
      },
    });
    const write = await api.valuesBatchClear({ ranges: ['Sheet1!A1'] });
    expect(write.status).toBe(200);
    clock.now = START + 60_000;
    expect((await api.get('fields=spreadsheetId')).status).toBe(200);
  });
});
