/*
 * Statistics for comparing a group of runs against another (the benchstat / hyperfine way):
 * each group's median and spread, the change of the median with a bootstrap 95 % interval, and
 * the Mann–Whitney rank test's two-sided p-value. Pure and deterministic (a seeded generator),
 * so the same runs always give the same verdict.
 */

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return Number.NaN;
  return n % 2 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
}

export interface Spread {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function spread(values: readonly number[]): Spread {
  return {
    n: values.length,
    median: median(values),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
  };
}

/** Mulberry32: a small seeded generator (the bootstrap must not change between runs of the same input). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Median of a bootstrap resample of values, drawn into buf and sorted there (insertion sort: n is small). */
function resampleMedian(values: readonly number[], rnd: () => number, buf: Float64Array): number {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[Math.floor(rnd() * n)] as number;
    let j = i - 1;
    while (j >= 0 && (buf[j] as number) > v) {
      buf[j + 1] = buf[j] as number;
      j--;
    }
    buf[j + 1] = v;
  }
  return n % 2 ? (buf[(n - 1) / 2] as number) : ((buf[n / 2 - 1] as number) + (buf[n / 2] as number)) / 2;
}

export interface Change {
  /** Relative change of the median, b / a - 1; null where a's median is 0 (then see abs). */
  readonly rel: number | null;
  readonly relLow: number | null;
  readonly relHigh: number | null;
  /** Absolute change of the median, b - a, and its interval. */
  readonly abs: number;
  readonly absLow: number;
  readonly absHigh: number;
}

export const BOOTSTRAP_RESAMPLES = 2000;

/**
 * The change of the median from group a to group b with a percentile-bootstrap 95 % interval
 * (each group resampled with replacement on its own). With 3 runs a side the interval is about
 * the range between the groups' extremes: it excludes "no change" only when they do not overlap.
 */
export function medianChange(a: readonly number[], b: readonly number[], resamples = BOOTSTRAP_RESAMPLES): Change {
  const ma = median(a);
  const mb = median(b);
  // Every run of both groups the same (an idle metric): no resample can differ.
  const first = a[0];
  if (a.every((v) => v === first) && b.every((v) => v === mb)) {
    const rel = ma === 0 ? null : mb / ma - 1;
    return { rel, relLow: rel, relHigh: rel, abs: mb - ma, absLow: mb - ma, absHigh: mb - ma };
  }
  const rnd = generator(0x9e3779b9 ^ (a.length * 31 + b.length));
  const ba = new Float64Array(a.length);
  const bb = new Float64Array(b.length);
  const abs = new Float64Array(resamples);
  const rel = new Float64Array(resamples);
  let relOk = ma !== 0;
  for (let r = 0; r < resamples; r++) {
    const x = resampleMedian(a, rnd, ba);
    const y = resampleMedian(b, rnd, bb);
    abs[r] = y - x;
    if (x === 0) relOk = false;
    else rel[r] = y / x - 1;
  }
  abs.sort();
  rel.sort();
  const q = (s: Float64Array, p: number) =>
    s[Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))))] as number;
  return {
    rel: ma === 0 ? null : mb / ma - 1,
    relLow: relOk ? q(rel, 0.025) : null,
    relHigh: relOk ? q(rel, 0.975) : null,
    abs: mb - ma,
    absLow: q(abs, 0.025),
    absHigh: q(abs, 0.975),
  };
}

/** Rank sum of the first group among all values (mid-ranks for ties). */
function rankSum(a: readonly number[], b: readonly number[]): { w: number; ranks: number[] } {
  const all = [...a.map((v, i) => ({ v, i })), ...b.map((v, i) => ({ v, i: a.length + i }))].sort((x, y) => x.v - y.v);
  const ranks = new Array<number>(all.length);
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && (all[j + 1] as { v: number }).v === (all[i] as { v: number }).v) j++;
    for (let k = i; k <= j; k++) ranks[(all[k] as { i: number }).i] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let w = 0;
  for (let i = 0; i < a.length; i++) w += ranks[i] as number;
  return { w, ranks };
}

/** Up to this many ways to split the runs, the p-value is exact (every split enumerated). */
const EXACT_SPLITS = 200_000;

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * Two-sided p-value of the Mann–Whitney U (Wilcoxon rank-sum) test: exact over every split of
 * the pooled runs for small groups (ties included), the normal approximation with tie
 * correction beyond. Note the floor: 3 runs against 3 can never give less than 0.1.
 */
export function mannWhitneyP(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return Number.NaN;
  const { w, ranks } = rankSum(a, b);
  const mean = (n * (n + m + 1)) / 2;
  const observed = Math.abs(w - mean);
  if (binomial(n + m, n) <= EXACT_SPLITS) {
    let extreme = 0;
    let total = 0;
    const eps = 1e-9;
    const pick = (start: number, left: number, sum: number): void => {
      if (left === 0) {
        total++;
        if (Math.abs(sum - mean) >= observed - eps) extreme++;
        return;
      }
      for (let i = start; i <= ranks.length - left; i++) pick(i + 1, left - 1, sum + (ranks[i] as number));
    };
    pick(0, n, 0);
    return extreme / total;
  }
  const N = n + m;
  const counts = new Map<number, number>();
  for (const r of ranks) counts.set(r, (counts.get(r) ?? 0) + 1);
  let ties = 0;
  for (const c of counts.values()) ties += c * c * c - c;
  const variance = ((n * m) / 12) * (N + 1 - ties / (N * (N - 1)));
  if (variance <= 0) return 1;
  const z = (observed - 0.5) / Math.sqrt(variance);
  return Math.min(1, 2 * (1 - normalCdf(Math.max(0, z))));
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf; error below 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}
