import {
  type ChartRow,
  nearestIndex,
  type PanelPoints,
  type PointValue,
  sampleIndex,
  valueNear,
} from '../../../shared/panel-data';

/*
 * What a chart draws: frames on one time axis and one value axis. A dashboard panel is one
 * frame (its series); a comparison overlays one frame per session (the series picked, in the
 * session's colour). Pure: the crosshair's arithmetic is tested under Node.
 */

export interface SeriesStyle {
  /** Row and column key of the series in its frame. */
  readonly key: string;
  readonly label: string;
  readonly color: string;
  /** SVG dash pattern (a compared session's line); none: solid. */
  readonly dash?: string;
}

export interface ChartFrame {
  /** Downsampled rows: what the lines are drawn through. */
  readonly rows: readonly ChartRow[];
  /** Every point of the window: what the crosshair reads. */
  readonly points: PanelPoints;
  readonly series: readonly SeriesStyle[];
  /** The source's sample interval, ms. */
  readonly intervalMs: number;
}

/**
 * The crosshair's instant for a pointer at time `pointer`: the nearest sample of the frames'
 * points (the same sample times in every panel of a source, whatever LTTB kept of each), or
 * the pointer's own time when no sample is within one interval (a gap in the stream). Where
 * that sample has no value in any series but one within `slackMs` has (a dot of a sparse
 * series a pixel or two away, at a zoom where a pixel spans several samples), that one.
 */
export function snapInstant(
  frames: readonly ChartFrame[],
  pointer: number,
  slackMs = 0,
): { t: number; sampled: boolean } {
  const nearest = closest(
    frames.map((f) => f.points.t[sampleIndex(f.points, pointer, f.intervalMs)]),
    pointer,
  );
  if (nearest === undefined) return { t: pointer, sampled: false };
  if (slackMs > 0 && !frames.some((f) => hasValue(f, sampleIndex(f.points, nearest, f.intervalMs)))) {
    const valued = closest(
      frames.map((f) => valuedNear(f, pointer, slackMs)),
      pointer,
    );
    if (valued !== undefined) return { t: valued, sampled: true };
  }
  return { t: nearest, sampled: true };
}

function closest(ts: readonly (number | undefined)[], x: number): number | undefined {
  let best: number | undefined;
  for (const t of ts) if (t !== undefined && (best === undefined || Math.abs(t - x) < Math.abs(best - x))) best = t;
  return best;
}

function hasValue(f: ChartFrame, k: number): boolean {
  return k >= 0 && f.series.some((s) => Number.isFinite(f.points.columns[s.key]?.[k]));
}

/** The time of the point nearest to x within slackMs where some series of the frame has a value. */
function valuedNear(f: ChartFrame, x: number, slackMs: number): number | undefined {
  const t = f.points.t;
  let lo = nearestIndex(t, x);
  let hi = lo + 1;
  while (lo >= 0 || hi < t.length) {
    const dl = lo >= 0 ? x - (t[lo] as number) : Number.POSITIVE_INFINITY;
    const dh = hi < t.length ? (t[hi] as number) - x : Number.POSITIVE_INFINITY;
    if (Math.min(Math.abs(dl), Math.abs(dh)) > slackMs) return undefined;
    const k = Math.abs(dl) <= Math.abs(dh) ? lo-- : hi++;
    if (hasValue(f, k)) return t[k];
  }
  return undefined;
}

export interface InstantValue {
  readonly style: SeriesStyle;
  readonly at: PointValue;
  /** Bucket width of the point (0: a raw sample). */
  readonly stepMs: number;
}

/** Every series of the frames at an instant: its nearest sample within one interval, or why none. */
export function valuesAt(frames: readonly ChartFrame[], t: number): InstantValue[] {
  return frames.flatMap((f) =>
    f.series.map((style) => ({ style, at: valueNear(f.points, style.key, t, f.intervalMs), stepMs: f.points.stepMs })),
  );
}

/** Largest value the frames' rows draw within [from, to] (the value axis of a chart that is not stacked). */
export function rowsMax(frames: readonly ChartFrame[], from: number, to: number): number {
  let max = 0;
  for (const f of frames)
    for (const r of f.rows)
      if (r.t >= from && r.t <= to)
        for (const s of f.series) {
          const v = r[s.key];
          if (v !== null && v !== undefined && v > max) max = v;
        }
  return max;
}
