/* Playback of a saved session: where the cursor goes next, and how its position reads. Pure. */

export const SPEEDS = [1, 10, 60] as const;
export type Speed = (typeof SPEEDS)[number];

export function clamp(t: number, start: number, end: number): number {
  return Math.min(end, Math.max(start, t));
}

/** Move the cursor by `elapsedMs` of wall time at `speed`; stops (playing = false) at the end. */
export function advance(
  cursor: number,
  elapsedMs: number,
  speed: number,
  start: number,
  end: number,
): { cursor: number; playing: boolean } {
  const next = clamp(cursor + elapsedMs * speed, start, end);
  return { cursor: next, playing: next < end };
}

/** Pressing play at the end starts over. */
export function playFrom(cursor: number, start: number, end: number): number {
  return cursor >= end ? start : cursor;
}

/** Position of a time on the slider track, 0..100 %. */
export function trackPercent(t: number, start: number, end: number): number {
  return end > start ? ((clamp(t, start, end) - start) / (end - start)) * 100 : 0;
}

/** Index of the last sample at or before t (0 when t is before the first). */
export function sampleAt(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((times[mid] as number) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
