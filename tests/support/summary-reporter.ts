import type { Reporter, TestModule } from 'vitest/node';

/**
 * Names every failed and skipped test (with the reason a skip gives), then prints one plain
 * line `N passed, N failed, N skipped`, for CI and `npm run test:stress` to read.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    const failed: string[] = [];
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') failed.push(`failed: ${test.fullName}`);
        else if (result.state === 'skipped')
          skipped.push(`skipped: ${test.fullName}${result.note ? ` (${result.note})` : ''}`);
      }
      // A file that fails to load has no tests but is still a failure.
      if (module.state() === 'failed' && module.children.size === 0)
        failed.push(`failed: ${module.moduleId} (did not load)`);
    }
    for (const line of [...failed, ...skipped]) process.stdout.write(`${line}\n`);
    process.stdout.write(`${passed} passed, ${failed.length} failed, ${skipped.length} skipped\n`);
  }
}
