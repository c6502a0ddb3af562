/**
 * The signature every sync request carries (docs/request-signing.md).
 *
 * - Each spreadsheet has its own key: `key = hex(HMAC-SHA256(secret, spreadsheetId))`, derived
 *   from the one Worker secret, so a key leaked from one sheet opens no other.
 * - A request sends `X-DC-Timestamp: <unix seconds>` and
 *   `X-DC-Signature: hex(HMAC-SHA256(key, timestamp + "\n" + METHOD + "\n" + path + "\n" + hex(SHA-256(body))))`,
 *   where `key` is the 64 hex characters as UTF-8 text and `path` is the URL path as sent.
 *
 * Web Crypto only: it runs in the Worker, in Node (the CLI, the tests) and mirrors the Apps Script.
 */

export const TIMESTAMP_HEADER = 'x-dc-timestamp';
export const SIGNATURE_HEADER = 'x-dc-signature';
/** Requests signed longer ago than this (or this far in the future) are refused. */
export const MAX_SKEW_SECONDS = 300;

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

/** The key of one spreadsheet: what its Apps Script stores in Script Properties. */
export function deriveSheetKey(secret: string, spreadsheetId: string): Promise<string> {
  return hmacHex(secret, spreadsheetId);
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
  return `${timestamp}\n${method.toUpperCase()}\n${path}\n${bodyHash}`;
}

/** Signs a request with a spreadsheet's key; returns the two headers to send. */
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
    [SIGNATURE_HEADER]: await hmacHex(request.key, canonical),
  };
}

/** Why a signature was refused; every one is a 401 for the caller. */
export type SignatureProblem = 'MISSING_SIGNATURE' | 'EXPIRED' | 'BAD_SIGNATURE';

/** Compares two hex strings in time independent of where they differ. */
function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/**
 * Checks a request's signature against the key derived for `spreadsheetId`: a request signed
 * for another spreadsheet, tampered with, or older than MAX_SKEW_SECONDS is refused.
 */
export async function verifyRequest(request: {
  secret: string;
  spreadsheetId: string;
  method: string;
  path: string;
  body: Uint8Array;
  timestamp: string | null;
  signature: string | null;
  /** Unix seconds. */
  now: number;
}): Promise<SignatureProblem | null> {
  const { timestamp, signature } = request;
  if (!timestamp || !signature) return 'MISSING_SIGNATURE';
  if (!/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) return 'BAD_SIGNATURE';
  if (Math.abs(request.now - Number(timestamp)) > MAX_SKEW_SECONDS) return 'EXPIRED';
  const key = await deriveSheetKey(request.secret, request.spreadsheetId);
  const canonical = await canonicalRequest(timestamp, request.method, request.path, request.body);
  return sameHex(await hmacHex(key, canonical), signature) ? null : 'BAD_SIGNATURE';
}
