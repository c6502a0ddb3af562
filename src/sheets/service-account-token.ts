import { type CryptoKey, importPKCS8, SignJWT } from 'jose';
import * as z from 'zod/mini';
import { type Reply, sendWithRetry, type TransportOptions } from './send-with-retry';
import { SheetsError } from './sheets-error';

/** Read and write access to spreadsheets, the only scope the sync needs. */
const SPREADSHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';

// Google's documented `aud`, whichever URL the assertion is posted to (a local emulator in
// development still expects the real audience).
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
// Google rejects assertions that live longer than an hour; iat is backdated for clock skew.
const ASSERTION_LIFETIME_S = 3600;
const CLOCK_SKEW_S = 60;
// Refresh this long before expiry so a token never dies during a slow sync.
const REFRESH_MARGIN_MS = 5 * 60_000;
/**
 * How old the assertion `prepare` signed may be for the first token request to send it instead
 * of signing its own: far inside its hour (`ASSERTION_LIFETIME_S`), so Google takes it. A
 * clock that went back since (a test's) gets a fresh one: the kept one would be from its future.
 */
const PREPARED_MAX_AGE_MS = 10 * 60_000;

const PEM_MESSAGE =
  'private_key must be a PKCS#8 PEM block ("-----BEGIN PRIVATE KEY-----"), as in the key file Google issues';

const keySchema = z.object(
  {
    type: z.optional(
      z.literal(
        'service_account',
        'type must be "service_account"; this is another kind of Google credential (create a key for a service account in the Cloud console)',
      ),
    ),
    client_email: z.email('client_email must be the service account e-mail address'),
    private_key: z
      .string(PEM_MESSAGE)
      .check(
        z.regex(/^\s*-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----\s*$/, PEM_MESSAGE),
      ),
    private_key_id: z.optional(z.string('private_key_id must be a string')),
    token_uri: z.optional(z.url('token_uri must be a URL')),
  },
  'the service-account key must be a JSON object',
);

/**
 * The parts of a Google service-account key JSON the token flow uses. `token_uri` is validated
 * but never followed: the signed assertion only goes to the configured token URL.
 */
export type ServiceAccountKey = z.infer<typeof keySchema>;

const tokenReplySchema = z.object({
  access_token: z.string().check(z.minLength(1)),
  expires_in: z.number().check(z.positive()),
});

/** Validates a service-account key JSON (text or parsed); throws BAD_CREDENTIALS naming each bad field. */
export function parseServiceAccountKey(json: string | object): ServiceAccountKey {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch {
      // The SyntaxError is dropped on purpose: V8 quotes the input around the error, which may
      // be a piece of the private key.
      throw new SheetsError(
        'BAD_CREDENTIALS',
        'The service-account key is not valid JSON; paste the downloaded key file whole and unmodified',
      );
    }
  }
  const result = z.safeParse(keySchema, value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => issue.message).join('; ');
    throw new SheetsError('BAD_CREDENTIALS', `The service-account key is unusable: ${problems}`);
  }
  return result.data;
}

/** Hands out access tokens for one service account. */
export interface AccessTokenSource {
  /** A valid access token, from the cache when it has more than five minutes left. */
  getToken(): Promise<string>;
  /** Forgets `token` (if it is the cached one) after Google answered 401 to it. */
  invalidate(token: string): void;
  /** The principal a spreadsheet must be shared with. */
  readonly serviceAccountEmail: string;
  /**
   * Imports the key and signs one assertion, sent nowhere yet: the first token request within
   * ten minutes sends it instead of signing (the Worker calls this at isolate start, so the
   * first sync of an isolate signs nothing). Rejects as a token request would.
   */
  prepare(): Promise<void>;
}

/** Settings of {@link createAccessTokenSource}; retry, timeout, sleep and random as for the client. */
export interface AccessTokenSourceOptions extends TransportOptions {
  key: ServiceAccountKey;
  scopes?: readonly string[];
  /** Where the assertion is posted; override only to point at a local emulator. */
  tokenUrl?: string;
}

/** Creates a token source that signs an RS256 assertion with the key and exchanges it at Google. */
export function createAccessTokenSource(options: AccessTokenSourceOptions): AccessTokenSource {
  const {
    key,
    scopes = [SPREADSHEETS_SCOPE],
    tokenUrl = GOOGLE_TOKEN_URL,
    now = Date.now,
  } = options;
  let signingKey: Promise<CryptoKey> | undefined;
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  // The assertion `prepare` signed, kept for one token request.
  let prepared: { assertion: string; signedAt: number } | undefined;

  function importSigningKey(): Promise<CryptoKey> {
    // Importing is the expensive step; a key that fails once will always fail, so the rejected
    // promise is kept too.
    signingKey ??= importPKCS8(key.private_key, 'RS256').catch((cause: unknown) => {
      throw new SheetsError(
        'BAD_CREDENTIALS',
        `The private key of ${key.client_email} cannot be imported as an RSA PKCS#8 key`,
        { cause },
      );
    });
    return signingKey;
  }

  async function sign(startedAt: number): Promise<string> {
    const iat = Math.floor(startedAt / 1000) - CLOCK_SKEW_S;
    return new SignJWT({ scope: scopes.join(' ') })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.private_key_id })
      .setIssuer(key.client_email)
      .setAudience(GOOGLE_TOKEN_URL)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ASSERTION_LIFETIME_S)
      .sign(await importSigningKey());
  }

  async function requestToken(): Promise<string> {
    const startedAt = now();
    const kept = prepared;
    prepared = undefined;
    const assertion =
      kept && startedAt >= kept.signedAt && startedAt - kept.signedAt <= PREPARED_MAX_AGE_MS
        ? kept.assertion
        : await sign(startedAt);
    const reply = await sendWithRetry(options, {
      label: `POST ${tokenUrl}`,
      resend: 'safe',
      prepare: async () => ({
        url: tokenUrl,
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString(),
        },
      }),
    });
    if (reply.status < 200 || reply.status > 299) throw tokenEndpointError(reply, key.client_email);
    const parsed = z.safeParse(tokenReplySchema, parseJson(reply.body));
    if (!parsed.success) {
      // The body is left out of the message: it may hold a token.
      throw new SheetsError(
        'BAD_RESPONSE',
        `The token endpoint answered HTTP ${reply.status} without an access_token and expires_in`,
        { status: reply.status, attempts: reply.attempts },
      );
    }
    const { access_token: token, expires_in: expiresIn } = parsed.data;
    cached = { token, refreshAt: startedAt + expiresIn * 1000 - REFRESH_MARGIN_MS };
    return token;
  }

  return {
    serviceAccountEmail: key.client_email,
    getToken() {
      if (cached !== undefined && now() < cached.refreshAt) return Promise.resolve(cached.token);
      // Concurrent callers share one request; a failure is not remembered, the next call retries.
      inFlight ??= requestToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
    async prepare() {
      const signedAt = now();
      prepared = { assertion: await sign(signedAt), signedAt };
    },
  };
}

function tokenEndpointError(reply: Reply, email: string): SheetsError {
  const { status, attempts } = reply;
  const facts = { status, attempts };
  const endpoint = `The token endpoint answered HTTP ${status}`;
  if (status === 429)
    return new SheetsError('RATE_LIMITED', `${endpoint} ${attempts} time(s)`, facts);
  if (status >= 500)
    return new SheetsError('UNAVAILABLE', `${endpoint} ${attempts} time(s)`, facts);
  if (status < 400) return new SheetsError('BAD_RESPONSE', endpoint, facts);
  // RFC 6749 §5.2 flat shape, not the google.rpc envelope.
  const body = parseJson(reply.body);
  const oauthError = stringField(body, 'error');
  const oauthErrorDescription = stringField(body, 'error_description');
  const said = [oauthError, oauthErrorDescription].filter(Boolean).join(': ') || `HTTP ${status}`;
  return new SheetsError(
    'TOKEN_REJECTED',
    `Google refused to issue a token for ${email}: ${said}`,
    {
      ...facts,
      oauthError,
      oauthErrorDescription,
    },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function stringField(value: unknown, name: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[name];
  return typeof field === 'string' ? field : undefined;
}
