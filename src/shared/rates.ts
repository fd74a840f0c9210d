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
      const p = prev[i] as number;
      out[i] = v >= p ? (v - p) / dt : v / dt;
    }
  }
  return out;
}

/** Indices of counters whose value went down between two samples (resets), for reporting. */
export function counterResets(kinds: readonly MetricKind[], cur: ArrayLike<number>, prev: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < kinds.length; i++)
    if (kinds[i] === 'counter' && (cur[i] as number) < (prev[i] as number)) out.push(i);
  return out;
}
