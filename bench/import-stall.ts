// A big CSV uploaded into a running `serve` (issue 13 point 5): the longest gap between two
// snapshots a connected page sees while the host takes the upload and imports it, with the
// import on the host's own thread (what serve did before) against the import in a worker
// thread (what it does now), side by side in one run. Each side is a host in a child process
// of its own; both decode sessions in the reader pool, as serve does, so only the importer
// differs. The page is a WebSocket client in this process; snapshots come every 100 ms.
// `BENCH_IMPORT_MB=N` sets the CSV's size (default 200).
import { fork } from 'node:child_process';
import { createWriteStream, mkdtempSync, openAsBlob, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';

const MB = Number(process.env.BENCH_IMPORT_MB ?? 200);
const INTERVAL_MS = 100;

if (process.argv[2] === 'serve') {
  const { StatsHost } = await import('../src/main/live/statsHost');
  const { startWebShell } = await import('../src/main/web/WebShell');
  const { rendererDir } = await import('../src/main/paths');
  const { SessionLibrary } = await import('../src/main/storage/sessionLibrary');
  const { WorkerSessionReader } = await import('../src/main/storage/sessionReaderPool');
  const { inThreadImporter } = await import('../src/main/storage/sessionImporter');
  const host = new StatsHost({ intervalMs: INTERVAL_MS });
  const library = new SessionLibrary(process.argv[4] as string, {
    reader: new WorkerSessionReader().warm(),
    importer: process.argv[3] === 'thread' ? inThreadImporter : undefined,
  });
  const shell = await startWebShell({ host, staticDir: rendererDir(), port: 0, library: { library } });
  await host.start();
  process.send?.({ port: shell.port });
} else {
  const dir = mkdtempSync(join(tmpdir(), 'tg-bench-import-'));
  const csv = join(dir, 'big.csv');
  // A day of samples of 99 metrics, as an export writes them: counters growing, gauges wandering.
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(csv);
    out.on('error', reject);
    const cols = 99;
    out.write(`time,${Array.from({ length: cols }, (_, i) => `m${i}`).join(',')}\n`);
    let row = 0;
    let bytes = 0;
    const pump = () => {
      while (bytes < MB * 2 ** 20) {
        const cells = [String(1_700_000_000_000 + row * 1000)];
        for (let i = 0; i < cols; i++) cells.push(String(i % 3 ? row * (i + 1) : (row * 7 + i) % 50));
        const line = `${cells.join(',')}\n`;
        bytes += line.length;
        row++;
        if (!out.write(line)) return void out.once('drain', pump);
      }
      out.end(resolve);
    };
    pump();
  });
  const size = statSync(csv).size;

  const side = async (mode: 'thread' | 'worker') => {
    const data = mkdtempSync(join(dir, `${mode}-`));
    const child = fork(fileURLToPath(import.meta.url), ['serve', mode, data], { execArgv: ['--import', 'tsx'] });
    const port = await new Promise<number>((resolve) => child.on('message', (m: { port: number }) => resolve(m.port)));
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    let last = 0;
    let maxGap = 0;
    const gaps: number[] = [];
    let measuring = false;
    ws.on('message', (_m, binary) => {
      if (!binary) return; // snapshots are binary frames; status events are JSON
      const now = performance.now();
      if (measuring && last) {
        gaps.push(now - last);
        maxGap = Math.max(maxGap, now - last);
      }
      last = now;
    });
    await new Promise((r) => ws.once('open', r));
    await new Promise((r) => setTimeout(r, 2000));
    measuring = true;
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/library/import?name=big.csv`, {
      method: 'POST',
      body: await openAsBlob(csv),
    });
    const body = (await res.json()) as { summary?: { samples: number }; error?: string };
    const seconds = (performance.now() - t0) / 1000;
    // The gap that ends after the answer counts too.
    await new Promise((r) => setTimeout(r, 3 * INTERVAL_MS));
    measuring = false;
    ws.terminate();
    child.kill();
    gaps.sort((a, b) => a - b);
    const p99 = gaps[Math.floor(gaps.length * 0.99)] ?? 0;
    if (res.status !== 201) throw new Error(`${mode}: the import answered ${res.status}: ${body.error}`);
    return { mode, status: res.status, samples: body.summary?.samples ?? 0, seconds, maxGap, p99, n: gaps.length };
  };
  try {
    const results = [await side('thread'), await side('worker')];
    console.log(`a ${(size / 2 ** 20).toFixed(0)} MiB CSV uploaded and imported, snapshots every ${INTERVAL_MS} ms`);
    for (const r of results)
      console.log(
        `${r.mode === 'thread' ? "import on the host's thread" : 'import in a worker thread  '}: ${r.samples} samples in ${r.seconds.toFixed(1)} s; gap between snapshots max ${r.maxGap.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms (${r.n} gaps)`,
      );
    const [t, w] = results as [(typeof results)[0], (typeof results)[0]];
    console.log(`longest stall, host thread / worker: ${(t.maxGap / Math.max(1, w.maxGap)).toFixed(1)}x`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
