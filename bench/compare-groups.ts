// Comparing 2 groups of 5 day-long (24 h, 1 Hz) sessions against comparing 2 such sessions,
// same run, sessions in memory (the summary only: what `compare A1..A5 --vs B1..B5` and the
// 2-session `compare` compute once the files are decoded). Both paths take each session's
// figures (runFigures: every metric's distribution and total, the headline figures) and join
// them; the groups path adds the per-figure bootstrap (2,000 resamples) and rank test for
// ~100 metrics and the headline figures. Prints medians and the ratio; asserts nothing.
import { compareGroups, headlineTable, runFigures } from '../src/shared/compare/compareGroups';
import { combineMetricFigures } from '../src/shared/compare/compareSessions';
import type { SessionData } from '../src/shared/session/data';
import { makeData, makeMeta } from '../test/sessions/helpers';

const N = 86_400;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const sessions: SessionData[] = Array.from({ length: 10 }, (_, k) =>
  makeData(N, makeMeta(undefined, { id: `day-${k}`, notReported: {}, startedAt: 1_700_000_000_000 + k * 86_400_000 })),
);
const input = (data: SessionData) => ({ id: data.meta.id, title: data.meta.id, data });
const start = { kind: 'start' } as const;

function two(): number {
  const [a, b] = sessions as [SessionData, SessionData];
  const runs = [a, b].map((d) => runFigures(input(d), start));
  return combineMetricFigures(runs).rows.length + headlineTable(runs, 0).length;
}

function groups(): number {
  const runs = sessions.map((d) => runFigures(input(d), start));
  const g = compareGroups(runs.slice(0, 5), runs.slice(5));
  return g.metrics.length + g.headline.length;
}

// The join alone, from figures already computed (the library caches each file's figures).
const cached = sessions.map((d) => runFigures(input(d), start));
const tj: number[] = [];
const tj2: number[] = [];
const tf: number[] = [];

const t2: number[] = [];
const tg: number[] = [];
let sink = 0;
for (let r = 0; r < ROUNDS; r++) {
  // Interleaved, so a busy neighbour hits both alike.
  let t = performance.now();
  sink += two();
  t2.push(performance.now() - t);
  t = performance.now();
  sink += groups();
  tg.push(performance.now() - t);
  t = performance.now();
  sink += runFigures(input(sessions[r % 10] as SessionData), start).entries.length;
  tf.push(performance.now() - t);
  t = performance.now();
  sink += headlineTable(cached.slice(0, 2), 0).length;
  tj2.push(performance.now() - t);
  t = performance.now();
  sink += compareGroups(cached.slice(0, 5), cached.slice(5)).metrics.length;
  tj.push(performance.now() - t);
}
const m2 = median(t2);
const mg = median(tg);
console.log(`compare 2 day-long sessions (summary)            ${m2.toFixed(0)} ms`);
console.log(
  `compare 5 vs 5 day-long sessions (groups, summary) ${mg.toFixed(0)} ms  (${(mg / m2).toFixed(2)}× the 2-session compare, target < 1 s)`,
);
console.log(`one day-long session's figures (runFigures)         ${median(tf).toFixed(0)} ms`);
console.log(
  `join only, from cached figures: 2 sessions ${median(tj2).toFixed(1)} ms, 5 vs 5 ${median(tj).toFixed(1)} ms (${(median(tj) / median(tj2)).toFixed(0)}×)`,
);
console.log(`(${ROUNDS} rounds, medians; ${sink > 0 ? 'ok' : ''})`);
