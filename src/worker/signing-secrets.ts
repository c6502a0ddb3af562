import { HttpFailure } from './http-failure';

/** How long after a rotation requests signed with keys of the previous secret still pass. */
export const ROTATION_GRACE_DAYS = 14;
/** The shortest secret accepted: `openssl rand -hex 32` gives 64 characters. */
const MIN_SECRET_LENGTH = 32;
/** Words of the example values in .dev.vars.example and the docs, never of a random secret. */
const PLACEHOLDER = /replace|example|placeholder|changeme|dev-only/i;

/** The part of the Worker's environment that holds the signing secrets. */
export interface SecretsEnv {
  SYNC_SIGNING_SECRET: string;
  SYNC_SIGNING_SECRET_PREVIOUS?: string;
  SYNC_SIGNING_SECRET_ROTATED_AT?: string;
}

const usable = (secret: string | undefined): secret is string =>
  secret !== undefined && secret.length >= MIN_SECRET_LENGTH && !PLACEHOLDER.test(secret);

/**
 * The secrets sheet keys may be derived from at `nowMs`: the current one, and the previous one
 * from SYNC_SIGNING_SECRET_ROTATED_AT until ROTATION_GRACE_DAYS after it. A missing, short or
 * example current secret refuses every request as NOT_CONFIGURED, saying what to do; a previous
 * secret without a valid rotation time is never accepted.
 */
export function signingSecrets(env: SecretsEnv, nowMs: number): string[] {
  const current = env.SYNC_SIGNING_SECRET;
  if (!current)
    throw new HttpFailure(
      'NOT_CONFIGURED',
      '同步服务尚未配置签名密钥：请管理员运行 openssl rand -hex 32 | npx wrangler secret put SYNC_SIGNING_SECRET。',
    );
  if (!usable(current))
    throw new HttpFailure(
      'NOT_CONFIGURED',
      `同步服务的签名密钥是示例值或太短（至少 ${MIN_SECRET_LENGTH} 个字符）：请管理员运行 openssl rand -hex 32 | npx wrangler secret put SYNC_SIGNING_SECRET 换成随机密钥。`,
    );
  const previous = env.SYNC_SIGNING_SECRET_PREVIOUS;
  const rotatedAt = Date.parse(env.SYNC_SIGNING_SECRET_ROTATED_AT ?? '');
  const inGrace = rotatedAt <= nowMs && nowMs < rotatedAt + ROTATION_GRACE_DAYS * 86_400_000;
  return usable(previous) && previous !== current && inGrace ? [current, previous] : [current];
}
