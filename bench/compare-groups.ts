// Comparing 2 groups of 5 day-long (24 h, 1 Hz, 99 metrics) sessions against comparing 2 such
// sessions, same run, sessions in memory: the summary only, what `compare A1..A5 --vs B1..B5`
// and the 2-session `compare` compute once the files are decoded. The 2-session summary takes
// every metric's distribution (mean, p50, p95, max: its table shows them); the groups' summary
// takes totals and means (summaryStats.ts: all a group figure reads) and adds the per-figure
// bootstrap (2,000 resamples) and rank test for ~100 metrics and the headline figures.
// Prints medians and spreads over ROUNDS rounds, interleaved; target: 5 vs 5 < 1 s.
import { compareGroups, headlineTable, runFigures } from '../src/shared/compare/compareGroups';
import { combineMetricFigures } from '../src/shared/compare/compareSessions';
import type { SessionData } from '../src/shared/session/data';
import { makeMeta } from '../test/sessions/helpers';
import { makeBenchDay } from './_day';
import { figure, LOAD, median, ROUNDS, ratio } from './_stats';

const N = 86_400;
const sessions: SessionData[] = Array.from({ length: 10 }, (_, k) =>
  makeBenchDay(
    N,
    makeMeta(undefined, { id: `day-${k}`, notReported: {}, startedAt: 1_700_000_000_000 + k * 86_400_000 }),
  ),
);
const input = (data: SessionData) => ({ id: data.meta.id, title: data.meta.id, data });
const start = { kind: 'start' } as const;

function two(): number {
  const runs = sessions.slice(0, 2).map((d) => runFigures(input(d), start));
  return combineMetricFigures(runs).rows.length + headlineTable(runs, 0).length;
}

function groups(summary: boolean): number {
  const runs = sessions.map((d) => runFigures(input(d), start, undefined, summary));
  const g = compareGroups(runs.slice(0, 5), runs.slice(5));
  return g.metrics.length + g.headline.length;
}

// The join alone, from figures already computed (the host caches each file's figures: the Groups view's path).
const cached = sessions.map((d) => runFigures(input(d), start));

const t2: number[] = [];
const tg: number[] = [];
const tgFull: number[] = [];
const tj: number[] = [];
/** CPU time of this process per round (user + system): what the work costs, whatever else the machine runs. */
const cpu2: number[] = [];
const cpuG: number[] = [];
let sink = 0;
const time = (into: number[], f: () => number, cpu?: number[]) => {
  const c = process.cpuUsage();
  const t = performance.now();
  sink += f();
  into.push(performance.now() - t);
  const d = process.cpuUsage(c);
  cpu?.push((d.user + d.system) / 1000);
};
for (let r = 0; r < ROUNDS; r++) {
  // Interleaved, so a busy neighbour hits every figure alike.
  time(t2, two, cpu2);
  time(tg, () => groups(true), cpuG);
  time(tgFull, () => groups(false));
  time(tj, () => compareGroups(cached.slice(0, 5), cached.slice(5)).metrics.length);
}
console.log(`(${LOAD})`);
console.log(`compare 2 day-long sessions (summary)                   ${figure(t2, 'ms')}`);
console.log(
  `compare 5 vs 5 day-long sessions (groups, summary)      ${figure(tg, 'ms')}  ${ratio(tg, t2)} the 2-session compare; target < 1 s: ${median(tg) < 1000 ? 'met' : 'NOT met'}`,
);
console.log(`  CPU time: 2 sessions ${figure(cpu2, 'ms')}, 5 vs 5 ${figure(cpuG, 'ms')} (${ratio(cpuG, cpu2)})`);
console.log(`  the same with every distribution (before summaryStats) ${figure(tgFull, 'ms')}  ${ratio(tgFull, t2)}`);
console.log(`  join only, from cached figures (the Groups view)      ${figure(tj, 'ms', 1)}`);
if (sink <= 0) console.log('(nothing computed?)');
