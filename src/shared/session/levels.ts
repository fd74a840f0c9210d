import type { RegistryEntry } from '../registry-types';
import type { SessionData } from './data';
import type { SessionMeta } from './meta';

/*
 * Overview levels of a saved session: its samples folded into 1-min and 10-min buckets with
 * the live store's rules (series-level.ts), so a view of a month draws from a few thousand
 * points instead of decoding millions of samples. A bucket is floor(t / step); its point
 * stands at its last sample's time; a counter keeps its last reported value at the bucket's
 * end (a rate between points is the bucket's mean rate); a gauge keeps the mean of its
 * reported values and their min and max (a diagnostic gauge only over samples taken with
 * diagnostics on, as bucketRows does). The recorder folds as it writes (levelsFile.ts); an
 * older file is folded once, on first open.
 */

/** Bucket widths of the stored levels, finest first. */
export const LEVEL_STEPS: readonly number[] = [60_000, 600_000];

/** Where each metric's figures sit in a point: [t, samples, diagnostics, ...per metric]. */
export interface PointLayout {
  readonly m: number;
  /** Doubles per point. */
  readonly width: number;
  /** Offset of metric i's first figure (a counter: last; a gauge: mean, min, max). */
  readonly at: Int32Array;
  readonly gauge: Uint8Array;
  readonly diagnostic: Uint8Array;
}

export function pointLayout(registry: readonly RegistryEntry[]): PointLayout {
  const m = registry.length;
  const at = new Int32Array(m);
  const gauge = new Uint8Array(m);
  const diagnostic = new Uint8Array(m);
  let o = 3;
  registry.forEach((e, i) => {
    at[i] = o;
    gauge[i] = e.kind === 'gauge' ? 1 : 0;
    diagnostic[i] = e.diagnostic === true ? 1 : 0;
    o += gauge[i] ? 3 : 1;
  });
  return { m, width: o, at, gauge, diagnostic };
}

/**
 * Folds samples, in time order and in blocks of any size, into one level's points. Completed
 * buckets are taken with take(); the open one stays until a later sample or openPoint().
 */
export class LevelFolder {
  private bucket = Number.NaN;
  private count = 0;
  private diagAny = 0;
  private lastT = 0;
  private readonly last: Float64Array;
  private readonly sum: Float64Array;
  private readonly n: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private done: number[] = [];

  constructor(
    readonly layout: PointLayout,
    readonly stepMs: number,
  ) {
    const m = layout.m;
    this.last = new Float64Array(m);
    this.sum = new Float64Array(m);
    this.n = new Float64Array(m);
    this.min = new Float64Array(m);
    this.max = new Float64Array(m);
    this.reset();
  }

  private reset(): void {
    this.count = 0;
    this.diagAny = 0;
    this.last.fill(Number.NaN);
    this.sum.fill(0);
    this.n.fill(0);
    this.min.fill(Number.POSITIVE_INFINITY);
    this.max.fill(Number.NEGATIVE_INFINITY);
  }

  /** Samples [0, len) of a block: times, diagnostics flags, one column per metric. */
  addBlock(
    len: number,
    t: ArrayLike<number>,
    diag: ArrayLike<number>,
    cols: readonly ArrayLike<number>[],
    from = 0,
  ): void {
    const step = this.stepMs;
    const { m, gauge, diagnostic } = this.layout;
    let a = from;
    while (a < len) {
      const b0 = Math.floor((t[a] as number) / step);
      if (b0 !== this.bucket) {
        if (this.count > 0) this.emit();
        this.bucket = b0;
      }
      let e = a + 1;
      while (e < len && Math.floor((t[e] as number) / step) === b0) e++;
      for (let k = a; k < e; k++) if (diag[k]) this.diagAny = 1;
      this.count += e - a;
      this.lastT = t[e - 1] as number;
      for (let i = 0; i < m; i++) {
        const c = cols[i];
        if (!c) continue;
        if (gauge[i]) {
          const masked = diagnostic[i] === 1;
          let s = this.sum[i] as number;
          let n = this.n[i] as number;
          let lo = this.min[i] as number;
          let hi = this.max[i] as number;
          for (let k = a; k < e; k++) {
            const v = c[k] as number;
            if (v - v !== 0 || (masked && !diag[k])) continue;
            s += v;
            n++;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
          this.sum[i] = s;
          this.n[i] = n;
          this.min[i] = lo;
          this.max[i] = hi;
        } else {
          for (let k = e - 1; k >= a; k--) {
            const v = c[k] as number;
            if (v - v === 0) {
              this.last[i] = v;
              break;
            }
          }
        }
      }
      a = e;
    }
  }

  private write(out: number[] | Float64Array, o: number): void {
    const { m, at, gauge } = this.layout;
    out[o] = this.lastT;
    out[o + 1] = this.count;
    out[o + 2] = this.diagAny;
    for (let i = 0; i < m; i++) {
      const p = o + (at[i] as number);
      if (gauge[i]) {
        const n = this.n[i] as number;
        out[p] = n > 0 ? (this.sum[i] as number) / n : Number.NaN;
        out[p + 1] = n > 0 ? (this.min[i] as number) : Number.NaN;
        out[p + 2] = n > 0 ? (this.max[i] as number) : Number.NaN;
      } else out[p] = this.last[i] as number;
    }
  }

  private emit(): void {
    const o = this.done.length;
    this.done.length += this.layout.width;
    this.write(this.done, o);
    this.reset();
  }

  /** The points completed since the last take, one after another. */
  take(): Float64Array {
    const out = Float64Array.from(this.done);
    this.done = [];
    return out;
  }

  /** The open bucket as a point (null when empty): the last point of a closed session. */
  openPoint(): Float64Array | null {
    if (this.count === 0) return null;
    const out = new Float64Array(this.layout.width);
    this.write(out, 0);
    return out;
  }
}

/** One level of a session: its points, one after another (PointLayout). */
export interface SessionLevel {
  readonly stepMs: number;
  readonly points: Float64Array;
}

export function pointCount(level: SessionLevel, layout: PointLayout): number {
  return level.points.length / layout.width;
}

/**
 * A level as session columns, the shape charts and bucketRows take: counters at each bucket's
 * end, gauges the bucket's mean; points outside [fromMs, toMs] left out.
 */
export function levelAsData(
  meta: SessionMeta,
  level: SessionLevel,
  fromMs = Number.NEGATIVE_INFINITY,
  toMs = Number.POSITIVE_INFINITY,
): SessionData {
  const layout = pointLayout(meta.registry);
  const w = layout.width;
  const p = level.points;
  const total = p.length / w;
  let a = 0;
  while (a < total && (p[a * w] as number) < fromMs) a++;
  let b = a;
  while (b < total && (p[b * w] as number) <= toMs) b++;
  const n = b - a;
  const t = new Float64Array(n);
  const diagnostics = new Uint8Array(n);
  const columns = Array.from({ length: layout.m }, () => new Float64Array(n));
  for (let k = 0; k < n; k++) {
    const o = (a + k) * w;
    t[k] = p[o] as number;
    diagnostics[k] = p[o + 2] ? 1 : 0;
    for (let i = 0; i < layout.m; i++) (columns[i] as Float64Array)[k] = p[o + (layout.at[i] as number)] as number;
  }
  return { meta, length: n, t, diagnostics, columns };
}
