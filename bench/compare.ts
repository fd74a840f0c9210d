// Opening a comparison of two 24 h, 1 Hz sessions against opening one of them, same run: what
// the compare view does (read + decode each file, load each into a SeriesStore for the panels,
// compareSessions + compareDerived for the summary table) vs what replay does for one session.
// Prints medians and the ratio; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSessionFile } from '../src/main/host/SessionFiles';
import { writeSessionFile } from '../src/main/host/sessionIO';
import { compareSessions } from '../src/shared/compare/compareSessions';
import { compareDerived } from '../src/shared/compare/derivedRows';
import { SeriesStore } from '../src/shared/series';
import type { SessionData } from '../src/shared/session/data';
import { makeData, makeMeta } from '../test/sessions/helpers';

const N = 86_400;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function loadSeries(data: SessionData): SeriesStore {
  const s = SeriesStore.forSession(data.meta.registry, data.length);
  s.load({ t: data.t, values: data.columns, diagnostics: data.diagnostics });
  return s;
}

async function openOne(file: string) {
  const t0 = performance.now();
  const { data } = await readSessionFile(file);
  const t1 = performance.now();
  loadSeries(data);
  const t2 = performance.now();
  return { total: t2 - t0, read: t1 - t0, series: t2 - t1 };
}

async function openComparison(a: string, b: string) {
  const t0 = performance.now();
  const [da, db] = await Promise.all([readSessionFile(a), readSessionFile(b)]);
  const t1 = performance.now();
  loadSeries(da.data);
  loadSeries(db.data);
  const t2 = performance.now();
  const inputs = [
    { id: 'a', title: 'a', data: da.data },
    { id: 'b', title: 'b', data: db.data },
  ];
  const c = compareSessions(inputs);
  compareDerived(inputs, c);
  const t3 = performance.now();
  return { total: t3 - t0, read: t1 - t0, series: t2 - t1, summary: t3 - t2 };
}

const dir = mkdtempSync(join(tmpdir(), 'tg-bench-compare-'));
try {
  const a = join(dir, 'a.arrow');
  const b = join(dir, 'b.arrow');
  await writeSessionFile(makeData(N, makeMeta(undefined, { id: 'a', notReported: {} })), a);
  await writeSessionFile(
    makeData(N, makeMeta(undefined, { id: 'b', notReported: {}, startedAt: 1_700_100_000_000 })),
    b,
  );
  await openOne(a); // warm up
  await openComparison(a, b);
  const one: Awaited<ReturnType<typeof openOne>>[] = [];
  const two: Awaited<ReturnType<typeof openComparison>>[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    one.push(await openOne(a));
    two.push(await openComparison(a, b));
  }
  const m1 = median(one.map((x) => x.total));
  const m2 = median(two.map((x) => x.total));
  console.log(`24 h, 1 Hz x 99 metrics; ${ROUNDS} interleaved rounds, medians`);
  console.log(
    `open one session:      ${m1.toFixed(0)} ms (read ${median(one.map((x) => x.read)).toFixed(0)}, series ${median(one.map((x) => x.series)).toFixed(0)})`,
  );
  console.log(
    `open a comparison (2): ${m2.toFixed(0)} ms (read ${median(two.map((x) => x.read)).toFixed(0)}, series ${median(two.map((x) => x.series)).toFixed(0)}, summary ${median(two.map((x) => x.summary)).toFixed(0)})   target < 500 ms`,
  );
  console.log(`ratio comparison / one: ${(m2 / m1).toFixed(2)}x   target < 2x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
