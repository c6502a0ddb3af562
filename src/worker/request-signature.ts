/**
 * The signature every request to a sheet's routes (and to the admin routes) carries
 * (docs/request-signing.md).
 *
 * - Each spreadsheet has its own key, derived from the one Worker secret and the sheet's key
 *   generation: `hex(HMAC-SHA256(secret, spreadsheetId))` for generation 1 and
 *   `hex(HMAC-SHA256(secret, spreadsheetId + "#" + generation))` after each revocation. A key
 *   leaked from one sheet opens no other, and a revoked one opens nothing.
 * - A request sends `X-DC-Timestamp: <unix seconds>` and `X-DC-Signature: v1=<hex>`, the
 *   HMAC-SHA256 under the key (its 64 hex characters as UTF-8 text) of
 *   `"v1\n" + timestamp + "\n" + METHOD + "\n" + path + "\n" + hex(SHA-256(body))`.
 *
 * Web Crypto only: it runs in the Worker, in Node (the CLI, the tests) and mirrors the Apps Script.
 */

export const TIMESTAMP_HEADER = 'x-dc-timestamp';
export const SIGNATURE_HEADER = 'x-dc-signature';
/** The scheme this code signs with and verifies; named in the header and in the signed text. */
export const SIGNATURE_VERSION = 'v1';
/** Requests signed longer ago than this (or this far in the future) are refused. */
export const MAX_SKEW_SECONDS = 300;
/** The derivation label of the admin key: it has a space, so no spreadsheet id can equal it. */
const ADMIN_KEY_LABEL = 'dual-coverage admin';
/** At most this many `version=signature` entries are read from one header. */
const MAX_SIGNATURE_ENTRIES = 4;

const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function hmacHex(key: string, message: string): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    encoder.encode(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return hex(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message)));
}

/**
 * The key of one spreadsheet at one generation: what its Apps Script stores in Script
 * Properties. Generation 1 keeps the original derivation, so keys issued before generations
 * existed stay valid until revoked.
 */
export function deriveSheetKey(
  secret: string,
  spreadsheetId: string,
  generation = 1,
): Promise<string> {
  return hmacHex(secret, generation === 1 ? spreadsheetId : `${spreadsheetId}#${generation}`);
}

/** The key that signs administrative requests (`npm run cli -- admin …`). */
export function deriveAdminKey(secret: string): Promise<string> {
  return hmacHex(secret, ADMIN_KEY_LABEL);
}

/** The exact text that is signed. */
export async function canonicalRequest(
  timestamp: string,
  method: string,
  path: string,
  body: string | Uint8Array,
): Promise<string> {
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const bodyHash = hex(await crypto.subtle.digest('SHA-256', bytes));
  return `${SIGNATURE_VERSION}\n${timestamp}\n${method.toUpperCase()}\n${path}\n${bodyHash}`;
}

/** Signs a request with a key; returns the two headers to send. */
export async function signRequest(request: {
  key: string;
  method: string;
  path: string;
  body: string | Uint8Array;
  /** Unix seconds. */
  timestamp: number;
}): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(request.timestamp));
  const canonical = await canonicalRequest(timestamp, request.method, request.path, request.body);
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: `${SIGNATURE_VERSION}=${await hmacHex(request.key, canonical)}`,
  };
}

/** Why a signature was refused; every one is a 401 for the caller. */
export type SignatureProblem = 'MISSING_SIGNATURE' | 'EXPIRED' | 'BAD_SIGNATURE';

/** The two headers, read and checked against the clock, before any key is needed. */
export type SignatureHeaders =
  | { problem: SignatureProblem }
  | { problem: null; timestamp: string; signature: string };

/**
 * Reads the headers in the documented order: both present, then their form (a header that
 * cannot be read is BAD_SIGNATURE, even when stale), then the clock. `signature` is the one
 * entry of this code's version; entries of other versions are skipped, so a sender may sign
 * with two schemes while the Worker moves from one to the next.
 */
export function readSignatureHeaders(
  timestamp: string | null,
  signature: string | null,
  nowSeconds: number,
): SignatureHeaders {
  if (!timestamp || !signature) return { problem: 'MISSING_SIGNATURE' };
  const entries = signature.split(',');
  if (
    !/^\d{1,12}$/.test(timestamp) ||
    entries.length > MAX_SIGNATURE_ENTRIES ||
    !entries.every((entry) => /^v\d{1,3}=[0-9a-f]{64}$/.test(entry))
  )
    return { problem: 'BAD_SIGNATURE' };
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_SKEW_SECONDS) return { problem: 'EXPIRED' };
  const prefix = `${SIGNATURE_VERSION}=`;
  const ours = entries.filter((entry) => entry.startsWith(prefix));
  // Exactly one: the replay check keys on it, so a copy cannot pass by adding a second.
  const [only] = ours;
  return ours.length === 1 && only
    ? { problem: null, timestamp, signature: only.slice(prefix.length) }
    : { problem: 'BAD_SIGNATURE' };
}

/** Compares two hex strings in time independent of where they differ. */
function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/**
 * Checks a request's signature against the keys it may be signed with (a sheet's key under the
 * current secret and, during a rotation, under the previous one): a request signed with any
 * other key, tampered with, or older than MAX_SKEW_SECONDS is refused.
 */
export async function verifyRequest(request: {
  keys: string[];
  method: string;
  path: string;
  body: Uint8Array;
  timestamp: string | null;
  signature: string | null;
  /** Unix seconds. */
  now: number;
}): Promise<SignatureProblem | null> {
  const headers = readSignatureHeaders(request.timestamp, request.signature, request.now);
  if (headers.problem) return headers.problem;
  const canonical = await canonicalRequest(
    headers.timestamp,
    request.method,
    request.path,
    request.body,
  );
  for (const key of request.keys)
    if (sameHex(await hmacHex(key, canonical), headers.signature)) return null;
  return 'BAD_SIGNATURE';
}
