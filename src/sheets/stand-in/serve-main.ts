/**
 * Runs the local Sheets stand-in on 127.0.0.1 over an .xlsx workbook:
 *   npx tsx src/sheets/stand-in/serve-main.ts --workbook FILE [--port N] [--id ID]
 * Prints the Sheets base URL on standard output; stops on Ctrl-C after the last save.
 */
import { parseArgs } from 'node:util';
import { startStandInServer } from './start-stand-in-server';

const { values } = parseArgs({
  options: {
    workbook: { type: 'string' },
    port: { type: 'string', default: '8089' },
    id: { type: 'string' },
  },
});

if (!values.workbook) {
  process.stderr.write('Usage: serve-main.ts --workbook FILE [--port N] [--id ID]\n');
  process.exit(2);
}

const server = await startStandInServer({
  port: Number(values.port),
  xlsxPath: values.workbook,
  ...(values.id ? { spreadsheetId: values.id } : {}),
});
process.stdout.write(`${server.url}/v4/\n`);
process.stderr.write(
  `Serving ${values.workbook} as spreadsheet ${server.spreadsheetId}; token endpoint ${server.url}/token\n`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close().then(() => process.exit(0));
  });
}
