import { google } from 'googleapis';
import { authoriseUser } from './authorise-user';
import { readOAuthClientFile } from './oauth-client-file';
import { openBrowser } from './open-browser';
import { PROVISION_SCOPES } from './provision-committee';
import { refreshTokenCache } from './refresh-token-cache';

/** Where sign-in talks to the administrator, and how it reaches Google; tests pass their own. */
export interface SignInIo {
  stdout: (text: string) => void;
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
  showConsent?: (url: string) => void;
}

/**
 * Signs the administrator in for `provision` with the OAuth client in `clientFile` (a Desktop
 * app of their own Cloud project) and returns the credentials googleapis takes: cached refresh
 * token first, else the consent page in the browser.
 */
export async function signInAdministrator(clientFile: string, io: SignInIo) {
  const client = await readOAuthClientFile(clientFile);
  const cache = refreshTokenCache(io.env, client.clientId);
  const credentials = await authoriseUser({
    client,
    scopes: PROVISION_SCOPES,
    cache,
    fetch: io.fetch ?? fetch,
    showConsent:
      io.showConsent ??
      ((url) => {
        io.stdout(
          [
            '正在浏览器中打开 Google 授权页面；如果没有打开，请把下面的网址复制到浏览器：',
            url,
            '用管理员本人的 Google 账号登录；出现“Google 尚未验证此应用”时点“继续”（这是您自己的 OAuth 客户端），勾选全部权限后点“继续”。',
            '',
          ].join('\n'),
        );
        openBrowser(url);
      }),
  });
  io.stdout(`已登录 Google（授权保存在 ${cache.path}）。\n`);
  const auth = new google.auth.OAuth2({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    endpoints: { oauth2TokenUrl: client.tokenUri },
  });
  auth.setCredentials({
    access_token: credentials.accessToken,
    refresh_token: credentials.refreshToken,
    expiry_date: credentials.expiresAt,
    token_type: 'Bearer',
  });
  return auth;
}
