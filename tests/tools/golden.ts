import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { GOLDENS } from '../support/goldens';

// Regenerates the reviewed golden files, which the tests only ever read. Without --write it
// prints each diff and exits 1 when the code's answer has changed, so a person decides.
const write = process.argv.includes('--write');
let changed = 0;
for (const golden of GOLDENS) {
  const current = await golden.text();
  const reviewed = existsSync(golden.path) ? readFileSync(golden.path, 'utf8') : null;
  if (reviewed === current) {
    console.log(`${golden.path} is up to date.`);
    continue;
  }
  changed++;
  if (reviewed === null) console.log(`${golden.path} is missing; the code now says:\n`);
  spawnSync(
    'diff',
    [
      '-u',
      '--label',
      `${golden.path} (reviewed)`,
      '--label',
      `${golden.path} (code now)`,
      reviewed === null ? '/dev/null' : golden.path,
      '-',
    ],
    { input: current, stdio: ['pipe', 'inherit', 'inherit'] },
  );
  if (write) {
    writeFileSync(golden.path, current);
    console.log(`\nWrote ${golden.path}: commit it only if every line of the diff above is right.`);
  }
}
if (changed > 0 && !write) {
  console.log(
    '\nNot written. If every line of the diffs above is right: npm run golden -- --write',
  );
  process.exit(1);
}
