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

/** Linear-interpolated percentile of the first n values of a (reordered in place). */
function selectPercentile(a: Float64Array, n: number, p: number): number {
  const pos = (p / 100) * (n - 1);
  const lo = Math.floor(pos);
  const x = select(a, n, lo);
  if (pos === lo) return x;
  // After selecting lo, everything right of it is >= a[lo]: the next order statistic is their minimum.
  let y = Number.POSITIVE_INFINITY;
  for (let i = lo + 1; i < n; i++) if ((a[i] as number) < y) y = a[i] as number;
  return x + (y - x) * (pos - lo);
}

/** mean / p50 / p95 / max of the finite values of a series (NaN = missing sample). */
export function distribution(values: ArrayLike<number>): Distribution {
  if (scratch.length < values.length) scratch = new Float64Array(Math.max(values.length, scratch.length * 2));
  const a = scratch;
  let n = 0;
  let sum = 0;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v - v === 0) {
      // finite (NaN and infinities fail v - v === 0)
      a[n++] = v;
      sum += v;
      if (v > max) max = v;
    }
  }
  if (n === 0) return { n: 0, mean: Number.NaN, p50: Number.NaN, p95: Number.NaN, max: Number.NaN };
  const p95 = selectPercentile(a, n, 95);
  const p50 = selectPercentile(a, n, 50);
  return { n, mean: sum / n, p50, p95, max };
}

/** What a counter added over the series: positive steps, and after a reset the new value. */
export function counterTotal(values: ArrayLike<number>): number {
  let total = 0;
  let prev = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    if (Number.isFinite(prev)) total += v >= prev ? v - prev : v;
    prev = v;
  }
  return total;
}
