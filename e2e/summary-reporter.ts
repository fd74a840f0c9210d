import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints why each skipped test was skipped (a skip must always say why) and a closing count line. */
export default class SkipReasons implements Reporter {
  private lines: string[] = [];
  private counts = { passed: 0, failed: 0, skipped: 0 };

  onTestEnd(test: TestCase, result: TestResult): void {
    const outcome = test.outcome();
    if (outcome === 'skipped') this.counts.skipped++;
    else if (outcome === 'expected' || outcome === 'flaky') this.counts.passed++;
    else this.counts.failed++;
    if (result.status !== 'skipped') return;
    const why = [...test.annotations, ...result.annotations].find((a) => a.type === 'skip')?.description;
    this.lines.push(`  skipped: ${test.titlePath().filter(Boolean).join(' › ')} — ${why ?? 'no reason given'}`);
  }

  onEnd(): void {
    if (this.lines.length) console.log(`\n${this.lines.join('\n')}`);
    const c = this.counts;
    console.log(`\ne2e: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
