import type { Column, FindingsInput, TimeSpan } from './types';

/* The scans the rules share: spans where a condition holds, counter increases, columns by name. */

/** Intervals where `holds(k)` (sample k-1 → k) is true, merged across gaps up to `gapMs`. */
export function spans(input: FindingsInput, holds: (k: number) => boolean, gapMs = 5_000): TimeSpan[] {
  const out: TimeSpan[] = [];
  const t = input.t;
  for (let k = 1; k < input.length; k++) {
    if (!holds(k)) continue;
    const from = t[k - 1] as number;
    const to = t[k] as number;
    const last = out[out.length - 1];
    if (last && from - last.to <= gapMs) out[out.length - 1] = { from: last.from, to };
    else out.push({ from, to });
  }
  return out;
}

/**
 * A test of "t lies in (from, to] of one of the ranges" for times asked in increasing order
 * (a scan over the samples): one pass over the ranges instead of a search per sample, so a long
 * session with many short ranges costs O(samples + ranges).
 */
export function within(ranges: readonly TimeSpan[]): (t: number) => boolean {
  let i = 0;
  return (t) => {
    while (i < ranges.length && (ranges[i] as TimeSpan).to < t) i++;
    const r = ranges[i];
    return r !== undefined && t > r.from && t <= r.to;
  };
}

export const total = (ranges: readonly TimeSpan[]) => ranges.reduce((a, r) => a + (r.to - r.from), 0);

export function columnsByName(input: FindingsInput): Column {
  const index = new Map(input.registry.map((e, i) => [e.name, i]));
  return (name) => {
    const i = index.get(name);
    const c = i === undefined ? undefined : input.columns[i];
    if (!c || input.length === 0 || Number.isNaN(c[input.length - 1] as number)) return null;
    return c;
  };
}

/**
 * Increase of a counter over sample k-1 → k (a drop is a reset: the new value is the increase).
 * Next to a sample the source did not report (NaN: not yet, or not during an outage) the
 * increase is unknown, and counts as none rather than poisoning every sum with NaN.
 */
export function inc(c: ArrayLike<number>, k: number): number {
  const a = c[k - 1] as number;
  const b = c[k] as number;
  if (Number.isNaN(a) || Number.isNaN(b)) return 0;
  const d = b - a;
  return d >= 0 ? d : b;
}

export function sum(input: FindingsInput, c: ArrayLike<number>): number {
  let s = 0;
  for (let k = 1; k < input.length; k++) s += inc(c, k);
  return s;
}

/**
 * The time-weighted mean of a rate over the samples inside `ranges` (bytes/s when the rate is),
 * and how long those samples cover, ms; `each(k)` sees every sample inside on the way.
 */
export function meanIn(
  input: FindingsInput,
  ranges: readonly TimeSpan[],
  rate: (k: number) => number,
  each: (k: number) => void = () => {},
): { mean: number; ms: number } {
  let bytes = 0;
  let ms = 0;
  const inRange = within(ranges);
  for (let k = 1; k < input.length; k++) {
    const t1 = input.t[k] as number;
    if (!inRange(t1)) continue;
    each(k);
    const dt = t1 - (input.t[k - 1] as number);
    bytes += rate(k) * (dt / 1000);
    ms += dt;
  }
  return { mean: bytes / Math.max(0.001, ms / 1000), ms };
}
