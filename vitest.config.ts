import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Worker-thread and swarm tests are CPU heavy; two cores, so keep files sequential-ish.
    maxWorkers: 2,
  },
});
