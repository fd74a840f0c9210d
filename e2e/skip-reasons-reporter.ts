import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints why each skipped test was skipped: a skip must always say why. */
export default class SkipReasons implements Reporter {
  private lines: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const why = [...test.annotations, ...result.annotations].find((a) => a.type === 'skip')?.description;
    this.lines.push(`  skipped: ${test.titlePath().filter(Boolean).join(' › ')} — ${why ?? 'no reason given'}`);
  }

  onEnd(): void {
    if (this.lines.length) console.log(`\n${this.lines.join('\n')}`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
