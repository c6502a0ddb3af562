import type { Reporter, TestModule } from 'vitest/node';

/**
 * Names every skipped test with its reason, then prints one plain line
 * `N passed, N failed, N skipped` after a run, for CI and the stress script to read.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') failed++;
        else if (result.state === 'skipped')
          skipped.push(`skipped: ${test.fullName}${result.note ? ` (${result.note})` : ''}`);
      }
      // A file that fails to load has no tests but is still a failure.
      if (module.state() === 'failed' && module.children.size === 0) failed++;
    }
    for (const line of skipped) process.stdout.write(`${line}\n`);
    process.stdout.write(`${passed} passed, ${failed} failed, ${skipped.length} skipped\n`);
  }
}
