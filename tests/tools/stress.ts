import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The stress proof (docs/reliability.md): the whole vitest suite, run back to back while CPU
// burners keep the machine busy. Green means every run passed with the same number of tests.
// Usage: npm run test:stress [-- --runs 5 --burners 2]

const runs = option('--runs', 5);
const burnerCount = option('--burners', 2);
const logDir = mkdtempSync(join(tmpdir(), 'dual-coverage-stress-'));

interface RunResult {
  passed: number;
  failed: number;
  skipped: number;
  /** The failed tests' names, as the summary reporter lists them. */
  failures: string[];
  exitCode: number | null;
  seconds: number;
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at < 0 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a whole number ≥ 1`);
  return value;
}

// Each burner spins, and exits by itself once its parent is gone, even after a SIGKILL.
const BURN = `const parent = process.ppid;
for (;;) {
  for (let i = 0; i < 5e7; i++);
  try { process.kill(parent, 0); } catch { process.exit(0); }
}`;

function startBurners(): ChildProcess[] {
  return Array.from({ length: burnerCount }, () =>
    spawn(process.execPath, ['-e', BURN], { stdio: 'ignore' }),
  );
}

function stopBurners(burners: ChildProcess[]): void {
  for (const burner of burners) if (burner.exitCode === null) burner.kill('SIGKILL');
}

/** One whole vitest run; its output goes to a log file and is read for the summary line. */
function runSuite(index: number): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run'], {
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('close', (exitCode) => {
      writeFileSync(join(logDir, `run-${index}.log`), output);
      const summary = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(output);
      resolve({
        passed: Number(summary?.[1] ?? 0),
        failed: summary ? Number(summary[2]) : 1,
        skipped: Number(summary?.[3] ?? 0),
        failures: [...output.matchAll(/^failed: (.*)$/gm)].map((m) => m[1] ?? ''),
        exitCode,
        seconds: Math.round((Date.now() - started) / 1000),
      });
    });
  });
}

async function main(): Promise<number> {
  const burners = startBurners();
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      stopBurners(burners);
      process.exit(130);
    });
  console.log(
    `stress: ${runs} runs of the whole vitest suite beside ${burnerCount} CPU burners; logs in ${logDir}`,
  );
  const results: RunResult[] = [];
  try {
    for (let i = 1; i <= runs; i++) {
      const result = await runSuite(i);
      results.push(result);
      const green = result.failed === 0 && result.exitCode === 0;
      console.log(
        `run ${i}/${runs}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped` +
          ` (${result.seconds} s, exit ${result.exitCode})${green ? '' : ' FAILED'}`,
      );
      for (const name of result.failures) console.log(`  failed: ${name}`);
    }
  } finally {
    stopBurners(burners);
  }

  const totals = new Set(results.map((r) => r.passed + r.failed + r.skipped));
  const failedRuns = results.flatMap((r, i) => (r.failed === 0 && r.exitCode === 0 ? [] : [i + 1]));
  const green = results.length - failedRuns.length;
  if (totals.size === 1) console.log(`same number of tests in every run: ${[...totals][0]}`);
  else console.log(`NOT the same number of tests in every run: ${[...totals].join(', ')}`);
  console.log(
    failedRuns.length === 0
      ? `${green}/${runs} green`
      : `${green}/${runs} green; failed: run ${failedRuns.join(', run ')}`,
  );
  return failedRuns.length === 0 && totals.size === 1 ? 0 : 1;
}

process.exitCode = await main();
