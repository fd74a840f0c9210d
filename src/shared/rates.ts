import type { MetricKind } from './registry-types';

/**
 * Derive the per-sample series: counters become per-second rates over the elapsed time,
 * gauges pass through. A counter that went down was reset (a restarted engine, a replay
 * that looped): its rate is counted from zero, never negative. The first sample (no
 * previous one) has counter rates of 0.
 *
 * The one place rates are computed: live view, replay, compare and reports all call it.
 */
export function deriveRates(
  kinds: readonly MetricKind[],
  cur: ArrayLike<number>,
  curT: number,
  prev: ArrayLike<number> | null,
  prevT: number,
  out: Float64Array = new Float64Array(kinds.length),
): Float64Array {
  const dt = (curT - prevT) / 1000;
  const valid = prev !== null && dt > 0;
  for (let i = 0; i < kinds.length; i++) {
    const v = cur[i] as number;
    if (kinds[i] === 'gauge') {
      out[i] = v;
    } else if (!valid) {
      out[i] = 0;
    } else {
      out[i] = counterRate(v, prev[i] as number, dt);
    }
  }
  return out;
}

/** Per-second rate of a counter from `prev` to `cur` over `dtS` seconds; a drop is a reset, counted from zero. */
export function counterRate(cur: number, prev: number, dtS: number): number {
  return (cur >= prev ? cur - prev : cur) / dtS;
}

/**
 * The rate series of one counter column (saved sessions, compare, reports): NaN for the first
 * sample, for missing samples and for samples with no elapsed time, so statistics skip them.
 */
export function columnRates(
  t: ArrayLike<number>,
  values: ArrayLike<number>,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  out.fill(Number.NaN, 0, values.length);
  for (let i = 1; i < values.length; i++) {
    const v = values[i] as number;
    const p = values[i - 1] as number;
    const dt = ((t[i] as number) - (t[i - 1] as number)) / 1000;
    if (Number.isFinite(v) && Number.isFinite(p) && dt > 0) out[i] = counterRate(v, p, dt);
  }
  return out.length === values.length ? out : out.subarray(0, values.length);
}

/** Indices of counters whose value went down between two samples (resets), for reporting. */
export function counterResets(kinds: readonly MetricKind[], cur: ArrayLike<number>, prev: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < kinds.length; i++)
    if (kinds[i] === 'counter' && (cur[i] as number) < (prev[i] as number)) out.push(i);
  return out;
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
