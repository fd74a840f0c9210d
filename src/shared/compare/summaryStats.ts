import type { Distribution } from './stats';

/*
 * What a comparison of groups of runs reads of a metric: a counter's total (and the mean of its
 * rates), a gauge's mean level. The same arithmetic, in the same order, as counterFigures and
 * distribution (stats.ts), so the figures are equal to the last bit; without the percentiles,
 * which are most of their cost on a day-long session and which no group figure uses. p50 and
 * p95 are NaN: not computed.
 */

export function counterSummary(t: ArrayLike<number>, values: ArrayLike<number>): Distribution & { total: number } {
  const len = values.length;
  let n = 0;
  let sum = 0;
  let max = Number.NEGATIVE_INFINITY;
  let total = 0;
  let known = Number.NaN;
  let prev = Number.NaN;
  let prevT = 0;
  for (let i = 0; i < len; i++) {
    const v = values[i] as number;
    const ti = t[i] as number;
    if (v - v === 0) {
      if (known - known === 0) total += v >= known ? v - known : v;
      known = v;
      const dt = (ti - prevT) / 1000;
      if (prev - prev === 0 && dt > 0) {
        const r = (v >= prev ? v - prev : v) / dt;
        if (r - r === 0) {
          n++;
          sum += r;
          if (r > max) max = r;
        }
      }
    }
    prev = v;
    prevT = ti;
  }
  return n === 0
    ? { n: 0, mean: Number.NaN, p50: Number.NaN, p95: Number.NaN, max: Number.NaN, total }
    : { n, mean: sum / n, p50: Number.NaN, p95: Number.NaN, max, total };
}

export function levelSummary(values: ArrayLike<number>): Distribution {
  let n = 0;
  let sum = 0;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v - v === 0) {
      n++;
      sum += v;
      if (v > max) max = v;
    }
  }
  return n === 0
    ? { n: 0, mean: Number.NaN, p50: Number.NaN, p95: Number.NaN, max: Number.NaN }
    : { n, mean: sum / n, p50: Number.NaN, p95: Number.NaN, max };
}
