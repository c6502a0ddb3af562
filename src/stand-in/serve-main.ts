/**
 * Runs the local Sheets stand-in on 127.0.0.1 over an .xlsx workbook:
 *   npx tsx src/stand-in/serve-main.ts --workbook FILE [--port N] [--id ID]
 *     [--service-account EMAIL --public-key SPKI.pem]…
 * Each service account (pairs in order, repeatable) is registered with its public key, which
 * turns on Google-style authentication. Prints the Sheets base URL on standard output once
 * ready (`--port 0` picks a free port); stops on Ctrl-C after the last save.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startStandInServer } from './start-stand-in-server';

const USAGE =
  'Usage: serve-main.ts --workbook FILE [--port N] [--id ID] [--service-account EMAIL --public-key SPKI.pem]…\n';

const { values } = parseArgs({
  options: {
    workbook: { type: 'string' },
    port: { type: 'string', default: '8089' },
    id: { type: 'string' },
    'service-account': { type: 'string', multiple: true, default: [] },
    'public-key': { type: 'string', multiple: true, default: [] },
  },
});
const accounts = values['service-account'];
const publicKeys = values['public-key'];

if (!values.workbook || accounts.length !== publicKeys.length) {
  process.stderr.write(USAGE);
  process.exit(2);
}

const server = await startStandInServer({
  port: Number(values.port),
  xlsxPath: values.workbook,
  ...(values.id ? { spreadsheetId: values.id } : {}),
});
// The lengths match (checked above).
for (const [index, email] of accounts.entries())
  await server.standIn.registerServiceAccount(
    email,
    await readFile(publicKeys[index] as string, 'utf8'),
  );
process.stdout.write(`${server.url}/v4/\n`);
process.stderr.write(
  `Serving ${values.workbook} as spreadsheet ${server.spreadsheetId}; token endpoint ${server.url}/token\n`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close().then(() => process.exit(0));
  });
}
