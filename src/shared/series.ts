import { counterRate, deriveRates } from './rates';
import type { RegistryEntry } from './registry-types';
import { type LevelSpec, type LevelState, type SampleRow, SeriesLevel } from './series-level';

export type { LevelSpec, LevelState, SampleRow } from './series-level';

/**
 * Raw samples, then 5 s, 1 min and 10 min buckets. 24 h at 1 Hz keeps the last ~68 min raw,
 * 6 h at 5 s, 48 h at 1 min and 30 days at 10 min: about 25 MB for 99 metrics at most,
 * instead of ~140 MB for 86,400 raw samples, and no window ever needs more than a few
 * thousand points.
 */
export const DEFAULT_LEVELS: readonly LevelSpec[] = [
  { stepMs: 0, capacity: 4096 },
  { stepMs: 5_000, capacity: 4320 },
  { stepMs: 60_000, capacity: 2880 },
  { stepMs: 600_000, capacity: 4320 },
];

export interface WindowQuery {
  /** ms since the epoch, inclusive. */
  readonly from: number;
  readonly to: number;
  /**
   * About how many points the caller will draw (its pixel width). The finest level whose
   * window holds at most `maxPoints * oversample` points is used. Default: no limit (finest).
   */
  readonly maxPoints?: number;
  /** Default 4: LTTB then picks the drawn points from up to 4x as many. */
  readonly oversample?: number;
  /** Force a level (tests, "downsampling off"). */
  readonly level?: number;
}

/**
 * A window of a SeriesStore: times, plus per-metric columns copied on first use. Includes one
 * point on each side of [from, to] when there is one, so lines reach the chart's edges.
 */
export class SeriesView {
  private readonly cache = new Map<string, Float64Array>();

  constructor(
    private readonly source: SeriesLevel,
    readonly level: number,
    private readonly start: number,
    readonly length: number,
    readonly t: Float64Array,
    /** 1 where diagnostics were on for (some of) the point. */
    readonly diag: Uint8Array,
    /** Make metric i readable in the source first (a store loaded lazily). */
    private readonly ensure: (metric: number) => void = () => {},
  ) {}

  get stepMs(): number {
    return this.source.spec.stepMs;
  }

  /** Per-second rates of counters, values of gauges (what charts show by default). */
  rates(metric: number): Float64Array {
    return this.column('rates', metric);
  }

  /** Cumulative values (counters) or values (gauges). */
  values(metric: number): Float64Array {
    return this.column('values', metric);
  }

  private column(kind: 'rates' | 'values', metric: number): Float64Array {
    const key = `${kind}${metric}`;
    let c = this.cache.get(key);
    if (!c) {
      this.ensure(metric);
      c = new Float64Array(this.length);
      this.source.copyColumn(kind, metric, this.start, this.start + this.length, c);
      this.cache.set(key, c);
    }
    return c;
  }
}

/** Columns of a saved session (one array per metric, in registry order), for replay. */
export interface SessionColumns {
  readonly t: ArrayLike<number>;
  readonly values: readonly ArrayLike<number>[];
  /** Per sample, nonzero where diagnostics were on. Default: all off. */
  readonly diagnostics?: ArrayLike<number | boolean>;
}

/**
 * Multi-resolution history of a stream of snapshots: live (append) or a saved session
 * (load), read by windows (window) at a resolution that suits the caller's width. Pure: no
 * DOM, no React, so replay, compare and reports can use it as the dashboards do.
 */
export class SeriesStore {
  readonly metricCount: number;
  private readonly levels: SeriesLevel[];
  private last: SampleRow | null = null;
  private firstT = Number.NaN;
  /** A loaded session whose metrics are folded into the levels when first read. */
  private lazy: { readonly cols: SessionColumns; readonly filled: Uint8Array } | null = null;

  constructor(
    readonly registry: readonly RegistryEntry[],
    levels: readonly LevelSpec[] = DEFAULT_LEVELS,
  ) {
    if (levels.length === 0 || levels[0]?.stepMs !== 0) throw new RangeError('the first level must keep raw samples');
    this.metricCount = registry.length;
    const mask = Uint8Array.from(registry, (e) => (e.diagnostic ? 1 : 0));
    this.levels = levels.map((l) => new SeriesLevel(l, registry.length, mask));
  }

  /** A store whose raw level holds `samples` points (a saved session kept whole at full resolution). */
  static forSession(registry: readonly RegistryEntry[], samples: number): SeriesStore {
    const [raw, ...rest] = DEFAULT_LEVELS;
    return new SeriesStore(registry, [{ stepMs: 0, capacity: Math.max(raw?.capacity ?? 2, samples) }, ...rest]);
  }

  get levelSpecs(): readonly LevelSpec[] {
    return this.levels.map((l) => l.spec);
  }

  /** Time of the first sample ever appended (NaN when empty). */
  get startT(): number {
    return this.firstT;
  }

  get endT(): number {
    return this.last?.t ?? Number.NaN;
  }

  get empty(): boolean {
    return this.last === null;
  }

  /** The most recent sample as appended. */
  latest(): SampleRow | null {
    return this.last;
  }

  /** Memory held by the typed arrays, in bytes. */
  get bytes(): number {
    return this.levels.reduce((a, l) => a + l.bytes, 0);
  }

  /**
   * Add one sample (a live snapshot). Samples must move forward in time; one that does not
   * (a clock stepped back) is dropped and false returned.
   */
  append(s: SampleRow): boolean {
    if (s.values.length !== this.metricCount || s.rates.length !== this.metricCount) {
      throw new RangeError(`sample has ${s.values.length} metrics, the store's registry has ${this.metricCount}`);
    }
    if (this.last && !(s.t > this.last.t)) return false;
    this.ensureAll();
    for (const l of this.levels) l.add(s);
    if (!this.last) this.firstT = s.t;
    this.last = {
      t: s.t,
      values: Float64Array.from(s.values),
      rates: Float64Array.from(s.rates),
      diagnostics: s.diagnostics,
    };
    return true;
  }

  clear(): void {
    for (const l of this.levels) l.clear();
    this.lazy = null;
    this.last = null;
    this.firstT = Number.NaN;
  }

  /** What level i holds, to hand to another store (a page that connects later). */
  levelState(i: number): LevelState {
    this.ensureAll();
    const l = this.levels[i];
    if (!l) throw new RangeError(`the store has no level ${i}`);
    return l.saveState();
  }

  /**
   * Take level i from another store's levelState, with that store's first sample time. Levels
   * may come one by one (the coarsest first, so a long window can be drawn early); the newest
   * point seen becomes the latest sample, so appends carry on from there.
   */
  restoreLevel(i: number, state: LevelState, firstT: number): void {
    const l = this.levels[i];
    if (!l) return;
    l.restoreState(state);
    if (Number.isFinite(firstT) && !(firstT >= this.firstT)) this.firstT = firstT;
    const k = l.readable - 1;
    if (k < 0) return;
    const t = l.timeAt(k);
    if (this.last && this.last.t > t) return;
    const values = new Float64Array(this.metricCount);
    const rates = new Float64Array(this.metricCount);
    const one = new Float64Array(1);
    for (let m = 0; m < this.metricCount; m++) {
      l.copyColumn('values', m, k, k + 1, one);
      values[m] = one[0] as number;
      l.copyColumn('rates', m, k, k + 1, one);
      rates[m] = one[0] as number;
    }
    const diag = new Float64Array(1);
    const d = new Uint8Array(1);
    l.copyTimes(k, k + 1, diag, d);
    this.last = { t, values, rates, diagnostics: d[0] === 1 };
  }

  /** Replace the contents with a saved session; rates are derived by the shared rate rule. */
  load(cols: SessionColumns): void {
    this.clear();
    const m = this.metricCount;
    if (cols.values.length !== m) throw new RangeError(`session has ${cols.values.length} columns, registry ${m}`);
    const n = cols.t.length;
    for (let k = 1; k < n; k++) {
      // A clock that stepped back: samples get dropped, so take the sample-by-sample path.
      if (!((cols.t[k] as number) > (cols.t[k - 1] as number))) return this.loadBySample(cols);
    }
    if (n === 0) return;
    // Times, diagnostics and buckets now; each metric's rates and levels when it is first read
    // (a dashboard section draws a dozen of a session's 99 metrics).
    for (const l of this.levels) l.prepareColumns(cols.t, cols.diagnostics);
    this.lazy = { cols, filled: new Uint8Array(m) };
    this.firstT = cols.t[0] as number;
    const last = n - 1;
    const dt = n > 1 ? ((cols.t[last] as number) - (cols.t[last - 1] as number)) / 1000 : 0;
    this.last = {
      t: cols.t[last] as number,
      values: Float64Array.from(cols.values, (c) => c[last] as number),
      rates: Float64Array.from(this.registry, (e, i) => {
        const c = cols.values[i] as ArrayLike<number>;
        if (e.kind === 'gauge') return c[last] as number;
        return n > 1 ? counterRate(c[last] as number, c[last - 1] as number, dt) : 0;
      }),
      diagnostics: Boolean(cols.diagnostics?.[last]),
    };
  }

  /** Fold metric i of a lazily loaded session into every level (rates by the shared rate rule). */
  private ensure(i: number): void {
    const lazy = this.lazy;
    if (!lazy || lazy.filled[i] === 1 || i < 0 || i >= this.metricCount) return;
    lazy.filled[i] = 1;
    const { t, values } = lazy.cols;
    const v = values[i] as ArrayLike<number>;
    let r: ArrayLike<number> = v;
    if (this.registry[i]?.kind !== 'gauge') {
      // Same rule as deriveRates: first sample 0, a drop is a reset.
      const n = t.length;
      const rates = new Float64Array(n);
      for (let k = 1; k < n; k++) {
        rates[k] = counterRate(v[k] as number, v[k - 1] as number, ((t[k] as number) - (t[k - 1] as number)) / 1000);
      }
      r = rates;
    }
    for (const l of this.levels) l.fillMetric(i, v, r);
  }

  private ensureAll(): void {
    if (!this.lazy) return;
    for (let i = 0; i < this.metricCount; i++) this.ensure(i);
    this.lazy = null;
  }

  /** The general path: every sample through append (drops samples that do not move forward). */
  private loadBySample(cols: SessionColumns): void {
    this.clear();
    const m = this.metricCount;
    const kinds = this.registry.map((e) => e.kind);
    let prev: Float64Array | null = null;
    let prevT = 0;
    for (let k = 0; k < cols.t.length; k++) {
      const values = new Float64Array(m);
      for (let i = 0; i < m; i++) values[i] = (cols.values[i] as ArrayLike<number>)[k] as number;
      const t = cols.t[k] as number;
      const rates = deriveRates(kinds, values, t, prev, prevT);
      if (this.append({ t, values, rates, diagnostics: Boolean(cols.diagnostics?.[k]) })) {
        prev = values;
        prevT = t;
      }
    }
  }

  /** Pick the level for a window: the finest that reaches back to `from` and is not too dense. */
  levelFor(q: WindowQuery): number {
    if (q.level !== undefined) return Math.max(0, Math.min(this.levels.length - 1, q.level));
    const limit = q.maxPoints ? q.maxPoints * (q.oversample ?? 4) : Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.levels.length; i++) {
      const l = this.levels[i] as SeriesLevel;
      if (l.readable === 0) continue;
      const reaches = !l.dropped || l.timeAt(0) <= q.from;
      const count = l.lowerBound(q.to + 1e-9) - l.lowerBound(q.from);
      if (reaches && count <= limit) return i;
    }
    return this.levels.length - 1;
  }

  /** The points of [from, to] (plus one on each side) at a resolution that suits maxPoints. */
  window(q: WindowQuery): SeriesView {
    const level = this.levelFor(q);
    const l = this.levels[level] as SeriesLevel;
    const readable = l.readable;
    let a = l.lowerBound(q.from);
    let b = l.lowerBound(q.to + 1e-9);
    if (a > 0) a--;
    if (b < readable) b++;
    const n = Math.max(0, b - a);
    const t = new Float64Array(n);
    const diag = new Uint8Array(n);
    l.copyTimes(a, b, t, diag);
    return new SeriesView(l, level, a, n, t, diag, this.lazy ? (i) => this.ensure(i) : undefined);
  }
}
