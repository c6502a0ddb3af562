import type { CryptoKey, JWK, JWTPayload } from 'jose';

// jose loads only when a token is asked for: the command line's offline sync never needs one,
// and loading it costs more than a small workbook's whole sync.
const jose = () => import('jose');

/** The one audience Google accepts in a service-account assertion (§8). */
const TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const MAX_ASSERTION_SECONDS = 3600;
// How far in the future an `iat` may be before it is "not a reasonable timeframe".
const CLOCK_SKEW_SECONDS = 300;
const TOKEN_SECONDS = 3600;

/** A public key for verifying a service account's assertions: a CryptoKey, an SPKI PEM, or a JWK. */
export type ServiceAccountPublicKey = CryptoKey | string | JWK;

/** The JSON key file Google hands out for a service account (the fields clients read). */
export interface ServiceAccountKeyFile {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  token_uri: string;
}

/** Who an access token speaks for. */
export interface TokenGrant {
  email: string;
  scopes: string[];
  expiresAt: number;
}

function oauthError(error: string, description: string): Response {
  return new Response(JSON.stringify({ error, error_description: description }, null, 2), {
    status: 400,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');
}

async function importPublicKey(key: ServiceAccountPublicKey): Promise<CryptoKey> {
  const { importJWK, importSPKI } = await jose();
  if (typeof key === 'string') return importSPKI(key, 'RS256');
  if ('type' in key && 'algorithm' in key) return key as CryptoKey;
  return (await importJWK(key as JWK, 'RS256')) as CryptoKey;
}

/**
 * Google's OAuth2 token endpoint for service accounts (JWT bearer, §8): registered accounts'
 * assertions are verified with their public keys and exchanged for opaque access tokens, which
 * the Sheets routes then accept. Errors use the flat `{error, error_description}` shape.
 */
export class OAuthTokenService {
  private readonly accounts = new Map<string, CryptoKey>();
  private readonly grants = new Map<string, TokenGrant>();
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  /** Whether any service account is registered, which turns Sheets authentication on by default. */
  get hasAccounts(): boolean {
    return this.accounts.size > 0;
  }

  async register(email: string, publicKey: ServiceAccountPublicKey): Promise<void> {
    this.accounts.set(email.toLowerCase(), await importPublicKey(publicKey));
  }

  /** Generates an RSA key pair, registers its public half, and returns a key file like Google's. */
  async createServiceAccount(email: string): Promise<ServiceAccountKeyFile> {
    const pair = (await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    )) as { publicKey: CryptoKey; privateKey: CryptoKey };
    await this.register(email, pair.publicKey);
    return {
      type: 'service_account',
      project_id: email.split('@')[1]?.split('.')[0] ?? 'stand-in',
      private_key_id: randomHex(20),
      private_key: await (await jose()).exportPKCS8(pair.privateKey),
      client_email: email,
      token_uri: TOKEN_AUDIENCE,
    };
  }

  /** The grant behind a bearer token: `unknown` if never issued, `expired` once past its hour. */
  verify(accessToken: string): TokenGrant | 'unknown' | 'expired' {
    const grant = this.grants.get(accessToken);
    if (!grant) return 'unknown';
    return grant.expiresAt <= this.now() ? 'expired' : grant;
  }

  /** Answers `POST /token`. */
  async exchange(request: Request): Promise<Response> {
    const type = request.headers.get('content-type') ?? '';
    // Only a form body is read; a JSON body therefore arrives without a grant_type.
    const form = type.startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(new TextDecoder().decode(await request.arrayBuffer()))
      : new URLSearchParams();
    const grantType = form.get('grant_type') ?? '';
    if (grantType !== JWT_BEARER)
      return oauthError('unsupported_grant_type', `Invalid grant_type: ${grantType}`);
    const assertion = form.get('assertion') ?? '';
    const { compactVerify, decodeJwt, decodeProtectedHeader } = await jose();
    let claims: JWTPayload;
    let algorithm: string | undefined;
    try {
      claims = decodeJwt(assertion);
      algorithm = decodeProtectedHeader(assertion).alg;
    } catch {
      return oauthError('invalid_request', 'Bad Request');
    }
    const email = typeof claims.iss === 'string' ? claims.iss : '';
    const key = this.accounts.get(email.toLowerCase());
    if (!key) return oauthError('invalid_grant', 'Invalid grant: account not found');
    try {
      if (algorithm !== 'RS256') throw new Error('not RS256');
      await compactVerify(assertion, key, { algorithms: ['RS256'] });
    } catch {
      return oauthError('invalid_grant', 'Invalid JWT Signature.');
    }
    if (claims.aud !== TOKEN_AUDIENCE) {
      return oauthError(
        'invalid_grant',
        `Invalid JWT: Failed audience check. The expected audience is ${TOKEN_AUDIENCE}.`,
      );
    }
    const nowSeconds = this.now() / 1000;
    const { iat, exp } = claims;
    if (
      typeof iat !== 'number' ||
      typeof exp !== 'number' ||
      exp - iat > MAX_ASSERTION_SECONDS ||
      exp <= iat ||
      exp <= nowSeconds ||
      iat > nowSeconds + CLOCK_SKEW_SECONDS
    ) {
      return oauthError(
        'invalid_grant',
        'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
      );
    }
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
    if (scopes.length === 0)
      return oauthError('invalid_scope', 'Empty or missing scope not allowed.');
    if (claims.sub !== undefined && claims.sub !== email) {
      return oauthError(
        'unauthorized_client',
        'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
      );
    }
    const accessToken = `ya29.c.stand-in.${randomHex(24)}`;
    this.grants.set(accessToken, { email, scopes, expiresAt: this.now() + TOKEN_SECONDS * 1000 });
    return new Response(
      JSON.stringify(
        { access_token: accessToken, expires_in: TOKEN_SECONDS - 1, token_type: 'Bearer' },
        null,
        2,
      ),
      { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } },
    );
  }
}
