import { createHash, createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli';
import {
  canonicalRequest,
  deriveAdminKey,
  deriveSheetKey,
  MAX_SKEW_SECONDS,
  signRequest,
  verifyRequest,
} from '../src/worker/request-signature';
import { ROTATION_GRACE_DAYS, signingSecrets } from '../src/worker/signing-secrets';
import vector from './fixtures/signing-vector.json';

const hmac = (key: string, message: string) =>
  createHmac('sha256', key).update(message).digest('hex');

describe('request signatures (docs/request-signing.md)', () => {
  const { secret, spreadsheetId, timestamp, body, path } = vector;

  it('derives the sheet key of generation 1 as hex(HMAC-SHA256(secret, spreadsheetId)), matching an independent implementation', async () => {
    expect(await deriveSheetKey(secret, spreadsheetId)).toBe(hmac(secret, spreadsheetId));
    expect(hmac(secret, spreadsheetId)).toBe(vector.expectedKey);
  });

  it('derives later generations from spreadsheetId#generation, and the admin key from a label no id can equal', async () => {
    expect(await deriveSheetKey(secret, spreadsheetId, 2)).toBe(hmac(secret, `${spreadsheetId}#2`));
    expect(await deriveSheetKey(secret, spreadsheetId, 2)).toBe(vector.expectedKeyGeneration2);
    expect(await deriveSheetKey(secret, spreadsheetId, 3)).not.toBe(vector.expectedKeyGeneration2);
    expect(await deriveAdminKey(secret)).toBe(hmac(secret, 'dual-coverage admin'));
    expect(await deriveAdminKey(secret)).toBe(vector.expectedAdminKey);
  });

  it('signs the version, timestamp, method, path and the body hash, one per line, and names the version in the header', async () => {
    const key = await deriveSheetKey(secret, spreadsheetId);
    const bodyHash = createHash('sha256').update(body).digest('hex');
    const canonical = `v1\n${timestamp}\nPOST\n${path}\n${bodyHash}`;
    expect(await canonicalRequest(String(timestamp), 'post', path, body)).toBe(canonical);
    expect(canonical).toBe(vector.expectedCanonical);
    expect(hmac(key, canonical)).toBe(vector.expectedSignature);
    expect(await signRequest({ key, method: 'POST', path, body, timestamp })).toEqual({
      'x-dc-timestamp': String(timestamp),
      'x-dc-signature': vector.expectedSignatureHeader,
    });
    const { status } = vector;
    expect(await canonicalRequest(String(timestamp), 'GET', status.path, '')).toBe(
      status.expectedCanonical,
    );
    expect(
      (await signRequest({ key, method: 'GET', path: status.path, body: '', timestamp }))[
        'x-dc-signature'
      ],
    ).toBe(status.expectedSignatureHeader);
  });

  describe('verification', () => {
    async function base() {
      const key = await deriveSheetKey(secret, spreadsheetId);
      const headers = await signRequest({ key, method: 'POST', path, body, timestamp });
      return {
        keys: [key],
        method: 'POST',
        path,
        body: new TextEncoder().encode(body),
        timestamp: headers['x-dc-timestamp'] ?? null,
        signature: headers['x-dc-signature'] ?? null,
        now: timestamp + 10,
      };
    }

    it('accepts its own signature under any of the keys given, and refuses every change', async () => {
      const request = await base();
      expect(await verifyRequest(request)).toBeNull();
      expect(
        await verifyRequest({ ...request, keys: ['0'.repeat(64), ...request.keys] }),
      ).toBeNull();
      expect(await verifyRequest({ ...request, keys: [] })).toBe('BAD_SIGNATURE');
      expect(await verifyRequest({ ...request, signature: null })).toBe('MISSING_SIGNATURE');
      expect(await verifyRequest({ ...request, timestamp: '' })).toBe('MISSING_SIGNATURE');
      expect(await verifyRequest({ ...request, body: new TextEncoder().encode('{}') })).toBe(
        'BAD_SIGNATURE',
      );
      expect(await verifyRequest({ ...request, method: 'PUT' })).toBe('BAD_SIGNATURE');
      expect(
        await verifyRequest({ ...request, keys: [await deriveSheetKey(secret, 'another')] }),
      ).toBe('BAD_SIGNATURE');
      expect(
        await verifyRequest({ ...request, keys: [await deriveSheetKey(secret, spreadsheetId, 2)] }),
      ).toBe('BAD_SIGNATURE');
    });

    it('accepts a signature exactly 300 s old or ahead (the boundary is inclusive)', async () => {
      const request = await base();
      expect(MAX_SKEW_SECONDS).toBe(300);
      expect(await verifyRequest({ ...request, now: timestamp + 300 })).toBeNull();
      expect(await verifyRequest({ ...request, now: timestamp - 300 })).toBeNull();
    });

    it('refuses a signature 301 s old or ahead as EXPIRED', async () => {
      const request = await base();
      expect(await verifyRequest({ ...request, now: timestamp + 301 })).toBe('EXPIRED');
      expect(await verifyRequest({ ...request, now: timestamp - 301 })).toBe('EXPIRED');
    });

    it('reads the header before the clock: a malformed header is BAD_SIGNATURE even when stale', async () => {
      const request = await base();
      const stale = { ...request, now: timestamp + 10_000 };
      expect(await verifyRequest(stale)).toBe('EXPIRED');
      expect(await verifyRequest({ ...stale, signature: 'not-a-signature' })).toBe('BAD_SIGNATURE');
      expect(await verifyRequest({ ...stale, timestamp: `${timestamp}.0` })).toBe('BAD_SIGNATURE');
    });

    it('versioned header: skips entries of other versions, needs exactly one v1, reads at most four entries', async () => {
      const request = await base();
      const v1 = request.signature as string;
      const other = `v2=${'a'.repeat(64)}`;
      expect(await verifyRequest({ ...request, signature: `${other},${v1}` })).toBeNull();
      expect(await verifyRequest({ ...request, signature: `${v1},${other}` })).toBeNull();
      expect(await verifyRequest({ ...request, signature: other })).toBe('BAD_SIGNATURE');
      expect(await verifyRequest({ ...request, signature: v1.slice(3) })).toBe('BAD_SIGNATURE');
      expect(await verifyRequest({ ...request, signature: `${v1},${v1}` })).toBe('BAD_SIGNATURE');
      expect(await verifyRequest({ ...request, signature: `${v1}, ${other}` })).toBe(
        'BAD_SIGNATURE',
      );
      expect(
        await verifyRequest({ ...request, signature: [other, other, other, v1].join(',') }),
      ).toBeNull();
      expect(
        await verifyRequest({ ...request, signature: [other, other, other, other, v1].join(',') }),
      ).toBe('BAD_SIGNATURE');
    });

    it('versioned header: each entry is v<1–3 digits>=<64 hex digits> and nothing more', async () => {
      const request = await base();
      const v1 = request.signature as string;
      const future = (version: string) => `${version}=${'b'.repeat(64)},${v1}`;
      expect(await verifyRequest({ ...request, signature: future('v10') })).toBeNull();
      expect(await verifyRequest({ ...request, signature: future('v100') })).toBeNull();
      expect(await verifyRequest({ ...request, signature: future('v1000') })).toBe('BAD_SIGNATURE');
      expect(await verifyRequest({ ...request, signature: `${v1}0` })).toBe('BAD_SIGNATURE');
      expect(await verifyRequest({ ...request, signature: `${v1}x` })).toBe('BAD_SIGNATURE');
    });
  });

  it('npm run cli -- key prints the sheet key from SYNC_SIGNING_SECRET, of generation 1 or the one given', async () => {
    const printed = async (args: string[]) => {
      let out = '';
      const code = await runCli(['key', '--spreadsheet', spreadsheetId, ...args], {
        stdout: (t) => (out += t),
        stderr: () => undefined,
        env: { SYNC_SIGNING_SECRET: secret },
      });
      expect(code).toBe(0);
      return out.trim();
    };
    expect(await printed([])).toBe(vector.expectedKey);
    expect(await printed(['--generation', '2'])).toBe(vector.expectedKeyGeneration2);
  });
});

describe('the signing secrets a deployment accepts (docs/request-signing.md, "Keys")', () => {
  const current = 'c'.repeat(40);
  const previous = 'p'.repeat(40);
  const rotatedAt = Date.parse('2026-05-01T00:00:00Z');
  const day = 86_400_000;

  it('refuses a missing, short or example secret as NOT_CONFIGURED, saying what to run', async () => {
    const example = (await readFile('.dev.vars.example', 'utf8')).match(
      /^SYNC_SIGNING_SECRET=(.*)$/m,
    )?.[1];
    expect(example).toBeTruthy();
    for (const secret of [
      '',
      example as string,
      'dev-only-signing-secret',
      'x'.repeat(31),
      `replace-me-${'0'.repeat(40)}`,
    ]) {
      let thrown: unknown;
      try {
        signingSecrets({ SYNC_SIGNING_SECRET: secret }, rotatedAt);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, secret).toMatchObject({
        code: 'NOT_CONFIGURED',
        status: 500,
        message: expect.stringContaining('wrangler secret put SYNC_SIGNING_SECRET'),
      });
    }
    expect(signingSecrets({ SYNC_SIGNING_SECRET: 'x'.repeat(32) }, 0)).toEqual(['x'.repeat(32)]);
  });

  it(`accepts the previous secret from the rotation until ${ROTATION_GRACE_DAYS} days after it, and never without a rotation time`, () => {
    const env = {
      SYNC_SIGNING_SECRET: current,
      SYNC_SIGNING_SECRET_PREVIOUS: previous,
      SYNC_SIGNING_SECRET_ROTATED_AT: '2026-05-01T00:00:00Z',
    };
    const grace = ROTATION_GRACE_DAYS * day;
    expect(signingSecrets(env, rotatedAt - 1)).toEqual([current]);
    expect(signingSecrets(env, rotatedAt)).toEqual([current, previous]);
    expect(signingSecrets(env, rotatedAt + grace - 1)).toEqual([current, previous]);
    expect(signingSecrets(env, rotatedAt + grace)).toEqual([current]);
    expect(signingSecrets({ ...env, SYNC_SIGNING_SECRET_ROTATED_AT: '' }, rotatedAt)).toEqual([
      current,
    ]);
    expect(
      signingSecrets({ ...env, SYNC_SIGNING_SECRET_ROTATED_AT: 'last tuesday' }, rotatedAt),
    ).toEqual([current]);
    expect(
      signingSecrets({ ...env, SYNC_SIGNING_SECRET_PREVIOUS: 'short' }, rotatedAt + day),
    ).toEqual([current]);
  });
});
