import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuthClient } from './oauth-client-file';
import type { RefreshTokenCache } from './refresh-token-cache';
import { SignInError } from './sign-in-error';

/** A signed-in administrator: an access token and the refresh token behind it. */
export interface UserCredentials {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  refreshToken: string;
}

/** Settings of {@link authoriseUser}. */
export interface AuthoriseOptions {
  client: OAuthClient;
  scopes: readonly string[];
  cache: RefreshTokenCache;
  fetch: typeof fetch;
  /** Shows the consent page's address to the administrator (opens the browser, prints it). */
  showConsent: (url: string) => void;
  /** Stops waiting for the browser; by default after five minutes. */
  giveUp?: AbortSignal;
  /** The clock, in epoch milliseconds. */
  now?: () => number;
}

const CONSENT_WAIT_MS = 5 * 60_000;

/** The OAuth 2.0 token endpoint's answer (RFC 6749 §5.1, §5.2). */
interface TokenReply {
  access_token?: string;
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
  error?: string;
}

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

async function requestToken(
  options: AuthoriseOptions,
  grant: Record<string, string>,
): Promise<TokenReply> {
  const { client } = options;
  let response: Response;
  try {
    response = await options.fetch(client.tokenUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        ...grant,
      }),
    });
  } catch {
    throw new SignInError('无法连接 Google 登录服务：请检查网络后重新运行命令。');
  }
  const reply = (await response.json().catch(() => ({}))) as TokenReply;
  if (response.ok && typeof reply.access_token === 'string') return reply;
  if (reply.error === 'invalid_grant') return { error: 'invalid_grant' };
  if (reply.error === 'invalid_client' || reply.error === 'unauthorized_client')
    throw new SignInError(
      'Google 不认这个 OAuth 客户端（可能已被删除或改了密钥）：请在 Cloud 控制台“凭据”中重新下载桌面应用客户端的 JSON，再运行命令。',
    );
  throw new SignInError(
    `Google 登录服务拒绝了请求（${reply.error ?? `HTTP ${response.status}`}）：请稍后重新运行命令。`,
  );
}

function credentialsOf(reply: TokenReply, refreshToken: string, now: number): UserCredentials {
  return {
    accessToken: reply.access_token as string,
    expiresAt: now + (reply.expires_in ?? 3600) * 1000,
    refreshToken,
  };
}

const PAGE = (text: string) =>
  `<!doctype html><meta charset="utf-8"><title>两个全覆盖</title><p style="font:18px sans-serif;margin:3em">${text}</p>`;

/**
 * Serves the loopback redirect (RFC 8252 §7.3) until Google sends the browser back with a code
 * for this `state`; refusals and the deadline become SignInErrors.
 */
function awaitRedirect(server: Server, state: string, giveUp: AbortSignal): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const stop = () =>
      reject(
        new SignInError(
          '没有等到浏览器中的授权结果（授权页面可能已关闭）：请重新运行命令，在打开的页面中登录并点击“允许”。',
        ),
      );
    if (giveUp.aborted) stop();
    giveUp.addEventListener('abort', stop, { once: true });
    server.on('request', (request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const answer = (status: number, text: string) => {
        response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
        response.end(PAGE(text));
      };
      // Anything else (a favicon, a stale tab of an earlier run) is not our answer.
      if (url.pathname !== '/' || url.searchParams.get('state') !== state) {
        answer(404, '这不是本次授权的回调地址。');
        return;
      }
      const code = url.searchParams.get('code');
      const error = url.searchParams.get('error');
      giveUp.removeEventListener('abort', stop);
      if (code) {
        answer(200, '授权完成，可以关闭此页面，回到命令行窗口。');
        resolve(code);
      } else if (error === 'access_denied') {
        answer(200, '您拒绝了授权，可以关闭此页面。');
        reject(
          new SignInError(
            '您在 Google 授权页面上拒绝了访问，什么也没有创建：如需继续，请重新运行命令并点击“允许”。',
          ),
        );
      } else {
        answer(400, '授权没有完成，请回到命令行窗口查看原因。');
        reject(
          new SignInError(`Google 授权没有完成（${error ?? '没有返回授权码'}）：请重新运行命令。`),
        );
      }
    });
  });
}

/** Runs the consent in the browser: loopback redirect on a free port, PKCE S256, offline access. */
async function consent(options: AuthoriseOptions, now: () => number): Promise<UserCredentials> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  try {
    const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const state = base64url(randomBytes(24));
    const verifier = base64url(randomBytes(32));
    const url = new URL(options.client.authUri);
    url.search = new URLSearchParams({
      client_id: options.client.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: options.scopes.join(' '),
      state,
      code_challenge: base64url(createHash('sha256').update(verifier).digest()),
      code_challenge_method: 'S256',
      // A refresh token, even when this client was authorised before.
      access_type: 'offline',
      prompt: 'consent',
    }).toString();
    const redirected = awaitRedirect(
      server,
      state,
      options.giveUp ?? AbortSignal.timeout(CONSENT_WAIT_MS),
    );
    options.showConsent(url.toString());
    const code = await redirected;
    const reply = await requestToken(options, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    if (reply.error || !reply.refresh_token)
      throw new SignInError('Google 没有接受这次授权：请重新运行命令，再授权一次。');
    // Google's consent screen lets the user untick scopes one by one.
    const granted = (reply.scope ?? options.scopes.join(' ')).split(' ');
    const missing = options.scopes.filter((scope) => !granted.includes(scope));
    if (missing.length > 0)
      throw new SignInError(
        `授权时没有勾选全部权限（缺少 ${missing.join('、')}）：请重新运行命令，在授权页面勾选所有权限后点击“继续”。`,
      );
    await options.cache.save({ refreshToken: reply.refresh_token, scopes: granted });
    return credentialsOf(reply, reply.refresh_token, now());
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * Signs the administrator in with their own OAuth client (installed-app flow, no gcloud): a
 * cached refresh token is used while Google still honours it; otherwise the consent page opens
 * in the browser and the new refresh token is cached.
 */
export async function authoriseUser(options: AuthoriseOptions): Promise<UserCredentials> {
  const now = options.now ?? Date.now;
  const cached = await options.cache.load();
  if (cached && options.scopes.every((scope) => cached.scopes.includes(scope))) {
    const reply = await requestToken(options, {
      grant_type: 'refresh_token',
      refresh_token: cached.refreshToken,
    });
    // invalid_grant: revoked, unused for six months, or seven days old in a "Testing" app.
    if (!reply.error) return credentialsOf(reply, cached.refreshToken, now());
    await options.cache.forget();
  }
  return consent(options, now);
}
