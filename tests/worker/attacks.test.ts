import { env } from 'cloudflare:test';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { sampleWorkbook } from '../../sheets-template/sample-committee';
import type { CellValue } from '../../src/domain/workbook-input';
import type { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import {
  deriveAdminKey,
  deriveSheetKey,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from '../../src/worker/request-signature';
import { coveredCommittee } from '../support/domain-fixture';
import { runNight } from './virtual-queue';
import {
  callApp,
  callWorker,
  signedAdmin,
  signedStatus,
  signedSync,
  syncSignature,
  workerHarness,
} from './worker-harness';

/**
 * Attacks on the sync route (docs/request-signing.md, docs/worker.md): each is refused with its
 * documented status and a Chinese `{code, message}`, reaches Google not at all and changes
 * nothing; and no answer or log line carries a member's name, a key or a token.
 */

afterEach(() => {
  vi.restoreAllMocks();
});

/** Captures every console line from here to the end of the test, and keeps them off the output. */
function captureLogs(): string[] {
  const lines: string[] = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(
        args
          .map((a) =>
            typeof a === 'string'
              ? a
              : a instanceof Error
                ? `${a.name}: ${a.message}\n${a.stack}`
                : JSON.stringify(a),
          )
          .join(' '),
      );
    });
  }
  return lines;
}

const BODY = '{"trigger":"menu"}';
const MAX_BODY_BYTES = 4096;
const RACE_COPIES = 10;

/** The sheet under attack and a second one, in one stand-in. */
interface Target {
  standIn: SheetsStandIn;
  id: string;
  other: string;
}

interface Attack {
  name: string;
  status: number;
  /** The documented code; null for HEAD, whose answer cannot carry a body. */
  code: string | null;
  /** Legitimate traffic the attack builds on, e.g. the request it replays. */
  before?: (target: Target) => Promise<unknown>;
  send: (target: Target) => Promise<Response>;
}

const syncPath = (id: string) => `/v1/sheets/${id}/sync`;
const now = () => Math.floor(Date.now() / 1000);

function send(
  path: string,
  headers: HeadersInit,
  body: BodyInit | null = BODY,
  method = 'POST',
): Promise<Response> {
  return callWorker(path, { method, headers, body });
}

/** The timestamp and signature header of a correctly signed request. */
async function signed(id: string) {
  const headers = await syncSignature(id);
  return { timestamp: headers[TIMESTAMP_HEADER] ?? '', signature: headers[SIGNATURE_HEADER] ?? '' };
}

/** The signature proper: the 64 hex characters after `v1=`. */
const hexOf = (header: string) => header.replace(/^v1=/, '');

const signatureHeaders = (timestamp: string, signature: string) => ({
  [TIMESTAMP_HEADER]: timestamp,
  [SIGNATURE_HEADER]: signature,
});

/** A correctly signed request whose signature (the hex after `v1=`) is then altered. */
function withSignature(alter: (signature: string) => string): Attack['send'] {
  return withHeader((header) => `v1=${alter(hexOf(header))}`);
}

/** A correctly signed request whose whole signature header is then altered. */
function withHeader(alter: (header: string) => string): Attack['send'] {
  return async ({ id }) => {
    const { timestamp, signature } = await signed(id);
    return send(syncPath(id), signatureHeaders(timestamp, alter(signature)));
  };
}

/** A request signed with a malformed timestamp, made from the current one. */
function withTimestamp(timestamp: (now: number) => string): Attack['send'] {
  return async ({ id }) => {
    const { signature } = await signed(id);
    return send(syncPath(id), signatureHeaders(timestamp(now()), signature));
  };
}

/** A request correctly signed at `timestamp(now)` (Unix seconds): only the clock refuses it. */
function signedAt(timestamp: (now: number) => number): Attack['send'] {
  return async ({ id }) =>
    send(syncPath(id), await syncSignature(id, { timestamp: timestamp(now()) }));
}

/** A body the Apps Script would send: its nonce makes every one a new request. */
const menuBody = () => JSON.stringify({ trigger: 'menu', nonce: crypto.randomUUID() });

/** A correctly signed request, sent once by `before` and again, altered, by `send`. */
function replay(
  alter: (path: string, headers: Record<string, string>, body: string) => Promise<Response>,
): Pick<Attack, 'before' | 'send'> {
  let body = '';
  let headers: Record<string, string> = {};
  return {
    before: async ({ id }) => {
      body = menuBody();
      headers = await syncSignature(id, { body });
      expect((await send(syncPath(id), headers, body)).status).toBe(200);
    },
    send: ({ id }) => alter(syncPath(id), headers, body),
  };
}

/** A body signed with the sheet's key, so that only what the body is can refuse it. */
function signedBody(body: string | Uint8Array, contentType = 'application/json'): Attack['send'] {
  return async ({ id }) =>
    send(
      syncPath(id),
      { ...(await syncSignature(id, { body })), 'content-type': contentType },
      body,
    );
}

/** A 10 MB body, streamed so that no Content-Length is known unless a header claims one. */
function tenMegabytes(): ReadableStream<Uint8Array> {
  let left = 10_000_000;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) return controller.close();
      const chunk = new Uint8Array(Math.min(65_536, left)).fill(0x20);
      left -= chunk.length;
      controller.enqueue(chunk);
    },
  });
}

/** A JSON object of exactly `bytes` bytes. */
const paddedBody = (bytes: number) => `{"pad":"${'x'.repeat(bytes - 10)}"}`;

/** A path signed with the target's key as the Worker sees it: only the path can refuse it. */
function signedPath(path: (target: Target) => string, method = 'POST'): Attack['send'] {
  return async (target) => {
    const sent = path(target);
    const seen = new URL(`https://worker.test${sent}`).pathname;
    const headers = await syncSignature(target.id, { method, path: seen, body: BODY });
    return send(sent, headers, method === 'GET' ? null : BODY, method);
  };
}

/** Attacks that are all refused with one status and code. */
const refusedAs = (status: number, code: string, attacks: Omit<Attack, 'status' | 'code'>[]) =>
  attacks.map((attack): Attack => ({ ...attack, status, code }));

/** A sync path whose id is `id(target)`, signed with the target's key. */
const signedId = (id: (target: Target) => string) => signedPath((t) => syncPath(id(t)));

const fullWidth = (text: string) =>
  [...text].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');

const ATTACKS: Record<string, Attack[]> = {
  missing: refusedAs(401, 'MISSING_SIGNATURE', [
    { name: 'no headers', send: ({ id }) => send(syncPath(id), {}) },
    {
      name: 'timestamp only',
      send: async ({ id }) =>
        send(syncPath(id), { [TIMESTAMP_HEADER]: (await signed(id)).timestamp }),
    },
    {
      name: 'signature only',
      send: async ({ id }) =>
        send(syncPath(id), { [SIGNATURE_HEADER]: (await signed(id)).signature }),
    },
    {
      name: 'empty signature',
      send: async ({ id }) => send(syncPath(id), signatureHeaders(String(now()), '')),
    },
    {
      name: 'empty timestamp',
      send: async ({ id }) =>
        send(syncPath(id), signatureHeaders('', (await signed(id)).signature)),
    },
    {
      name: 'the signature in Authorization instead',
      send: async ({ id }) => {
        const { timestamp, signature } = await signed(id);
        return send(syncPath(id), {
          [TIMESTAMP_HEADER]: timestamp,
          authorization: `HMAC ${signature}`,
        });
      },
    },
    {
      name: 'misspelt header names',
      send: async ({ id }) => {
        const { timestamp, signature } = await signed(id);
        return send(syncPath(id), { 'x-dc-timestamps': timestamp, 'x-dc-sig': signature });
      },
    },
  ]),

  malformed: refusedAs(401, 'BAD_SIGNATURE', [
    { name: '63 hex characters', send: withSignature((s) => s.slice(1)) },
    { name: '65 hex characters', send: withSignature((s) => `${s}0`) },
    { name: '128 hex characters', send: withSignature((s) => s + s) },
    { name: 'not hex', send: withSignature(() => 'g'.repeat(64)) },
    { name: 'one character not hex', send: withSignature((s) => `${s.slice(0, 63)}z`) },
    { name: 'upper-case hex', send: withSignature((s) => s.toUpperCase()) },
    { name: 'a sha256= prefix', send: withSignature((s) => `sha256=${s}`) },
    { name: 'base64 instead of hex', send: withSignature((s) => btoa(s).slice(0, 64)) },
    { name: 'extra text after the signature', send: withSignature((s) => `${s} extra`) },
    { name: 'no version (the bare hex)', send: withHeader(hexOf) },
    { name: 'version v0', send: withHeader((h) => h.replace('v1=', 'v0=')) },
    {
      name: 'only a version this Worker does not know',
      send: withHeader((h) => h.replace('v1=', 'v9=')),
    },
    { name: 'an upper-case version', send: withHeader((h) => h.replace('v1=', 'V1=')) },
    { name: 'v1 twice', send: withHeader((h) => `${h},${h}`) },
    { name: 'a space after the comma', send: withHeader((h) => `v2=${hexOf(h)}, ${h}`) },
    {
      name: 'five entries',
      send: withHeader((h) => [...Array(4).fill(`v2=${hexOf(h)}`), h].join(',')),
    },
    { name: 'the version with a colon', send: withHeader((h) => h.replace('v1=', 'v1:')) },
    {
      name: 'the signature header twice',
      send: async ({ id }) => {
        const { timestamp, signature } = await signed(id);
        return send(syncPath(id), [
          [TIMESTAMP_HEADER, timestamp],
          [SIGNATURE_HEADER, signature],
          [SIGNATURE_HEADER, signature],
        ]);
      },
    },
    {
      name: 'the timestamp header twice',
      send: async ({ id }) => {
        const { timestamp, signature } = await signed(id);
        return send(syncPath(id), [
          [TIMESTAMP_HEADER, timestamp],
          [TIMESTAMP_HEADER, timestamp],
          [SIGNATURE_HEADER, signature],
        ]);
      },
    },
    { name: 'a decimal timestamp', send: withTimestamp((t) => `${t}.0`) },
    { name: 'a timestamp in exponent form', send: withTimestamp((t) => `${t / 1e9}e9`) },
    { name: 'a negative timestamp', send: withTimestamp((t) => `-${t}`) },
    { name: 'a timestamp in milliseconds', send: withTimestamp((t) => `${t}000`) },
    { name: 'a hexadecimal timestamp', send: withTimestamp((t) => `0x${t.toString(16)}`) },
    { name: 'a timestamp with a plus sign', send: withTimestamp((t) => `+${t}`) },
  ]),

  // The clock is frozen (worker-harness.ts): 301 s is one second past the limit, exactly.
  expired: refusedAs(401, 'EXPIRED', [
    { name: '301 s ago', send: signedAt((t) => t - 301) },
    { name: '301 s ahead', send: signedAt((t) => t + 301) },
    { name: 'a day ago', send: signedAt((t) => t - 86_400) },
    { name: 'a day ahead', send: signedAt((t) => t + 86_400) },
    { name: 'the epoch', send: signedAt(() => 0) },
    { name: 'the largest timestamp accepted in form', send: signedAt(() => 999_999_999_999) },
  ]),

  replayed: refusedAs(401, 'REPLAYED', [
    { name: 'the same request again', ...replay((path, ...rest) => send(path, ...rest)) },
    {
      name: 'again with a query string (not signed)',
      ...replay((path, ...rest) => send(`${path}?again=1`, ...rest)),
    },
    {
      name: 'again with other unsigned headers',
      ...replay((path, headers, body) =>
        send(path, { ...headers, 'content-type': 'text/plain', 'user-agent': 'replayer' }, body),
      ),
    },
  ]),

  tampered: refusedAs(401, 'BAD_SIGNATURE', [
    {
      name: 'another body',
      send: async ({ id }) =>
        send(syncPath(id), await syncSignature(id), '{"trigger":"menu","x":1}'),
    },
    {
      name: 'the body with a trailing newline',
      send: async ({ id }) => send(syncPath(id), await syncSignature(id), `${BODY}\n`),
    },
    {
      name: 'the body reformatted',
      send: async ({ id }) => send(syncPath(id), await syncSignature(id), '{ "trigger": "menu" }'),
    },
    {
      name: 'the body removed',
      send: async ({ id }) => send(syncPath(id), await syncSignature(id), null),
    },
    {
      name: 'signed as PUT, sent as POST',
      send: async ({ id }) => send(syncPath(id), await syncSignature(id, { method: 'PUT' })),
    },
    {
      name: 'signed as GET, sent as POST',
      send: async ({ id }) => send(syncPath(id), await syncSignature(id, { method: 'GET' })),
    },
    {
      name: 'signed for another path',
      send: async ({ id }) =>
        send(syncPath(id), await syncSignature(id, { path: `${syncPath(id)}/again` })),
    },
    {
      name: 'signed with the query in the path',
      send: async ({ id }) =>
        send(`${syncPath(id)}?x=1`, await syncSignature(id, { path: `${syncPath(id)}?x=1` })),
    },
    {
      name: 'the id’s first letter percent-encoded',
      send: async ({ id }) => {
        const encoded = `%${id.charCodeAt(0).toString(16).toUpperCase()}${id.slice(1)}`;
        return send(syncPath(encoded), await syncSignature(id));
      },
    },
    {
      name: 'the timestamp a second earlier',
      send: async ({ id }) => {
        const { timestamp, signature } = await signed(id);
        return send(syncPath(id), signatureHeaders(String(Number(timestamp) - 1), signature));
      },
    },
    {
      name: 'the timestamp with a leading zero',
      send: async ({ id }) => {
        const { timestamp, signature } = await signed(id);
        return send(syncPath(id), signatureHeaders(`0${timestamp}`, signature));
      },
    },
    {
      name: 'the last signature character changed',
      send: withSignature((s) => `${s.slice(0, 63)}${s.endsWith('0') ? '1' : '0'}`),
    },
  ]),

  'cross-sheet': refusedAs(401, 'BAD_SIGNATURE', [
    {
      name: 'signed with another sheet’s key',
      send: async ({ id, other }) =>
        send(
          syncPath(id),
          await syncSignature(id, { key: await deriveSheetKey(env.SYNC_SIGNING_SECRET, other) }),
        ),
    },
    {
      name: 'another sheet’s valid request sent to this sheet',
      send: async ({ id, other }) => send(syncPath(id), await syncSignature(other)),
    },
    {
      name: 'signed with the signing secret itself',
      send: async ({ id }) =>
        send(syncPath(id), await syncSignature(id, { key: env.SYNC_SIGNING_SECRET })),
    },
    {
      name: 'signed with the key of the id in upper case',
      send: async ({ id }) =>
        send(
          syncPath(id),
          await syncSignature(id, {
            key: await deriveSheetKey(env.SYNC_SIGNING_SECRET, id.toUpperCase()),
          }),
        ),
    },
    {
      name: 'signed with a guessed key',
      send: async ({ id }) => send(syncPath(id), await syncSignature(id, { key: '0'.repeat(64) })),
    },
    {
      name: 'signed with the sheet’s next key generation, not issued yet',
      send: async ({ id }) =>
        send(
          syncPath(id),
          await syncSignature(id, { key: await deriveSheetKey(env.SYNC_SIGNING_SECRET, id, 2) }),
        ),
    },
    {
      name: 'signed with the admin key',
      send: async ({ id }) =>
        send(
          syncPath(id),
          await syncSignature(id, { key: await deriveAdminKey(env.SYNC_SIGNING_SECRET) }),
        ),
    },
    {
      name: 'signed with the sheet’s key under the previous secret, after its grace period',
      send: async ({ id }) =>
        send(
          syncPath(id),
          await syncSignature(id, {
            key: await deriveSheetKey(env.SYNC_SIGNING_SECRET_PREVIOUS, id),
          }),
        ),
    },
    {
      name: 'backslashes that the URL parser turns into another sheet’s path',
      // https://worker/v1/sheets/A\..\B/sync parses as /v1/sheets/B/sync.
      send: async ({ id, other }) =>
        send(
          `/v1/sheets/${id}\\..\\${other}/sync`,
          await syncSignature(id, { path: syncPath(other) }),
        ),
    },
  ]),

  'huge body': refusedAs(413, 'PAYLOAD_TOO_LARGE', [
    {
      name: '4 KiB + 1 byte, signed',
      send: signedBody(paddedBody(MAX_BODY_BYTES + 1)),
    },
    {
      name: '4 KiB + 1 byte, signed, with a Content-Length that lies (18)',
      send: async ({ id }) => {
        const body = paddedBody(MAX_BODY_BYTES + 1);
        return send(
          syncPath(id),
          { ...(await syncSignature(id, { body })), 'content-length': '18' },
          body,
        );
      },
    },
    { name: '10 MB', send: ({ id }) => send(syncPath(id), {}, ' '.repeat(10_000_000)) },
    // Streamed straight to the app: see callApp.
    {
      name: '10 MB streamed without Content-Length',
      send: ({ id }) => callApp(syncPath(id), { method: 'POST', body: tenMegabytes() }),
    },
    ...['10', '0', '18'].map((length) => ({
      name: `10 MB streamed with Content-Length: ${length}`,
      send: ({ id }: Target) =>
        callApp(syncPath(id), {
          method: 'POST',
          headers: { 'content-length': length },
          body: tenMegabytes(),
        }),
    })),
  ]),

  'bad length': refusedAs(400, 'BAD_CONTENT_LENGTH', [
    ...['abc', '-1', '1e3', '0x10', '4096.5', '99999999999999999999'].map((length) => ({
      name: `Content-Length: ${length}`,
      send: async ({ id }: Target) =>
        send(syncPath(id), { ...(await syncSignature(id)), 'content-length': length }),
    })),
    {
      name: '10 MB streamed with Content-Length: abc',
      send: ({ id }) =>
        callApp(syncPath(id), {
          method: 'POST',
          headers: { 'content-length': 'abc' },
          body: tenMegabytes(),
        }),
    },
  ]),

  'malformed body': [
    ...refusedAs(400, 'BAD_BODY', [
      { name: 'not JSON', send: signedBody('not json') },
      { name: 'truncated JSON', send: signedBody('{"trigger":"menu"') },
      { name: 'a JSON array', send: signedBody('[{"trigger":"menu"}]') },
      { name: 'a JSON string', send: signedBody('"menu"') },
      { name: 'a JSON number', send: signedBody('42') },
      { name: 'JSON null', send: signedBody('null') },
      { name: 'JSON true', send: signedBody('true') },
      { name: 'an object followed by text', send: signedBody(`${BODY} and more`) },
      {
        name: 'arrays nested 2,000 deep',
        send: signedBody(`${'['.repeat(2000)}${']'.repeat(2000)}`),
      },
      { name: '4,096 unclosed brackets', send: signedBody('['.repeat(MAX_BODY_BYTES)) },
      { name: 'invalid UTF-8', send: signedBody(new Uint8Array([0x7b, 0xff, 0x7d])) },
      {
        name: 'a body that breaks off (the sender went away)',
        send: ({ id }) =>
          callApp(syncPath(id), {
            method: 'POST',
            body: new ReadableStream({
              start(controller) {
                controller.enqueue(new TextEncoder().encode('{"trigger":'));
                controller.error(new Error('connection reset'));
              },
            }),
          }),
      },
    ]),
    // Unsigned, a body is never parsed at all.
    ...refusedAs(401, 'MISSING_SIGNATURE', [
      { name: 'not JSON, unsigned', send: ({ id }) => send(syncPath(id), {}, 'not json') },
    ]),
  ],

  'content type': [
    ...refusedAs(400, 'BAD_BODY', [
      {
        name: 'form-encoded',
        send: signedBody('trigger=menu', 'application/x-www-form-urlencoded'),
      },
      {
        name: 'multipart',
        send: signedBody(
          '--b\r\nContent-Disposition: form-data; name="trigger"\r\n\r\nmenu\r\n--b--\r\n',
          'multipart/form-data; boundary=b',
        ),
      },
      { name: 'plain text', send: signedBody('menu', 'text/plain') },
      { name: 'XML', send: signedBody('<sync trigger="menu"/>', 'application/xml') },
      {
        name: 'UTF-16 JSON',
        send: signedBody(
          new Uint8Array(new Uint16Array([...'{}'].map((c) => c.charCodeAt(0))).buffer),
          'application/json; charset=utf-16',
        ),
      },
    ]),
    ...refusedAs(401, 'MISSING_SIGNATURE', [
      {
        name: 'unsigned JSON as text/plain (what a cross-site form can send)',
        send: ({ id }) => send(syncPath(id), { 'content-type': 'text/plain' }),
      },
    ]),
  ],

  path: [
    ...refusedAs(404, 'NO_SUCH_ROUTE', [
      { name: '..', send: signedPath(() => '/v1/sheets/../sync') },
      { name: '../.. after the id', send: signedPath(({ id }) => `/v1/sheets/${id}/../../sync`) },
      { name: '%2e%2e', send: signedPath(() => '/v1/sheets/%2e%2e/sync') },
      { name: 'a trailing slash', send: signedPath(({ id }) => `${syncPath(id)}/`) },
      { name: '/sync/extra', send: signedPath(({ id }) => `${syncPath(id)}/extra`) },
      { name: 'no /sync', send: signedPath(({ id }) => `/v1/sheets/${id}`) },
      { name: 'an empty id', send: signedPath(() => '/v1/sheets//sync') },
      { name: 'a doubled leading slash', send: signedPath(({ id }) => `/${syncPath(id)}`) },
      { name: 'upper-case /V1', send: signedPath(({ id }) => `/V1/sheets/${id}/sync`) },
      { name: 'upper-case /SYNC', send: signedPath(({ id }) => `/v1/sheets/${id}/SYNC`) },
      {
        name: 'an encoded slash before sync',
        send: signedPath(({ id }) => `/v1/sheets/${id}%2Fsync`),
      },
      { name: 'a query before /sync', send: signedPath(({ id }) => `/v1/sheets/${id}?/sync`) },
      { name: 'a fragment before /sync', send: signedPath(({ id }) => `/v1/sheets/${id}#/sync`) },
    ]),
    ...refusedAs(400, 'BAD_SPREADSHEET_ID', [
      { name: '%2e%2e%2F before the id', send: signedId(({ id }) => `%2e%2e%2F${id}`) },
      {
        name: 'encoded ../ between two ids',
        send: signedId(({ id, other }) => `${other}%2F..%2F${id}`),
      },
      { name: '%2F in the id', send: signedId(({ id }) => `${id}%2Fx`) },
      { name: '%5C in the id', send: signedId(({ id }) => `${id}%5C..`) },
      { name: 'double-encoded ..', send: signedId(() => '%252e%252e') },
      { name: 'a double-encoded slash', send: signedId(({ id }) => `${id}%252F`) },
      { name: 'an encoded ?', send: signedId(({ id }) => `${id}%3Fx=1`) },
      { name: 'an accented letter', send: signedId(({ id }) => `${id}é`) },
      { name: 'full-width characters', send: signedId(({ id }) => fullWidth(id)) },
      { name: 'a zero-width space', send: signedId(({ id }) => `${id}\u200b`) },
      { name: 'a Cyrillic а', send: signedId(({ id }) => `\u0430${id.slice(1)}`) },
      { name: 'Chinese', send: signedId(() => '表格') },
      { name: 'an encoded NUL', send: signedId(({ id }) => `${id}%00`) },
      { name: 'a raw NUL', send: signedId(({ id }) => `${id}\u0000`) },
      { name: 'a space', send: signedId(({ id }) => `${id}%20`) },
      { name: 'a dot', send: signedId(({ id }) => `${id}.json`) },
      { name: 'a semicolon', send: signedId(({ id }) => `${id};x=1`) },
      { name: 'a broken escape', send: signedId(({ id }) => `${id}%2`) },
      { name: '201 characters', send: signedId(() => 'a'.repeat(201)) },
      { name: '10,000 characters', send: signedId(() => 'a'.repeat(10_000)) },
    ]),
  ],

  method: [
    ...refusedAs(405, 'METHOD_NOT_ALLOWED', [
      ...['GET', 'PUT', 'PATCH', 'DELETE'].map((method) => ({
        name: method,
        send: signedPath(({ id }) => syncPath(id), method),
      })),
      {
        name: 'a CORS preflight (OPTIONS)',
        send: ({ id }) =>
          send(
            syncPath(id),
            {
              origin: 'https://evil.example',
              'access-control-request-method': 'POST',
              'access-control-request-headers': `${TIMESTAMP_HEADER},${SIGNATURE_HEADER}`,
            },
            null,
            'OPTIONS',
          ),
      },
    ]),
    {
      name: 'HEAD',
      send: ({ id }) => send(syncPath(id), {}, null, 'HEAD'),
      status: 405,
      code: null,
    },
  ],
};

type Tabs = Record<string, CellValue[][]>;

/** The names in a workbook's 委员 tab. */
function memberNames(tabs: Tabs): string[] {
  const [header = [], ...members] = tabs.委员 ?? [];
  const nameColumn = header.indexOf('姓名');
  return members.map((row) => String(row[nameColumn] ?? '')).filter((name) => name !== '');
}

/** Everything no log line and no refused answer may carry, each with a label to report. */
async function secretsOf(
  workbooks: Tabs[],
  ids: string[],
  issuedTokens: string[] = [],
): Promise<[label: string, value: string][]> {
  const { private_key: privateKey } = JSON.parse(env.GOOGLE_SERVICE_ACCOUNT_KEY) as {
    private_key: string;
  };
  const names = workbooks.flatMap(memberNames);
  expect(names.length).toBeGreaterThan(0);
  const secrets = [env.SYNC_SIGNING_SECRET, env.SYNC_SIGNING_SECRET_PREVIOUS];
  return [
    ['the signing secret', env.SYNC_SIGNING_SECRET],
    ['the previous signing secret', env.SYNC_SIGNING_SECRET_PREVIOUS],
    ['the admin key', await deriveAdminKey(env.SYNC_SIGNING_SECRET)],
    ...(await Promise.all(
      secrets.flatMap((secret) =>
        ids.flatMap((id) =>
          [1, 2].map(
            async (generation): Promise<[string, string]> => [
              `a key of ${id}`,
              await deriveSheetKey(secret, id, generation),
            ],
          ),
        ),
      ),
    )),
    ['the private key', privateKey.trim()],
    ['a PEM block', '-----BEGIN'],
    ...privateKey
      .split('\n')
      .filter((line) => line.length >= 32 && !line.startsWith('-----'))
      .map((line): [string, string] => ['a line of the private key', line]),
    ['a stand-in access token', 'ya29'],
    ...issuedTokens.map((token): [string, string] => ['an issued access token', token]),
    ['a JWT', 'eyJ'],
    ...names.map((name): [string, string] => [`the member name ${name}`, name]),
  ];
}

function expectNoSecret(text: string, secrets: [string, string][], where: string): void {
  for (const [label, value] of secrets)
    expect(text.includes(value), `${where} carries ${label}`).toBe(false);
}

/**
 * Sends one attack and checks that it is refused as documented, that nothing reached the
 * stand-in, and that neither sheet nor the nightly registry changed; returns the answer's text.
 */
async function expectRefused(target: Target, attack: Attack): Promise<string> {
  const { standIn, id, other } = target;
  await attack.before?.(target);
  standIn.clearRequests();
  const state = async () => [
    standIn.snapshot(id),
    standIn.snapshot(other),
    // Only these two: other test files may register their own sheets meanwhile.
    (await env.REGISTRY.getByName('registry').list())
      .map((sheet) => sheet.spreadsheetId)
      .filter((x) => x === id || x === other),
  ];
  const before = await state();
  const response = await attack.send(target);
  expect(response.status, attack.name).toBe(attack.status);
  expect(response.headers.get('content-type'), attack.name).toContain('application/json');
  if (attack.status === 405) expect(response.headers.get('allow'), attack.name).toBe('POST');
  const text = await response.text();
  const body = text === '' ? null : (JSON.parse(text) as Record<string, unknown>);
  expect(body?.code ?? null, attack.name).toBe(attack.code);
  if (body) {
    expect(Object.keys(body).sort(), attack.name).toEqual(['code', 'message']);
    expect(body.message, attack.name).toMatch(/[\u4e00-\u9fff]/);
  }
  expect(standIn.requests, attack.name).toEqual([]);
  expect(await state(), attack.name).toEqual(before);
  return text;
}

async function attackTarget(tabs: Tabs, ids: [string, string]) {
  const { standIn, addSpreadsheet } = await workerHarness();
  const target = {
    standIn,
    id: addSpreadsheet(tabs, ids[0]),
    other: addSpreadsheet(tabs, ids[1]),
  };
  return { target, addSpreadsheet };
}

describe('attacks on POST /v1/sheets/:spreadsheetId/sync are refused and change nothing', () => {
  afterAll(() => {
    const counts = Object.entries(ATTACKS).map(
      ([kind, list]) => [kind, list.length + (kind === 'replayed' ? RACE_COPIES - 1 : 0)] as const,
    );
    const total = counts.reduce((sum, [, n]) => sum + n, 0);
    console.log(
      `attacks tried: ${total} (${counts.map(([kind, n]) => `${kind} ${n}`).join(', ')})`,
    );
  });

  for (const [kind, attacks] of Object.entries(ATTACKS)) {
    it(`${kind} (${attacks.length}), and neither the answers nor the logs carry a secret`, async () => {
      const lines = captureLogs();
      const tabs = coveredCommittee();
      const name = kind.replace(/\W/g, '-');
      const { target } = await attackTarget(tabs, [`${name}-target`, `${name}-other`]);
      const secrets = await secretsOf([tabs], [target.id, target.other]);
      for (const attack of attacks)
        expectNoSecret(await expectRefused(target, attack), secrets, attack.name);
      for (const line of lines) expectNoSecret(line, secrets, 'a log line');
    });
  }

  it(`replayed: ${RACE_COPIES} copies of one request at once make one sync`, async () => {
    captureLogs();
    const { target } = await attackTarget(coveredCommittee(), ['race-target', 'race-other']);
    const body = menuBody();
    const headers = await syncSignature(target.id, { body });
    const responses = await Promise.all(
      Array.from({ length: RACE_COPIES }, () => send(syncPath(target.id), headers, body)),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(RACE_COPIES - 1).fill(401)]);
    const refused = await Promise.all(
      responses.filter((r) => r.status === 401).map((r) => r.json()),
    );
    expect(refused.every((body) => (body as { code: string }).code === 'REPLAYED')).toBe(true);
    const writes = target.standIn.requests.filter((r) => r.kind === 'spreadsheets.batchUpdate');
    expect(writes).toHaveLength(1);
  });

  it('a streamed body with a lying Content-Length is refused before it is read', async () => {
    await workerHarness();
    let pulled = 0;
    const counted = tenMegabytes().pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          pulled += chunk.length;
          controller.enqueue(chunk);
        },
      }),
    );
    const response = await callApp(syncPath('abc'), {
      method: 'POST',
      headers: { 'content-length': '10' },
      body: counted,
    });
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(1_000_000);
  });

  it('a signed body of exactly 4 KiB is read and synced', async () => {
    captureLogs();
    const { addSpreadsheet } = await workerHarness();
    const id = addSpreadsheet(coveredCommittee());
    const body = paddedBody(MAX_BODY_BYTES);
    expect(new TextEncoder().encode(body)).toHaveLength(MAX_BODY_BYTES);
    expect((await signedSync(id, { body })).status).toBe(200);
  });
});

describe('no failed answer and no log line carries a member’s name, a key or a token', () => {
  it('across successful syncs and syncs that Google or the workbook stop', async () => {
    const lines = captureLogs();
    const { standIn, addSpreadsheet } = await workerHarness();
    const issuedTokens: string[] = [];
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
      const response = await standIn.fetch(input as Request, init);
      const url = input instanceof Request ? input.url : String(input);
      if (response.ok && new URL(url).pathname === '/token')
        issuedTokens.push(
          ((await response.clone().json()) as { access_token: string }).access_token,
        );
      return response;
    });
    const tabs = sampleWorkbook();
    const sample = addSpreadsheet(tabs, 'probe-sample');

    // A successful sync answers the contract §6 summary, which names members by design: it goes back
    // to the sheet that already holds the names. Only its log lines are probed.
    expect((await signedSync(sample, { body: menuBody() })).status).toBe(200);
    expect((await signedSync(sample, { body: menuBody() })).status).toBe(200);
    expect(issuedTokens.length).toBeGreaterThan(0);

    const { 委员: _, ...withoutMembers } = tabs;
    const failing = {
      notShared: addSpreadsheet(tabs, 'probe-not-shared'),
      missingTab: addSpreadsheet(withoutMembers, 'probe-missing-tab'),
      badRequest: addSpreadsheet(tabs, 'probe-bad-request'),
      unavailable: addSpreadsheet(tabs, 'probe-unavailable'),
      rateLimited: addSpreadsheet(tabs, 'probe-rate-limited'),
      tokenRejected: addSpreadsheet(tabs, 'probe-token-rejected'),
    };
    standIn.share(failing.notShared, ['someone-else@example.com']);
    // What Google says back may quote cells and credentials; none of it may be passed on.
    const echo = `${memberNames(tabs)[0]} ${issuedTokens[0]} eyJhbGciOiJSUzI1NiJ9.e30.sig`;
    const googleError = (status: number, code: string, headers: Record<string, string> = {}) =>
      new Response(JSON.stringify({ error: { code: status, message: echo, status: code } }), {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      });
    let rejectingToken = false;
    standIn.onRequest = ({ path, kind }) => {
      if (kind === 'token' && rejectingToken)
        return new Response(JSON.stringify({ error: 'invalid_grant', error_description: echo }), {
          status: 400,
          headers: { 'content-type': 'application/json' },
        });
      if (path.includes(failing.badRequest) && kind === 'spreadsheets.batchUpdate')
        return googleError(400, 'INVALID_ARGUMENT');
      if (path.includes(failing.unavailable))
        return googleError(503, 'UNAVAILABLE', { 'retry-after': '0' });
      if (path.includes(failing.rateLimited))
        return googleError(429, 'RESOURCE_EXHAUSTED', { 'retry-after': '0' });
      if (path.includes(failing.tokenRejected)) {
        rejectingToken = true;
        return googleError(401, 'UNAUTHENTICATED');
      }
      return undefined;
    };
    const failures: [string, number, string][] = [
      [failing.notShared, 502, 'NOT_SHARED'],
      [failing.missingTab, 422, 'MISSING_TAB'],
      [failing.badRequest, 502, 'BAD_REQUEST'],
      [failing.unavailable, 503, 'UNAVAILABLE'],
      [failing.rateLimited, 503, 'RATE_LIMITED'],
      [failing.tokenRejected, 502, 'TOKEN_REJECTED'],
    ];
    const answers: string[] = [];
    for (const [id, status, code] of failures) {
      const response = await signedSync(id);
      const text = await response.text();
      expect([response.status, (JSON.parse(text) as { code: string }).code], id).toEqual([
        status,
        code,
      ]);
      answers.push(text);
    }

    const secrets = await secretsOf([tabs], [sample, ...Object.values(failing)], issuedTokens);
    for (const text of answers) expectNoSecret(text, secrets, 'a failed sync’s answer');
    const syncLines = lines.filter((line) => line.includes('"event":"sync"'));
    expect(syncLines).toHaveLength(2 + failures.length);
    for (const line of lines) expectNoSecret(line, secrets, 'a log line');
  });
});

/** A status and code, for comparing answers in one line. */
async function answer(response: Response): Promise<[number, string | undefined]> {
  const body = (await response.json()) as { code?: string };
  return [response.status, body.code];
}

describe('the 300 s boundary of the signature’s age (MAX_SKEW_SECONDS, inclusive)', () => {
  const signedSecondsAgo = async (seconds: number) => {
    const { addSpreadsheet, clock } = await workerHarness();
    const id = addSpreadsheet(coveredCommittee());
    return signedSync(id, { timestamp: clock.now() / 1000 - seconds });
  };

  it('accepts a signature exactly 300 s old', async () => {
    expect((await signedSecondsAgo(300)).status).toBe(200);
  });

  it('refuses a signature 301 s old as EXPIRED', async () => {
    expect(await answer(await signedSecondsAgo(301))).toEqual([401, 'EXPIRED']);
  });

  it('accepts a signature exactly 300 s ahead', async () => {
    expect((await signedSecondsAgo(-300)).status).toBe(200);
  });

  it('refuses a signature 301 s ahead as EXPIRED', async () => {
    expect(await answer(await signedSecondsAgo(-301))).toEqual([401, 'EXPIRED']);
  });
});

describe('what one sheet’s key can do to the others', () => {
  it('a flood with one key: that sheet gets 429 after 6 runs a minute, another sheet’s click completes', async () => {
    const lines = captureLogs();
    const { addSpreadsheet, clock, writesTo } = await workerHarness();
    const flooded = addSpreadsheet(coveredCommittee());
    const other = addSpreadsheet(coveredCommittee());
    // Four "threads", each sending one request after another until it is told to stop: by
    // then the sheet has started exactly its 6 runs of the minute, however the requests met.
    const refusals: Response[] = [];
    let sent = 0;
    const thread = async () => {
      for (;;) {
        sent++;
        const response = await signedSync(flooded);
        if (response.status === 429) return refusals.push(response);
        expect(response.status).toBe(200);
      }
    };
    await Promise.all([thread(), thread(), thread(), thread()]);
    expect(writesTo(flooded)).toBe(6);
    expect(refusals).toHaveLength(4);
    for (const refusal of refusals) {
      // Every run started at the frozen instant: the window frees up exactly 60 s later.
      expect(refusal.headers.get('retry-after')).toBe('60');
      expect(await refusal.json()).toEqual({
        code: 'TOO_MANY_SYNCS',
        message: '这份表格一分钟内的同步次数已达上限，请 60 秒后再点“立即同步”。',
      });
    }
    expect(sent).toBeGreaterThanOrEqual(10);

    const click = await signedSync(other);
    expect(click.status).toBe(200);
    expect(writesTo(other)).toBe(1);
    // The flooded sheet is served again once its minute has passed, and not a second before.
    clock.advance(59_999);
    expect((await signedSync(flooded)).status).toBe(429);
    clock.advance(1);
    expect((await signedSync(flooded)).status).toBe(200);
    const refusedLines = lines.filter((l) => l.includes('"event":"refused"'));
    expect(refusedLines).toHaveLength(5);
    expect(refusedLines.every((l) => l.includes(flooded) && l.includes('TOO_MANY_SYNCS'))).toBe(
      true,
    );
  });

  it('the deployment’s burst: ten sheets clicked at one instant pass, the eleventh hears 503 BUSY and when to retry', async () => {
    captureLogs();
    const { addSpreadsheet, clock } = await workerHarness();
    const ids = Array.from({ length: 11 }, () => addSpreadsheet(coveredCommittee()));
    const statuses: number[] = [];
    for (const id of ids.slice(0, 10)) statuses.push((await signedSync(id)).status);
    expect(statuses).toEqual(Array(10).fill(200));
    const busy = await signedSync(ids[10] as string);
    expect(busy.status).toBe(503);
    // 50 a minute: the next token is 1.2 s away, told as 2 whole seconds.
    expect(busy.headers.get('retry-after')).toBe('2');
    expect(await busy.json()).toEqual({
      code: 'BUSY',
      message: '同步服务此刻繁忙（各表格的同步次数已达上限），请 2 秒后再试。',
    });
    clock.advance(1200);
    expect((await signedSync(ids[10] as string)).status).toBe(200);
  });
});

/** The sheet's generation, from the admin view. */
async function generationOf(id: string): Promise<number> {
  const view = (await (await signedAdmin('GET', `/v1/admin/sheets/${id}`)).json()) as {
    keyGeneration: number;
  };
  return view.keyGeneration;
}

describe('key lifecycle', () => {
  it('a revoked key is refused (KEY_REVOKED) while the new one works, and other sheets are untouched', async () => {
    captureLogs();
    const { addSpreadsheet } = await workerHarness();
    const revoked = addSpreadsheet(coveredCommittee());
    const other = addSpreadsheet(coveredCommittee());
    const oldKey = await deriveSheetKey(env.SYNC_SIGNING_SECRET, revoked);
    expect((await signedSync(revoked, { key: oldKey })).status).toBe(200);

    const revoke = (keyGeneration: number) =>
      signedAdmin('POST', `/v1/admin/sheets/${revoked}/revoke`, { body: { keyGeneration } });
    expect(await (await revoke(1)).json()).toEqual({
      spreadsheetId: revoked,
      keyGeneration: 2,
      revoked: true,
    });

    const refused = await signedSync(revoked, { key: oldKey });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      code: 'KEY_REVOKED',
      message: expect.stringContaining('已被管理员停用'),
    });
    const newKey = await deriveSheetKey(env.SYNC_SIGNING_SECRET, revoked, 2);
    expect((await signedSync(revoked, { key: newKey })).status).toBe(200);
    expect((await signedStatus(revoked, { key: newKey })).status).toBe(200);
    expect(await answer(await signedStatus(revoked, { key: oldKey }))).toEqual([
      401,
      'KEY_REVOKED',
    ]);
    expect((await signedSync(other)).status).toBe(200);
    expect(await generationOf(other)).toBe(1);

    // The revocation is idempotent: sent again (or replayed) it changes nothing.
    expect(await (await revoke(1)).json()).toMatchObject({ keyGeneration: 2, revoked: false });
    expect((await signedSync(revoked, { key: newKey })).status).toBe(200);
    // Two generations back is simply a wrong key.
    await revoke(2);
    expect(await answer(await signedSync(revoked, { key: oldKey }))).toEqual([
      401,
      'BAD_SIGNATURE',
    ]);
    expect(await answer(await signedSync(revoked, { key: newKey }))).toEqual([401, 'KEY_REVOKED']);
  });

  it('both secrets work during a rotation, and only the new one after its 14 days', async () => {
    captureLogs();
    const { addSpreadsheet, clock } = await workerHarness();
    const id = addSpreadsheet(coveredCommittee());
    const rotatedAt = Date.parse(env.SYNC_SIGNING_SECRET_ROTATED_AT);
    const previousKey = await deriveSheetKey(env.SYNC_SIGNING_SECRET_PREVIOUS, id);
    const currentKey = await deriveSheetKey(env.SYNC_SIGNING_SECRET, id);

    clock.set(rotatedAt + 86_400_000);
    expect((await signedSync(id, { key: previousKey })).status).toBe(200);
    expect((await signedStatus(id, { key: previousKey })).status).toBe(200);
    expect((await signedSync(id, { key: currentKey })).status).toBe(200);

    clock.set(rotatedAt + 14 * 86_400_000 - 1000);
    expect((await signedSync(id, { key: previousKey })).status).toBe(200);
    clock.set(rotatedAt + 14 * 86_400_000);
    expect(await answer(await signedSync(id, { key: previousKey }))).toEqual([
      401,
      'BAD_SIGNATURE',
    ]);
    expect(await answer(await signedStatus(id, { key: previousKey }))).toEqual([
      401,
      'BAD_SIGNATURE',
    ]);
    expect((await signedSync(id, { key: currentKey })).status).toBe(200);
  });
});

describe('the admin routes', () => {
  const routes = (id: string): [method: 'GET' | 'POST', path: string, body?: object][] => [
    ['GET', '/v1/admin/sheets'],
    ['GET', `/v1/admin/sheets/${id}`],
    ['POST', `/v1/admin/sheets/${id}/revoke`, { keyGeneration: 1 }],
    ['POST', `/v1/admin/sheets/${id}/forget`, {}],
  ];

  it('refuse unsigned calls, sheet keys, the previous secret’s admin key (even in its grace) and a replayed signature on another route', async () => {
    const lines = captureLogs();
    const { addSpreadsheet, clock } = await workerHarness();
    const id = addSpreadsheet(coveredCommittee());
    expect((await signedSync(id)).status).toBe(200);
    clock.set(Date.parse(env.SYNC_SIGNING_SECRET_ROTATED_AT) + 86_400_000);
    const sheetKey = await deriveSheetKey(env.SYNC_SIGNING_SECRET, id);
    const previousAdminKey = await deriveAdminKey(env.SYNC_SIGNING_SECRET_PREVIOUS);
    for (const [method, path, body] of routes(id)) {
      const unsigned = await callWorker(path, {
        method,
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      expect(await answer(unsigned), path).toEqual([401, 'MISSING_SIGNATURE']);
      for (const key of [sheetKey, previousAdminKey, '0'.repeat(64)])
        expect(await answer(await signedAdmin(method, path, { key, body })), path).toEqual([
          401,
          'BAD_SIGNATURE',
        ]);
    }
    // A signed status request of the sheet, sent to the admin view of the same sheet.
    const statusHeaders = await syncSignature(id, {
      method: 'GET',
      path: `/v1/sheets/${id}/status`,
      body: '',
    });
    expect(
      await answer(await callWorker(`/v1/admin/sheets/${id}`, { headers: statusHeaders })),
    ).toEqual([401, 'BAD_SIGNATURE']);
    expect(await generationOf(id)).toBe(1);
    const listed = (await (await signedAdmin('GET', '/v1/admin/sheets')).json()) as {
      sheets: { spreadsheetId: string }[];
    };
    expect(listed.sheets.map((s) => s.spreadsheetId)).toContain(id);
    expect(lines.filter((l) => l.includes('"event":"admin"'))).toEqual([]);
  });

  it('list, show and forget: a forgotten sheet is not synced that night, a remembered one is', async () => {
    const lines = captureLogs();
    const { addSpreadsheet, standIn, clock } = await workerHarness();
    const forgotten = addSpreadsheet(coveredCommittee());
    const kept = addSpreadsheet(coveredCommittee());
    for (const id of [forgotten, kept]) expect((await signedSync(id)).status).toBe(200);

    const view = await (await signedAdmin('GET', `/v1/admin/sheets/${forgotten}`)).json();
    expect(view).toEqual({
      spreadsheetId: forgotten,
      registered: true,
      configured: false,
      keyGeneration: 1,
      goneNights: 0,
      lastSync: expect.objectContaining({ ok: true, code: 'OK', trigger: 'menu' }),
      nextNightlyRun: expect.stringMatching(/T18:00:00\.000Z$/),
    });
    const forget = await signedAdmin('POST', `/v1/admin/sheets/${forgotten}/forget`, { body: {} });
    expect(await forget.json()).toEqual({
      spreadsheetId: forgotten,
      forgotten: true,
      configured: false,
    });
    expect(lines.filter((l) => l.includes('"event":"admin"'))).toEqual([
      JSON.stringify({ event: 'admin', action: 'forget', spreadsheetId: forgotten }),
    ]);
    const list = (await (await signedAdmin('GET', '/v1/admin/sheets')).json()) as {
      sheets: { spreadsheetId: string; configured: boolean; registeredAt: string | null }[];
    };
    const ids = list.sheets.map((s) => s.spreadsheetId);
    expect(ids).toContain(kept);
    expect(ids).not.toContain(forgotten);
    expect(list.sheets.find((s) => s.spreadsheetId === kept)).toEqual({
      spreadsheetId: kept,
      configured: false,
      registeredAt: new Date(clock.now()).toISOString(),
    });
    expect(await (await signedStatus(forgotten)).json()).toMatchObject({ registered: false });

    standIn.clearRequests();
    clock.advance(86_400_000);
    await runNight(clock);
    const readsOf = (id: string) =>
      standIn.requests.filter((r) => r.kind === 'spreadsheets.get' && r.path.includes(id)).length;
    expect([readsOf(forgotten), readsOf(kept)]).toEqual([0, 1]);
    // Forgetting again says so, and a bad revoke body is refused.
    expect(
      await (
        await signedAdmin('POST', `/v1/admin/sheets/${forgotten}/forget`, { body: {} })
      ).json(),
    ).toMatchObject({ forgotten: false });
    expect(
      await answer(
        await signedAdmin('POST', `/v1/admin/sheets/${kept}/revoke`, {
          body: { keyGeneration: 'x' },
        }),
      ),
    ).toEqual([400, 'BAD_BODY']);
  });
});
