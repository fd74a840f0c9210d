import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Nothing a test starts may record into the user's real data folder.
    env: { TIDEGAUGE_DATA_DIR: join(tmpdir(), `tidegauge-test-data-${process.pid}`) },
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Worker-thread and swarm tests are CPU heavy; two cores, so keep files sequential-ish.
    maxWorkers: 2,
  },
});
