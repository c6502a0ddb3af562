import type { RetryPolicy } from '../sheets/send-with-retry';
import {
  type AccessTokenSource,
  createAccessTokenSource,
  parseServiceAccountKey,
} from '../sheets/service-account-token';
import { createSheetsClient, type SheetsClient } from '../sheets/sheets-client';

/** The part of the Worker's environment a Sheets client needs. */
export interface SheetsEnv {
  GOOGLE_SERVICE_ACCOUNT_KEY: string;
  SHEETS_API_BASE_URL?: string;
  GOOGLE_TOKEN_URL?: string;
}

// One token source per key and isolate: tokens are cached across requests until near expiry.
const tokenSources = new Map<string, AccessTokenSource>();

/**
 * An endpoint override, honoured only when it points at this machine: a misconfigured
 * deployment can never send the service account's assertion or the data anywhere else.
 */
function localOverride(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { hostname } = new URL(url);
    return ['127.0.0.1', 'localhost', '[::1]'].includes(hostname) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The isolate's token source for `env`'s key, made on first use. */
export function tokenSourceForEnv(env: SheetsEnv): AccessTokenSource {
  const tokenUrl = localOverride(env.GOOGLE_TOKEN_URL);
  const cacheKey = `${tokenUrl ?? ''}\n${env.GOOGLE_SERVICE_ACCOUNT_KEY}`;
  let tokens = tokenSources.get(cacheKey);
  if (!tokens) {
    tokens = createAccessTokenSource({
      key: parseServiceAccountKey(env.GOOGLE_SERVICE_ACCOUNT_KEY),
      // Called unbound: Workers refuse fetch invoked as a method of another object.
      fetch: (input, init) => fetch(input, init),
      // Read at each call: the source outlives the request (and the test clock) that made it.
      now: () => Date.now(),
      ...(tokenUrl ? { tokenUrl } : {}),
    });
    tokenSources.set(cacheKey, tokens);
  }
  return tokens;
}

/**
 * A fresh Sheets client (its own round-trip count) over the isolate's cached tokens; `retry`
 * narrows its retry policy.
 */
export function sheetsClientForEnv(env: SheetsEnv, retry: Partial<RetryPolicy> = {}): SheetsClient {
  const baseUrl = localOverride(env.SHEETS_API_BASE_URL);
  return createSheetsClient({
    fetch: (input, init) => fetch(input, init),
    tokens: tokenSourceForEnv(env),
    retry,
    ...(baseUrl ? { baseUrl } : {}),
  });
}
