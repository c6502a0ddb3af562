import type { Context } from 'hono';
import { HttpFailure } from './http-failure';
import {
  readSignatureHeaders,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyRequest,
} from './request-signature';

/** Signed requests carry a tiny JSON body; anything larger is refused before it is read. */
const MAX_BODY_BYTES = 4096;

/** A request whose body was read and whose signature headers are well formed and fresh. */
export interface SignedRequest {
  method: string;
  /** The URL's path as the Worker parses it (WHATWG URL), without the query. */
  path: string;
  body: Uint8Array;
  timestamp: string;
  signatureHeader: string;
  /** The signature of this code's version: what the replay check remembers. */
  signature: string;
  /** Unix seconds, from the one clock of the request. */
  now: number;
}

/**
 * The body, refused as too large once it passes MAX_BODY_BYTES: the first check of every signed
 * route. A Content-Length that is not a byte count is refused first; one over the limit is
 * refused unread; one that is absent, or lies, lets no more than the limit through either.
 */
export async function readBody(request: Request): Promise<Uint8Array> {
  const length = request.headers.get('content-length');
  if (length !== null && !/^\d{1,15}$/.test(length)) throw new HttpFailure('BAD_CONTENT_LENGTH');
  if (Number(length) > MAX_BODY_BYTES) throw new HttpFailure('PAYLOAD_TOO_LARGE');
  const body = new Uint8Array(MAX_BODY_BYTES);
  if (!request.body) return body.subarray(0, 0);
  const reader = request.body.getReader();
  for (let size = 0; ; ) {
    const { done, value } = await reader.read().catch(() => {
      // The sender broke off (or sent less than its Content-Length): nothing to sign or sync.
      throw new HttpFailure('BAD_BODY', '请求内容没有完整收到，已拒绝。');
    });
    if (done) return body.subarray(0, size);
    if (size + value.length > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new HttpFailure('PAYLOAD_TOO_LARGE');
    }
    body.set(value, size);
    size += value.length;
  }
}

/**
 * The request's signature headers, checked for what needs no key in the documented order:
 * both present, their form, the clock. Called once the route has checked its id and that the
 * Worker is configured.
 */
export function signedRequestOf(c: Context, body: Uint8Array): SignedRequest {
  const now = Math.floor(Date.now() / 1000);
  const timestamp = c.req.header(TIMESTAMP_HEADER) ?? null;
  const signatureHeader = c.req.header(SIGNATURE_HEADER) ?? null;
  const headers = readSignatureHeaders(timestamp, signatureHeader, now);
  if (headers.problem) throw new HttpFailure(headers.problem);
  return {
    method: c.req.method,
    path: new URL(c.req.url).pathname,
    body,
    timestamp: headers.timestamp,
    signatureHeader: signatureHeader as string,
    signature: headers.signature,
    now,
  };
}

/** Whether the request is signed with one of `keys`. */
export async function signedWithOneOf(request: SignedRequest, keys: string[]): Promise<boolean> {
  return (
    (await verifyRequest({
      keys,
      method: request.method,
      path: request.path,
      body: request.body,
      timestamp: request.timestamp,
      signature: request.signatureHeader,
      now: request.now,
    })) === null
  );
}

/** The body as a JSON object (BAD_BODY otherwise); checked only once the signature holds. */
export function jsonObjectBody(request: SignedRequest): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(request.body));
  } catch {
    throw new HttpFailure('BAD_BODY');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new HttpFailure('BAD_BODY');
  return parsed as Record<string, unknown>;
}
