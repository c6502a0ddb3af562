import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli';
import {
  canonicalRequest,
  deriveSheetKey,
  signRequest,
  verifyRequest,
} from '../src/worker/request-signature';
import vector from './fixtures/signing-vector.json';

describe('request signatures (docs/request-signing.md)', () => {
  const { secret, spreadsheetId, timestamp, body, path } = vector;

  it('derives the sheet key as hex(HMAC-SHA256(secret, spreadsheetId)), matching an independent implementation', async () => {
    const expected = createHmac('sha256', secret).update(spreadsheetId).digest('hex');
    expect(await deriveSheetKey(secret, spreadsheetId)).toBe(expected);
    expect(expected).toBe(vector.expectedKey);
  });

  it('signs timestamp, method, path and the body hash, one per line', async () => {
    const key = await deriveSheetKey(secret, spreadsheetId);
    const bodyHash = createHash('sha256').update(body).digest('hex');
    const canonical = `${timestamp}\nPOST\n${path}\n${bodyHash}`;
    expect(await canonicalRequest(String(timestamp), 'post', path, body)).toBe(canonical);
    expect(canonical).toBe(vector.expectedCanonical);
    expect(await signRequest({ key, method: 'POST', path, body, timestamp })).toEqual({
      'x-dc-timestamp': String(timestamp),
      'x-dc-signature': vector.expectedSignature,
    });
    expect(createHmac('sha256', key).update(canonical).digest('hex')).toBe(
      vector.expectedSignature,
    );
  });

  it('verifies its own signature and refuses every change', async () => {
    const key = await deriveSheetKey(secret, spreadsheetId);
    const headers = await signRequest({ key, method: 'POST', path, body, timestamp });
    const base = {
      secret,
      spreadsheetId,
      method: 'POST',
      path,
      body: new TextEncoder().encode(body),
      timestamp: headers['x-dc-timestamp'] ?? null,
      signature: headers['x-dc-signature'] ?? null,
      now: timestamp + 10,
    };
    expect(await verifyRequest(base)).toBeNull();
    expect(await verifyRequest({ ...base, signature: null })).toBe('MISSING_SIGNATURE');
    expect(await verifyRequest({ ...base, now: timestamp + 301 })).toBe('EXPIRED');
    expect(await verifyRequest({ ...base, now: timestamp - 301 })).toBe('EXPIRED');
    expect(await verifyRequest({ ...base, body: new TextEncoder().encode('{}') })).toBe(
      'BAD_SIGNATURE',
    );
    expect(await verifyRequest({ ...base, method: 'PUT' })).toBe('BAD_SIGNATURE');
    expect(await verifyRequest({ ...base, spreadsheetId: 'another' })).toBe('BAD_SIGNATURE');
    expect(await verifyRequest({ ...base, signature: 'A'.repeat(64) })).toBe('BAD_SIGNATURE');
  });

  it('npm run cli -- key prints the sheet key from SYNC_SIGNING_SECRET', async () => {
    let out = '';
    const code = await runCli(['key', '--spreadsheet', spreadsheetId], {
      stdout: (t) => (out += t),
      stderr: () => undefined,
      env: { SYNC_SIGNING_SECRET: secret },
    });
    expect(code).toBe(0);
    expect(out.trim()).toBe(await deriveSheetKey(secret, spreadsheetId));
  });
});
