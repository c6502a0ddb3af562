// The worker thread behind the UrlFetchApp stand-in (blocking-fetch.ts): it performs each
// request with the real fetch, posts the reply on the port, then wakes the blocked caller.
import { parentPort, workerData } from 'node:worker_threads';

const signal = new Int32Array(workerData.signal);
const { port } = workerData;

/** What Apps Script's UrlFetchApp says when no answer came. */
function failureOf(error) {
  if (error.name === 'TimeoutError') return 'Timeout';
  const code = error.cause?.code;
  return code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'DNS error' : 'Address unavailable';
}

parentPort.on('message', async ({ url, method, headers, body, timeoutMs }) => {
  let reply;
  try {
    const response = await fetch(url, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    reply = {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: await response.text(),
    };
  } catch (error) {
    reply = { failure: failureOf(error) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
