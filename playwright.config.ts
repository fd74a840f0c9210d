import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './src/main/report/chromium';

// Nothing a test starts may record into the user's real data folder.
process.env.TIDEGAUGE_DATA_DIR ??= join(tmpdir(), `tidegauge-e2e-data-${process.pid}`);

// One way to find a browser everywhere: $TIDEGAUGE_CHROMIUM, else Debian's /usr/bin/chromium,
// else Playwright's own browsers (a developer laptop that ran `npx playwright install`).
const chromium = process.env.TIDEGAUGE_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['./e2e/summary-reporter.ts']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: chromium,
      args: CHROMIUM_ARGS,
    },
  },
});
