import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** One HTTP request, as UrlFetchApp sends it. */
export interface BlockingRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** An answer, or why none came (the words UrlFetchApp puts in its exception). */
export type BlockingReply =
  | { status: number; headers: Record<string, string>; body: string }
  | { failure: 'Timeout' | 'DNS error' | 'Address unavailable' };

// Beyond the request's own timeout: the thread always answers well within this.
const THREAD_GRACE_MS = 10_000;

/**
 * A synchronous fetch, as UrlFetchApp is: a worker thread performs the real request while the
 * caller blocks in Atomics.wait on a SharedArrayBuffer; the reply is then taken from a
 * MessagePort with receiveMessageOnPort. Servers it talks to must run outside this thread.
 */
export class BlockingFetch {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly channel = new MessageChannel();
  private readonly thread: Worker;

  constructor() {
    this.thread = new Worker(new URL('./url-fetch-thread.mjs', import.meta.url), {
      workerData: { signal: this.signal.buffer, port: this.channel.port2 },
      transferList: [this.channel.port2],
    });
  }

  /** Sends the request and returns only when the reply (or the failure) is in. */
  fetch(request: BlockingRequest): BlockingReply {
    Atomics.store(this.signal, 0, 0);
    this.thread.postMessage(request);
    Atomics.wait(this.signal, 0, 0, request.timeoutMs + THREAD_GRACE_MS);
    const received = receiveMessageOnPort(this.channel.port1);
    if (!received)
      throw new Error(`The fetch thread did not answer ${request.method} ${request.url}`);
    return received.message as BlockingReply;
  }

  /** Stops the thread. */
  async close(): Promise<void> {
    this.channel.port1.close();
    await this.thread.terminate();
  }
}
