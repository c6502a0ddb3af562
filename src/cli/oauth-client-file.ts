import { readFile } from 'node:fs/promises';
import { UsageError } from './usage-error';

/** The deployer's own OAuth client (type "Desktop app"), from the JSON the Cloud console gives. */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** Google's consent page, `https://accounts.google.com/o/oauth2/auth`. */
  authUri: string;
  /** Google's token endpoint, `https://oauth2.googleapis.com/token`. */
  tokenUri: string;
}

const WHERE =
  'Google Cloud 控制台 → API 和服务 → 凭据 → 创建凭据 → OAuth 客户端 ID → 应用类型“桌面应用”，创建后下载 JSON';

// Google's own endpoints are https; http is accepted on this machine only (a local fake in tests).
function isEndpoint(value: unknown): value is string {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || ['127.0.0.1', 'localhost'].includes(url.hostname);
}

/**
 * Reads `client_secret_….json`: the `installed` client of a "Desktop app". A "Web application"
 * client cannot use the loopback redirect, so it is refused with what to create instead.
 */
export async function readOAuthClientFile(path: string): Promise<OAuthClient> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new UsageError(`${path} 不是 JSON 文件：请使用从 ${WHERE} 得到的文件。`);
    throw error;
  }
  const file = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (file.web !== undefined)
    throw new UsageError(
      `${path} 是“Web 应用”类型的 OAuth 客户端，不能用于命令行登录：请在 ${WHERE}。`,
    );
  const installed = (file.installed ?? {}) as Record<string, unknown>;
  const { client_id, client_secret, auth_uri, token_uri } = installed;
  if (
    typeof client_id !== 'string' ||
    typeof client_secret !== 'string' ||
    !isEndpoint(auth_uri) ||
    !isEndpoint(token_uri)
  )
    throw new UsageError(`${path} 不是“桌面应用”类型的 OAuth 客户端 JSON：请在 ${WHERE}。`);
  return {
    clientId: client_id,
    clientSecret: client_secret,
    authUri: auth_uri,
    tokenUri: token_uri,
  };
}
