// CPU of a host attached to an irontide-shaped source (our own serve answering irontide's
// /api/v1 events WebSocket, in another process) at 1 Hz and 10 Hz, against the same host
// sampling a local source's counters only, measured side by side in this run.
// `npx tsx bench/sources.ts [seconds per run, default 20]`
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StatsHost } from '../src/main/live/statsHost';
import { createSource } from '../src/main/sources/addresses';
import type { RemoteSource } from '../src/main/sources/remote/RemoteSource';
import type { Source } from '../src/main/sources/Source';
import type { SessionCounters } from '../src/shared/counters';
import { NUM_METRICS } from '../src/shared/registry';

const seconds = Number(process.argv[2] ?? 20);
const here = dirname(fileURLToPath(import.meta.url));

/** The baseline: counters written in this process, as the embedded engine's tallies land. */
function localSource(): Source {
  let timer: NodeJS.Timeout | null = null;
  return {
    info: { kind: 'local', label: 'local counters' },
    notReported: new Map(),
    async start(c: SessionCounters) {
      timer = setInterval(() => {
        for (let i = 0; i < NUM_METRICS; i++) c.inc(i, 1);
      }, 1000);
    },
    async stop() {
      if (timer) clearInterval(timer);
    },
  };
}

async function measure(name: string, intervalMs: number, source: Source, runS = seconds): Promise<number> {
  const host = new StatsHost({ intervalMs, source });
  let samples = 0;
  host.on('snapshot', (s) => {
    if (!s.gap) samples++;
  });
  await host.start();
  await new Promise((r) => setTimeout(r, 2000)); // connected and settled
  samples = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, runS * 1000));
  const cpu = process.cpuUsage(c0);
  const wall = performance.now() - t0;
  const share = ((cpu.user + cpu.system) / 1000 / wall) * 100;
  const missed = (source as Partial<RemoteSource>).health?.().missed ?? 0;
  await host.stop();
  console.log(`${name.padEnd(28)} ${share.toFixed(2).padStart(6)} % of a core  (${samples} samples, ${missed} missed)`);
  return share;
}

const stub = spawn(process.execPath, ['--import', 'tsx', join(here, '_irontide-stub.ts')], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    stub.stdout?.on('data', (d) => {
      out += String(d);
      const m = /port (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    stub.on('exit', (code) => reject(new Error(`the stub exited ${code}`)));
  });
  // Warm-up (module loading, JIT, the stub's first connections), not counted.
  await measure('(warm-up)', 1000, (await createSource(`irontide://127.0.0.1:${port}`)) as Source, 3);
  const base1 = await measure('local counters, 1 Hz', 1000, localSource());
  const r1 = await measure(
    'irontide:// push, 1 Hz',
    1000,
    (await createSource(`irontide://127.0.0.1:${port}`)) as Source,
  );
  const r10 = await measure(
    'irontide:// push, 10 Hz',
    100,
    (await createSource(`irontide://127.0.0.1:${port}`)) as Source,
  );
  const base10 = await measure('local counters, 10 Hz', 100, localSource());
  console.log(
    `\nadapter adds at 1 Hz:  ${(r1 - base1).toFixed(2)} % of a core (target < 1 %); ratio ${(r1 / base1).toFixed(2)}x`,
  );
  console.log(`adapter adds at 10 Hz: ${(r10 - base10).toFixed(2)} % of a core; ratio ${(r10 / base10).toFixed(2)}x`);
} finally {
  stub.kill('SIGTERM');
}
