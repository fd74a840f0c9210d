/** Order statistics and counter totals for compare tables and reports (pure, table-tested). */

/** Linear-interpolated percentile (p in 0..100) of finite values; NaN when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return sorted[0] as number;
  const pos = (p / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export interface Distribution {
  readonly n: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/** Reused scratch space: distributions of day-long series run 200 times per comparison. */
let scratch = new Float64Array(0);

/**
 * The k-th smallest of a[0..n) (0-based), moving it to a[k]: Hoare-partition quickselect,
 * O(n) on average, instead of sorting 86,400 samples for two order statistics.
 */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const x = a[i] as number;
        a[i] = a[j] as number;
        a[j] = x;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k] as number;
}

/**
 * Linear-interpolated percentile of the first n values of a (reordered in place). Only
 * a[0..limit] is searched: the caller knows the rank lies there and that everything right of
 * a[limit] is at least a[limit] (limit = n - 1 searches everything).
 */
function selectPercentile(a: Float64Array, n: number, p: number, limit: number): { value: number; rank: number } {
  const pos = (p / 100) * (n - 1);
  const lo = Math.floor(pos);
  const x = select(a, limit + 1, lo);
  if (pos === lo) return { value: x, rank: lo };
  // After selecting lo, everything right of it is >= a[lo]: the next order statistic is their
  // minimum, and beyond limit nothing is smaller than a[limit].
  let y = Number.POSITIVE_INFINITY;
  for (let i = lo + 1; i <= limit; i++) if ((a[i] as number) < y) y = a[i] as number;
  return { value: x + (y - x) * (pos - lo), rank: lo };
}

/** The order statistics of a[0..n) (finite, reordered in place) given its sum, min and max. */
function finish(a: Float64Array, n: number, sum: number, min: number, max: number): Distribution {
  if (n === 0) return { n: 0, mean: Number.NaN, p50: Number.NaN, p95: Number.NaN, max: Number.NaN };
  // A flat series (an idle metric: most of a day's columns) has every percentile at its value.
  if (min === max) return { n, mean: sum / n, p50: min, p95: min, max };
  const p95 = selectPercentile(a, n, 95, n - 1);
  // p50's ranks lie left of p95's, and the selection left everything right of that rank no smaller.
  const p50 = selectPercentile(a, n, 50, Math.min(n - 1, p95.rank + 1));
  return { n, mean: sum / n, p50: p50.value, p95: p95.value, max };
}

function ensureScratch(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  return scratch;
}

/**
 * p50 and p95 of a long series in one pass, by sampling (Floyd–Rivest style): a sorted sample
 * of ~512 values brackets each wanted rank between two values L < H; one pass counts the
 * values below L, equal to L and to H, and keeps only those strictly between; the ranks are
 * then found in those few (a day of counter rates repeats a handful of values: the equal
 * counts settle most ranks outright). If a rank falls outside its bracket (a sample far from
 * typical), the caller falls back to quickselect on all values. Exact either way.
 */
const SAMPLE = 512;
/** Sample ranks either side of the wanted one: ~3.5 standard deviations of a sample rank. */
const SPREAD = 40;
const sample = new Float64Array(SAMPLE);

class Bracket {
  lo = 0;
  hi = 0;
  less = 0;
  eqLo = 0;
  eqHi = 0;
  m = 0;
  buf = new Float64Array(0);

  /** Bracket the fraction q (0..1) of the sorted sample s[0..k). */
  set(s: Float64Array, k: number, q: number, len: number): void {
    const at = q * (k - 1);
    const a = Math.floor(at) - SPREAD;
    const b = Math.ceil(at) + SPREAD;
    this.lo = a < 0 ? Number.NEGATIVE_INFINITY : (s[a] as number);
    this.hi = b > k - 1 ? Number.POSITIVE_INFINITY : (s[b] as number);
    this.less = 0;
    this.eqLo = 0;
    this.eqHi = 0;
    this.m = 0;
    if (this.buf.length < len) this.buf = new Float64Array(len);
  }

  add(v: number): void {
    if (v < this.lo) this.less++;
    else if (v === this.lo) this.eqLo++;
    else if (v < this.hi) this.buf[this.m++] = v;
    else if (v === this.hi) this.eqHi++;
  }

  /** The value of 0-based rank r of the whole series, or NaN when the bracket missed it. */
  rank(r: number): number {
    let k = r - this.less;
    if (k < 0) return Number.NaN;
    if (k < this.eqLo) return this.lo;
    k -= this.eqLo;
    if (k < this.m) return select(this.buf, this.m, k);
    k -= this.m;
    return k < this.eqHi ? this.hi : Number.NaN;
  }

  /** Linear-interpolated percentile p of a series of n values (NaN when the bracket missed). */
  percentile(n: number, p: number): number {
    const pos = (p / 100) * (n - 1);
    const lo = Math.floor(pos);
    const x = this.rank(lo);
    if (pos === lo) return x;
    const y = this.rank(lo + 1);
    return x + (y - x) * (pos - lo);
  }
}

const b50 = new Bracket();
const b95 = new Bracket();
/** Below this many values, quickselect on a copy is as quick. */
const SAMPLED_FROM = 8192;

/** A cheap deterministic spread of sample positions (no aliasing with periodic series). */
function samplePositions(len: number, at: (i: number) => number): number {
  let k = 0;
  let x = 0x2545f491;
  const stride = len / SAMPLE;
  for (let j = 0; j < SAMPLE; j++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const i = Math.min(len - 1, Math.floor(j * stride + (x / 2 ** 32) * stride));
    const v = at(i);
    if (v - v === 0) sample[k++] = v;
  }
  sample.subarray(0, k).sort();
  return k;
}

/** Finish a sampled pass: the percentiles from the brackets, or null when one missed. */
function sampled(n: number, sum: number, min: number, max: number): Distribution | null {
  if (n === 0) return { n: 0, mean: Number.NaN, p50: Number.NaN, p95: Number.NaN, max: Number.NaN };
  if (min === max) return { n, mean: sum / n, p50: min, p95: min, max };
  const p95 = b95.percentile(n, 95);
  const p50 = b50.percentile(n, 50);
  if (Number.isNaN(p50) || Number.isNaN(p95)) return null;
  return { n, mean: sum / n, p50, p95, max };
}

/** mean / p50 / p95 / max of the finite values of a series (NaN = missing sample). */
export function distribution(values: ArrayLike<number>): Distribution {
  const len = values.length;
  if (len >= SAMPLED_FROM) {
    const k = samplePositions(len, (i) => values[i] as number);
    if (k >= SAMPLE / 4) {
      b50.set(sample, k, 0.5, len);
      b95.set(sample, k, 0.95, len);
      let n = 0;
      let sum = 0;
      let max = Number.NEGATIVE_INFINITY;
      let min = Number.POSITIVE_INFINITY;
      for (let i = 0; i < len; i++) {
        const v = values[i] as number;
        if (v - v === 0) {
          n++;
          sum += v;
          if (v > max) max = v;
          if (v < min) min = v;
          b50.add(v);
          b95.add(v);
        }
      }
      const d = sampled(n, sum, min, max);
      if (d) return d;
    }
  }
  const a = ensureScratch(len);
  let n = 0;
  let sum = 0;
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < len; i++) {
    const v = values[i] as number;
    if (v - v === 0) {
      // finite (NaN and infinities fail v - v === 0)
      a[n++] = v;
      sum += v;
      if (v > max) max = v;
      if (v < min) min = v;
    }
  }
  return finish(a, n, sum, min, max);
}

/**
 * A counter column's figures in one pass: the distribution of its per-second rates (the
 * columnRates rule: a rate needs two adjacent known samples and elapsed time, a drop is a
 * reset counted from zero) and its total (the counterTotal rule: known samples in order).
 * Equal to distribution(columnRates(t, values)) with counterTotal(values), without the
 * intermediate columns.
 */
export function counterFigures(t: ArrayLike<number>, values: ArrayLike<number>): Distribution & { total: number } {
  const len = values.length;
  const rateAt = (i: number): number => {
    if (i < 1) return Number.NaN;
    const v = values[i] as number;
    const p = values[i - 1] as number;
    const dt = ((t[i] as number) - (t[i - 1] as number)) / 1000;
    return v - v === 0 && p - p === 0 && dt > 0 ? (v >= p ? v - p : v) / dt : Number.NaN;
  };
  const k = len >= SAMPLED_FROM ? samplePositions(len, rateAt) : 0;
  const useSample = k >= SAMPLE / 4;
  let a: Float64Array = scratch;
  if (useSample) {
    b50.set(sample, k, 0.5, len);
    b95.set(sample, k, 0.95, len);
  } else a = ensureScratch(len);
  let n = 0;
  let sum = 0;
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  let total = 0;
  let known = Number.NaN; // last finite value, for the total
  let prev = Number.NaN; // the previous sample, for the rate
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
          if (useSample) {
            b50.add(r);
            b95.add(r);
          } else a[n] = r;
          n++;
          sum += r;
          if (r > max) max = r;
          if (r < min) min = r;
        }
      }
    }
    prev = v;
    prevT = ti;
  }
  if (useSample) {
    const d = sampled(n, sum, min, max);
    if (d) return { ...d, total };
    // A bracket missed: quickselect on the rates.
    a = ensureScratch(len);
    n = 0;
    for (let i = 1; i < len; i++) {
      const r = rateAt(i);
      if (r - r === 0) a[n++] = r;
    }
  }
  return { ...finish(a, n, sum, min, max), total };
}
