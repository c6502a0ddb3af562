import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authoriseUser, type UserCredentials } from '../../src/cli/authorise-user';
import { readOAuthClientFile } from '../../src/cli/oauth-client-file';
import { PROVISION_SCOPES } from '../../src/cli/provision-committee';
import { refreshTokenCache } from '../../src/cli/refresh-token-cache';
import { SignInError } from '../../src/cli/sign-in-error';
import { UsageError } from '../../src/cli/usage-error';
import { FakeOAuthServer } from './fake-oauth-server';

let google: FakeOAuthServer;
let configHome: string;
let clientFile: string;

beforeAll(async () => {
  google = await new FakeOAuthServer().start();
});
afterAll(() => google.close());

beforeEach(async () => {
  google.choice = 'allow';
  google.consentPages.length = 0;
  google.tokenRequests.length = 0;
  configHome = await mkdtemp(join(tmpdir(), 'dual-coverage-oauth-'));
  clientFile = join(configHome, 'client_secret.json');
  await writeFile(clientFile, JSON.stringify(google.clientFile()));
});

/** What the browser shows after following the consent page, or undefined while it stays there. */
interface BrowserVisit {
  consentUrl: string;
  back?: { status: number; text: string };
}

/** Signs in as `provision` does, with a browser that follows Google's redirect. */
async function signIn(options: { giveUp?: AbortController } = {}) {
  const client = await readOAuthClientFile(clientFile);
  const cache = refreshTokenCache({ XDG_CONFIG_HOME: configHome }, client.clientId);
  const visits: Promise<BrowserVisit>[] = [];
  const credentials = authoriseUser({
    client,
    scopes: PROVISION_SCOPES,
    cache,
    fetch,
    showConsent: (consentUrl) =>
      visits.push(
        (async () => {
          const consent = await fetch(consentUrl, { redirect: 'manual' });
          const location = consent.headers.get('location');
          // The tab is left open on the consent page, then closed: nothing ever comes back.
          if (!location) {
            options.giveUp?.abort();
            return { consentUrl };
          }
          const back = await fetch(location);
          return { consentUrl, back: { status: back.status, text: await back.text() } };
        })(),
      ),
    ...(options.giveUp ? { giveUp: options.giveUp.signal } : {}),
  });
  const outcome: { value?: UserCredentials; error?: unknown } = await credentials.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { ...outcome, visits: await Promise.all(visits), cache };
}

describe('provision signs the administrator in with their own OAuth client (no gcloud)', () => {
  it('asks for exactly the three scopes provisioning uses', () => {
    expect(PROVISION_SCOPES).toEqual([
      'https://www.googleapis.com/auth/spreadsheets',
      'https://www.googleapis.com/auth/drive.file',
      'https://www.googleapis.com/auth/script.projects',
    ]);
  });

  it('opens the consent page, takes the code on 127.0.0.1, exchanges it with the PKCE verifier and caches the refresh token (0600)', async () => {
    const { value, visits, cache } = await signIn();
    expect(value?.accessToken).toMatch(/^ya29\./);
    expect(google.issued(value?.accessToken ?? '')).toBe(true);

    const [visit] = visits;
    const consent = new URL(visit?.consentUrl ?? '');
    expect(consent.origin + consent.pathname).toBe(`${google.url}/o/oauth2/auth`);
    expect(Object.fromEntries(consent.searchParams)).toEqual({
      client_id: google.clientId,
      redirect_uri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      response_type: 'code',
      scope: PROVISION_SCOPES.join(' '),
      state: expect.stringMatching(/^[\w-]{32}$/),
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge_method: 'S256',
      access_type: 'offline',
      prompt: 'consent',
    });
    expect(visit?.back).toEqual({
      status: 200,
      text: expect.stringContaining('授权完成，可以关闭此页面，回到命令行窗口。'),
    });
    // The fake issued the tokens only because the verifier hashed to the challenge.
    expect(google.tokenRequests).toEqual([{ grantType: 'authorization_code', status: 200 }]);

    expect(cache.path).toBe(
      join(configHome, 'dual-coverage', `google-oauth-${google.clientId}.json`),
    );
    expect((await stat(cache.path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(configHome, 'dual-coverage'))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(cache.path, 'utf8'))).toEqual({
      refreshToken: value?.refreshToken,
      scopes: [...PROVISION_SCOPES],
    });
  });

  it('the next run refreshes the cached token without opening the browser', async () => {
    const first = await signIn();
    const second = await signIn();
    expect(second.visits).toEqual([]);
    expect(second.value?.refreshToken).toBe(first.value?.refreshToken);
    expect(second.value?.accessToken).not.toBe(first.value?.accessToken);
    expect(google.issued(second.value?.accessToken ?? '')).toBe(true);
    expect(google.tokenRequests.map((r) => r.grantType)).toEqual([
      'authorization_code',
      'refresh_token',
    ]);
  });

  it('a revoked or expired refresh token (invalid_grant) sends the administrator to the consent page again', async () => {
    const first = await signIn();
    google.revoke(first.value?.refreshToken ?? '');
    const again = await signIn();
    expect(again.visits).toHaveLength(1);
    expect(google.tokenRequests).toEqual([
      { grantType: 'authorization_code', status: 200 },
      { grantType: 'refresh_token', status: 400, error: 'invalid_grant' },
      { grantType: 'authorization_code', status: 200 },
    ]);
    expect((await again.cache.load())?.refreshToken).toBe(again.value?.refreshToken);
  });

  it('a refused consent (access_denied) stops with one sentence and caches nothing', async () => {
    google.choice = 'deny';
    const { error, visits, cache } = await signIn();
    expect(error).toBeInstanceOf(SignInError);
    expect((error as Error).message).toBe(
      '您在 Google 授权页面上拒绝了访问，什么也没有创建：如需继续，请重新运行命令并点击“允许”。',
    );
    expect(visits[0]?.back?.text).toContain('您拒绝了授权');
    expect(google.tokenRequests).toEqual([]);
    expect(await cache.load()).toBeUndefined();
  });

  it('a closed browser tab: gives up at the deadline with one sentence', async () => {
    google.choice = 'close';
    const { error, visits } = await signIn({ giveUp: new AbortController() });
    expect(visits).toHaveLength(1);
    expect(error).toBeInstanceOf(SignInError);
    expect((error as Error).message).toBe(
      '没有等到浏览器中的授权结果（授权页面可能已关闭）：请重新运行命令，在打开的页面中登录并点击“允许”。',
    );
  });

  it('scopes left unticked on the consent page: names them and caches nothing', async () => {
    google.choice = 'allow-first-scope-only';
    const { error, cache } = await signIn();
    expect((error as Error).message).toBe(
      '授权时没有勾选全部权限（缺少 https://www.googleapis.com/auth/drive.file、https://www.googleapis.com/auth/script.projects）：请重新运行命令，在授权页面勾选所有权限后点击“继续”。',
    );
    expect(await cache.load()).toBeUndefined();
  });
});

describe('an OAuth client Google does not know (deleted, or its secret changed)', () => {
  it('stops with what to download again, and caches nothing', async () => {
    const file = google.clientFile() as { installed: Record<string, unknown> };
    await writeFile(
      clientFile,
      JSON.stringify({ installed: { ...file.installed, client_secret: 'rotated' } }),
    );
    const { error, cache } = await signIn();
    expect((error as Error).message).toBe(
      'Google 不认这个 OAuth 客户端（可能已被删除或改了密钥）：请在 Cloud 控制台“凭据”中重新下载桌面应用客户端的 JSON，再运行命令。',
    );
    expect(google.tokenRequests).toEqual([
      { grantType: 'authorization_code', status: 401, error: 'invalid_client' },
    ]);
    expect(await cache.load()).toBeUndefined();
  });
});

describe('the OAuth client file', () => {
  it('refuses a "Web application" client and a file that is not a client, saying what to create', async () => {
    await writeFile(clientFile, JSON.stringify({ web: google.clientFile() }));
    await expect(readOAuthClientFile(clientFile)).rejects.toThrow(
      /是“Web 应用”类型的 OAuth 客户端，不能用于命令行登录：请在 Google Cloud 控制台 → API 和服务 → 凭据 → 创建凭据 → OAuth 客户端 ID → 应用类型“桌面应用”/,
    );
    await writeFile(clientFile, JSON.stringify({ type: 'service_account', client_email: 'x@y' }));
    await expect(readOAuthClientFile(clientFile)).rejects.toBeInstanceOf(UsageError);
    await writeFile(clientFile, '{');
    await expect(readOAuthClientFile(clientFile)).rejects.toThrow(/不是 JSON 文件/);
  });
});
