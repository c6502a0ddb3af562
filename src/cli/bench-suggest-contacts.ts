/**
 * `suggestContacts` alone, in its own process: the synthetic committee at `members` members,
 * parsed and covered once, then the suggestions computed `runs` times. Prints one JSON line
 * with the CPU milliseconds of each run. Copied into the baseline tree too.
 *
 *   node --single-threaded --import tsx src/cli/bench-suggest-contacts.ts <members> <runs>
 */
import { serialFromIso } from '../domain/calendar-date';
import { computeCoverage } from '../domain/compute-coverage';
import { computePeriod } from '../domain/compute-period';
import { parseWorkbook } from '../domain/parse-workbook';
import { suggestContacts } from '../domain/suggest-contacts';
import { SYNTHETIC_AS_OF, syntheticWorkbook } from './synthetic-workbook';

const [members, runs] = process.argv.slice(2).map(Number) as [number, number];
const tabs = new Map(Object.entries(syntheticWorkbook(members, members)));
const parsed = parseWorkbook({ tabs, now: 0, asOf: SYNTHETIC_AS_OF, trigger: 'cli' });
if (!parsed.ok) throw new Error(parsed.problem.message);
const asOf = serialFromIso(SYNTHETIC_AS_OF) as number;
const coverage = computeCoverage(
  parsed.workbook,
  computePeriod(parsed.workbook.settings.periodKind, asOf),
  asOf,
);
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const ms: number[] = [];
let suggested = 0;
for (let r = 0; r < runs; r++) {
  const start = cpuMs();
  suggested = suggestContacts(parsed.workbook, coverage).size;
  ms.push(cpuMs() - start);
}
process.stdout.write(`${JSON.stringify({ ms, suggested })}\n`);
