import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { sampleSummaryText } from '../tests/support/sample-summary';

// Regenerates the reviewed golden summary, which the tests only ever read. Without --write it
// prints the diff and exits 1 when the code's answer has changed, so a person decides.
const GOLDEN = 'tests/domain/sample-summary.golden.json';
const write = process.argv.includes('--write');
const current = sampleSummaryText();
const reviewed = existsSync(GOLDEN) ? readFileSync(GOLDEN, 'utf8') : null;

if (reviewed === current) {
  console.log(`${GOLDEN} is up to date.`);
  process.exit(0);
}
if (reviewed === null) console.log(`${GOLDEN} is missing; the code now says:\n`);
spawnSync(
  'diff',
  [
    '-u',
    '--label',
    `${GOLDEN} (reviewed)`,
    '--label',
    `${GOLDEN} (code now)`,
    reviewed === null ? '/dev/null' : GOLDEN,
    '-',
  ],
  { input: current, stdio: ['pipe', 'inherit', 'inherit'] },
);
if (write) {
  writeFileSync(GOLDEN, current);
  console.log(`\nWrote ${GOLDEN}: commit it only if every line of the diff above is right.`);
} else {
  console.log('\nNot written. If every line of the diff above is right: npm run golden -- --write');
  process.exit(1);
}
