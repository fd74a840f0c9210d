// A Tidegauge host answering irontide's API with all 99 metrics moving (bench/sources.ts's
// watched engine, in its own process so its CPU is not the watcher's). Prints its port.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatsHost } from '../src/main/live/statsHost';
import type { Source } from '../src/main/sources/Source';
import { startWebShell } from '../src/main/web/WebShell';
import type { SessionCounters } from '../src/shared/counters';
import { NUM_METRICS, sessionStatsMetrics } from '../src/shared/registry';

const kinds = sessionStatsMetrics().map((m) => m.kind);
let timer: NodeJS.Timeout | null = null;
const source: Source = {
  info: { kind: 'stub', label: 'irontide-shaped stub' },
  notReported: new Map(),
  async start(c: SessionCounters) {
    c.setDiagnostics(true);
    timer = setInterval(() => {
      for (let i = 0; i < NUM_METRICS; i++) {
        if (kinds[i] === 'counter') c.inc(i, 1000 + i);
        else c.set(i, Math.floor(Math.random() * 1000));
      }
    }, 20);
  },
  async stop() {
    if (timer) clearInterval(timer);
  },
};
const dir = mkdtempSync(join(tmpdir(), 'tg-bench-stub-'));
writeFileSync(join(dir, 'index.html'), '<!doctype html>');
const host = new StatsHost({ intervalMs: 1000, source });
const shell = await startWebShell({ host, staticDir: dir, port: 0 });
await host.start();
console.log(`port ${shell.port}`);
process.on('SIGTERM', async () => {
  await shell.close();
  await host.stop();
  process.exit(0);
});
