// Importing a range from a real Prometheus against reading the same data from our own session
// file, same run: 24 h at 15 s and 6 h at 1 s of one instance exporting every non-diagnostic
// metric of ours (~70 series), backfilled into a throwaway Prometheus with promtool. Each
// round imports the range (series lookup, paged query_range, laying on the grid, the checks of
// finishImport) and reads the file that import wrote (decode with the reader). Prints medians
// and the ratio; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFromPrometheus } from '../src/main/prometheus/promImport';
import { writeSessionFile } from '../src/main/storage/sessionExport';
import { readSessionFile } from '../src/main/storage/sessionFiles';
import { backfill, hasPrometheus, startPrometheus } from '../test/helpers/prometheusServer';
import { type Synthetic, syntheticOpenMetrics } from '../test/helpers/syntheticMetrics';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function main(): Promise<void> {
  if (!hasPrometheus) {
    console.log('prometheus-import: skipped, /usr/bin/prometheus is not installed (apt-get install prometheus)');
    return;
  }
  const now = Math.floor(Date.now() / 1000);
  const cases: (Synthetic & { label: string })[] = [
    {
      label: '24 h at 15 s',
      instance: 'day:1',
      start: now - 30 * 3600,
      stepS: 15,
      count: 5760,
      resetAt: -1,
      hole: null,
      allMetrics: true,
    },
    {
      label: '6 h at 1 s',
      instance: 'sixh:1',
      start: now - 8 * 3600,
      stepS: 1,
      count: 21_600,
      resetAt: -1,
      hole: null,
      allMetrics: true,
    },
  ];
  const t0 = performance.now();
  const prom = await startPrometheus([], (storage) => {
    for (const c of cases) backfill(storage, syntheticOpenMetrics(c));
  });
  console.log(`backfill and start: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const dir = mkdtempSync(join(tmpdir(), 'tg-bench-prom-'));
  try {
    for (const c of cases) {
      const imp: number[] = [];
      const read: number[] = [];
      let rows = 0;
      let cols = 0;
      let pages = 0;
      const file = join(dir, `${c.instance.replace(':', '-')}.arrow`);
      for (let r = 0; r < ROUNDS; r++) {
        const a = performance.now();
        const got = await importFromPrometheus({
          address: prom.url,
          match: `instance="${c.instance}"`,
          from: c.start,
          to: c.start + (c.count - 1) * c.stepS,
          stepS: c.stepS,
        });
        imp.push(performance.now() - a);
        rows = got.data.length;
        cols = got.data.meta.registry.length;
        pages = got.pages;
        if (r === 0) await writeSessionFile(got.data, file);
        const b = performance.now();
        const opened = await readSessionFile(file);
        read.push(performance.now() - b);
        if (opened.data.length !== rows) throw new Error('the file does not hold the import');
      }
      const mi = median(imp);
      const mr = median(read);
      console.log(
        `${c.label}: ${rows} rows x ${cols} metrics, ${pages} pages; import from Prometheus ${mi.toFixed(0)} ms, read our file ${mr.toFixed(0)} ms (median of ${ROUNDS}); import/file = ${(mi / mr).toFixed(1)}x`,
      );
    }
  } finally {
    await prom.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
