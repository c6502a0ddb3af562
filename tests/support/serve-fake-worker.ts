// The fake Worker in a process of its own, for tests whose thread blocks (the Apps Script's
// UrlFetchApp): node --import tsx serve-fake-worker.ts '<FakeWorkerSetup JSON>'. Prints its origin.
import { serveFetch } from '../../src/stand-in/serve-fetch';
import { createFakeWorker } from './fake-worker';

const worker = createFakeWorker(JSON.parse(process.argv[2] ?? '{}'));
const server = await serveFetch(async (request) => worker.fetch(request));
process.stdout.write(`${server.url}\n`);
