import type { Reporter, TestModule } from 'vitest/node';

/** Closes the unit run with one plain line: "unit: N passed, N failed, N skipped". */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const c = { passed: 0, failed: 0, skipped: 0 };
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') c.passed++;
        else if (s === 'failed') c.failed++;
        else c.skipped++;
      }
    }
    console.log(`\nunit: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  }
}
