import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A refresh token kept between runs, with the scopes it was granted for. */
export interface CachedGrant {
  refreshToken: string;
  scopes: string[];
}

/** Where one OAuth client's refresh token is kept, readable by its owner only. */
export interface RefreshTokenCache {
  readonly path: string;
  load(): Promise<CachedGrant | undefined>;
  save(grant: CachedGrant): Promise<void>;
  forget(): Promise<void>;
}

/**
 * The cache file of one OAuth client: `$XDG_CONFIG_HOME/dual-coverage/` (else
 * `~/.config/dual-coverage/`), outside any repository, mode 0600 in a 0700 folder.
 */
export function refreshTokenCache(
  env: Record<string, string | undefined>,
  clientId: string,
): RefreshTokenCache {
  const dir = join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'dual-coverage');
  const path = join(dir, `google-oauth-${clientId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
  return {
    path,
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        const grant = JSON.parse(text) as Partial<CachedGrant>;
        if (typeof grant.refreshToken === 'string' && Array.isArray(grant.scopes))
          return { refreshToken: grant.refreshToken, scopes: grant.scopes.map(String) };
      } catch {
        // A damaged cache is only a lost sign-in: the next one replaces it.
      }
      return undefined;
    },
    async save(grant) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(path, `${JSON.stringify(grant, null, 2)}\n`, { mode: 0o600 });
      // The mode above applies only when the file is new.
      await chmod(path, 0o600);
    },
    async forget() {
      await rm(path, { force: true });
    },
  };
}
