import type { FetchLike } from '../../../src/sheets/send-with-retry';

/** One request as the fake network saw it. */
export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
}

/**
 * What the fake network does with the next request: answer with a Response, fail like a dropped
 * connection (an Error), never answer until the request's deadline aborts it ('hang'), or
 * compute the answer from the request.
 */
export type Step = Response | Error | 'hang' | ((request: RecordedRequest) => Promise<Response>);

/** A `fetch` that plays `steps` in order, records every request and fails the test on an extra one. */
export function scriptedFetch(...steps: Step[]): FetchLike & { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fake = async (url: string, init: RequestInit): Promise<Response> => {
    const request: RecordedRequest = {
      url,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
    };
    requests.push(request);
    const step = steps.shift();
    if (step === undefined) throw new Error(`unscripted request: ${request.method} ${url}`);
    if (step === 'hang') {
      return new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(request);
    return step;
  };
  return Object.assign(fake, { requests });
}

/** A JSON response, as Google sends them. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8', ...headers },
  });
}

/** A google.rpc error envelope (sheets-api-behaviour.md §7.1). */
export function googleError(
  code: number,
  status: string,
  message: string,
  details?: Array<Record<string, unknown>>,
  headers: Record<string, string> = {},
): Response {
  return json(code, { error: { code, message, status, ...(details ? { details } : {}) } }, headers);
}
