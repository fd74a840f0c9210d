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

/** mean / p50 / p95 / max of the finite values of a series (NaN = missing sample). */
export function distribution(values: ArrayLike<number>): Distribution {
  const xs: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) {
      xs.push(v);
      sum += v;
    }
  }
  if (!xs.length) return { n: 0, mean: Number.NaN, p50: Number.NaN, p95: Number.NaN, max: Number.NaN };
  const sorted = Float64Array.from(xs).sort();
  return {
    n: xs.length,
    mean: sum / xs.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1] as number,
  };
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
