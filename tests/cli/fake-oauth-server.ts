import { createHash, randomBytes } from 'node:crypto';
import { type FetchServer, serveFetch } from '../../src/stand-in/serve-fetch';

/** What the person at the consent page does. */
export type ConsentChoice =
  | 'allow'
  | 'deny'
  /** Unticks every scope but the first (Google's granular consent). */
  | 'allow-first-scope-only'
  /** Closes the tab: the page never sends the browser back. */
  | 'close';

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
}

/** A request the fake's token endpoint answered. */
export interface TokenRequest {
  grantType: string | null;
  status: number;
  error?: string;
}

/**
 * Google's authorisation server in miniature (RFC 6749 + RFC 7636): `/o/oauth2/auth` redirects
 * per `choice`, `/token` checks the client, the redirect URI and the PKCE verifier against the
 * S256 challenge, issues refresh tokens and honours them until revoked.
 */
export class FakeOAuthServer {
  choice: ConsentChoice = 'allow';
  readonly consentPages: URL[] = [];
  readonly tokenRequests: TokenRequest[] = [];
  readonly clientId = `${randomBytes(6).toString('hex')}.apps.googleusercontent.com`;
  readonly clientSecret = randomBytes(12).toString('base64url');
  private readonly codes = new Map<string, IssuedCode>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly accessTokens = new Set<string>();
  private server: FetchServer | undefined;

  /** Starts listening on a free port of 127.0.0.1. */
  async start(): Promise<this> {
    this.server = await serveFetch((request) => this.handle(request));
    return this;
  }

  get url(): string {
    if (!this.server) throw new Error('The fake OAuth server is not running');
    return this.server.url;
  }

  /** A `client_secret_….json` of a Desktop app that points at this server. */
  clientFile(): object {
    return {
      installed: {
        client_id: this.clientId,
        project_id: 'dual-coverage-test',
        auth_uri: `${this.url}/o/oauth2/auth`,
        token_uri: `${this.url}/token`,
        auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
        client_secret: this.clientSecret,
        redirect_uris: ['http://localhost'],
      },
    };
  }

  /** A refresh token the server honours, as an earlier consent would have left. */
  issueRefreshToken(scope: string): string {
    const token = `1//${randomBytes(16).toString('base64url')}`;
    this.refreshTokens.set(token, scope);
    return token;
  }

  /** Revokes a refresh token: refreshing it now gets invalid_grant. */
  revoke(token: string): void {
    this.refreshTokens.delete(token);
  }

  /** Whether this server issued the access token (and so a caller really signed in). */
  issued(accessToken: string): boolean {
    return this.accessTokens.has(accessToken);
  }

  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }

  private async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/o/oauth2/auth') return this.consentPage(url);
    if (url.pathname === '/token' && request.method === 'POST')
      return this.token(new URLSearchParams(await request.text()));
    return new Response('Not Found', { status: 404 });
  }

  private consentPage(url: URL): Response {
    this.consentPages.push(url);
    const query = url.searchParams;
    const back = new URL(query.get('redirect_uri') ?? '');
    back.searchParams.set('state', query.get('state') ?? '');
    const scope = query.get('scope') ?? '';
    switch (this.choice) {
      case 'close':
        return new Response('<p>使用 Google 账号登录</p>', {
          headers: { 'content-type': 'text/html' },
        });
      case 'deny':
        back.searchParams.set('error', 'access_denied');
        break;
      default: {
        const code = `4/${randomBytes(16).toString('base64url')}`;
        this.codes.set(code, {
          clientId: query.get('client_id') ?? '',
          redirectUri: query.get('redirect_uri') ?? '',
          challenge:
            query.get('code_challenge_method') === 'S256'
              ? (query.get('code_challenge') ?? '')
              : '',
          scope: this.choice === 'allow' ? scope : (scope.split(' ')[0] ?? ''),
        });
        back.searchParams.set('code', code);
        back.searchParams.set('scope', this.codes.get(code)?.scope ?? '');
      }
    }
    return new Response(null, { status: 302, headers: { location: back.toString() } });
  }

  private token(form: URLSearchParams): Response {
    const grantType = form.get('grant_type');
    const refuse = (error: string, description: string, status = 400) => {
      this.tokenRequests.push({ grantType, status, error });
      return Response.json({ error, error_description: description }, { status });
    };
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret)
      return refuse('invalid_client', 'Unauthorized', 401);
    let scope: string;
    let refreshToken: string | undefined;
    if (grantType === 'authorization_code') {
      const issued = this.codes.get(form.get('code') ?? '');
      if (!issued) return refuse('invalid_grant', 'Malformed auth code.');
      this.codes.delete(form.get('code') ?? '');
      if (issued.redirectUri !== form.get('redirect_uri'))
        return refuse('redirect_uri_mismatch', 'Bad Request');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!issued.challenge || challenge !== issued.challenge)
        return refuse('invalid_grant', 'Invalid code verifier.');
      scope = issued.scope;
      refreshToken = this.issueRefreshToken(scope);
    } else if (grantType === 'refresh_token') {
      const granted = this.refreshTokens.get(form.get('refresh_token') ?? '');
      if (granted === undefined)
        return refuse('invalid_grant', 'Token has been expired or revoked.');
      scope = granted;
    } else {
      return refuse('unsupported_grant_type', 'Invalid grant_type.');
    }
    const accessToken = `ya29.${randomBytes(24).toString('base64url')}`;
    this.accessTokens.add(accessToken);
    this.tokenRequests.push({ grantType, status: 200 });
    return Response.json({
      access_token: accessToken,
      expires_in: 3599,
      scope,
      token_type: 'Bearer',
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
    });
  }
}
