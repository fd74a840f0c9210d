import type { LevelState } from './series-level-state';

export type { LevelState } from './series-level-state';

/**
 * One resolution of a SeriesStore: a ring of points, each holding, for every metric, the
 * cumulative value and the per-second rate. stepMs 0 keeps every sample; stepMs > 0 folds the
 * samples of each stepMs-long bucket into one point (rate = mean of the samples' rates, value
 * = the last value, t = the last sample's time: the rate over the interval that ends at t,
 * like a raw sample). The open bucket is readable as a provisional last point.
 *
 * Storage is column-major typed arrays that grow by doubling up to `capacity`, then wrap.
 */
export interface LevelSpec {
  /** 0: raw samples; otherwise the bucket width in ms. */
  readonly stepMs: number;
  /** Points kept before the oldest is overwritten. */
  readonly capacity: number;
}

export interface SampleRow {
  readonly t: number;
  readonly values: ArrayLike<number>;
  readonly rates: ArrayLike<number>;
  readonly diagnostics: boolean;
}

export class SeriesLevel {
  private cap: number;
  private head = 0;
  private n = 0;
  /** Whether a point has ever been overwritten (the level no longer reaches the stream's start). */
  dropped = false;
  private t: Float64Array;
  private diag: Uint8Array;
  private values: Float64Array;
  private rates: Float64Array;
  // The open bucket.
  private pBucket = Number.NaN;
  private pCount = 0;
  private pDiagCount = 0;
  private pT = 0;
  private readonly pSum: Float64Array;
  private readonly pLast: Float64Array;
  private readonly pRates: Float64Array;

  constructor(
    readonly spec: LevelSpec,
    private readonly m: number,
    /** 1 where the metric is a diagnostic one: its rate is averaged only over samples taken with diagnostics on. */
    private readonly diagnosticMask: Uint8Array,
  ) {
    if (!(spec.capacity >= 2)) throw new RangeError(`level capacity must be at least 2, got ${spec.capacity}`);
    this.cap = Math.min(spec.capacity, 256);
    this.t = new Float64Array(this.cap);
    this.diag = new Uint8Array(this.cap);
    this.values = new Float64Array(this.cap * m);
    this.rates = new Float64Array(this.cap * m);
    this.pSum = new Float64Array(m);
    this.pLast = new Float64Array(m);
    this.pRates = new Float64Array(m);
  }

  get length(): number {
    return this.n;
  }

  /** Points including the open bucket. */
  get readable(): number {
    return this.n + (this.pCount > 0 ? 1 : 0);
  }

  get bytes(): number {
    return this.t.byteLength + this.diag.byteLength + this.values.byteLength + this.rates.byteLength;
  }

  add(s: SampleRow): void {
    if (this.spec.stepMs === 0) {
      this.push(s.t, s.diagnostics, s.values, s.rates);
      return;
    }
    const bucket = Math.floor(s.t / this.spec.stepMs);
    if (bucket !== this.pBucket) this.flush();
    this.pBucket = bucket;
    this.pCount++;
    if (s.diagnostics) this.pDiagCount++;
    this.pT = s.t;
    const mask = this.diagnosticMask;
    for (let i = 0; i < this.m; i++) {
      if (!mask[i] || s.diagnostics) this.pSum[i] = (this.pSum[i] as number) + (s.rates[i] as number);
      this.pLast[i] = s.values[i] as number;
    }
  }

  /**
   * Take whole columns at once (a saved session): equivalent to add() of every sample in order,
   * without scattering 2 x m writes per sample across the column-major arrays.
   */
  loadColumns(
    t: ArrayLike<number>,
    diagnostics: ArrayLike<number | boolean> | undefined,
    values: readonly ArrayLike<number>[],
    rates: readonly ArrayLike<number>[],
  ): void {
    this.prepareColumns(t, diagnostics);
    for (let i = 0; i < this.m; i++) this.fillMetric(i, values[i] as ArrayLike<number>, rates[i] as ArrayLike<number>);
  }

  /** Where fillMetric reads from: the loaded span, bucket boundaries, diagnostics per bucket. */
  private fill: {
    from: number;
    starts: Int32Array;
    diagCount: Float64Array;
    diagnostics: ArrayLike<number | boolean> | undefined;
  } | null = null;

  /**
   * The first half of loadColumns: times, diagnostics and bucket boundaries. Metrics are then
   * filled one by one with fillMetric (a store fills a metric when it is first drawn).
   */
  prepareColumns(t: ArrayLike<number>, diagnostics: ArrayLike<number | boolean> | undefined): void {
    this.clear();
    const total = t.length;
    if (this.spec.stepMs === 0) {
      const cap = Math.max(2, Math.min(this.spec.capacity, total));
      const from = Math.max(0, total - cap);
      const n = total - from;
      this.alloc(cap);
      for (let k = 0; k < n; k++) {
        this.t[k] = t[from + k] as number;
        this.diag[k] = diagnostics?.[from + k] ? 1 : 0;
      }
      this.n = n;
      this.head = n === cap ? 0 : n;
      this.dropped = from > 0;
      this.fill = { from, starts: new Int32Array(0), diagCount: new Float64Array(0), diagnostics };
      return;
    }
    if (total === 0) {
      this.fill = null;
      return;
    }
    const step = this.spec.stepMs;
    // Bucket k holds samples [starts[k], starts[k + 1]); the last bucket is the open one.
    const list: number[] = [0];
    let bucket = Math.floor((t[0] as number) / step);
    for (let k = 1; k < total; k++) {
      const b = Math.floor((t[k] as number) / step);
      if (b !== bucket) {
        list.push(k);
        bucket = b;
      }
    }
    list.push(total);
    const starts = Int32Array.from(list);
    const completed = starts.length - 2;
    const cap = Math.max(2, Math.min(this.spec.capacity, completed));
    const first = Math.max(0, completed - cap);
    const n = completed - first;
    this.alloc(cap);
    const diagCount = new Float64Array(starts.length - 1);
    for (let b = 0; b < starts.length - 1; b++) {
      let d = 0;
      for (let k = starts[b] as number; k < (starts[b + 1] as number); k++) if (diagnostics?.[k]) d++;
      diagCount[b] = d;
    }
    for (let j = 0; j < n; j++) {
      const b = first + j;
      this.t[j] = t[(starts[b + 1] as number) - 1] as number;
      this.diag[j] = (diagCount[b] as number) > 0 ? 1 : 0;
    }
    const open = starts.length - 2;
    this.n = n;
    this.head = n === cap ? 0 : n;
    this.dropped = first > 0;
    this.pBucket = Math.floor((t[total - 1] as number) / step);
    this.pCount = total - (starts[open] as number);
    this.pDiagCount = diagCount[open] as number;
    this.pT = t[total - 1] as number;
    this.fill = { from: first, starts, diagCount, diagnostics };
  }

  /**
   * The second half of loadColumns for metric i: its values and rates (the columns given to
   * prepareColumns' times). Bucket levels fold bucket by bucket with exactly add()'s
   * arithmetic: every bucket but the last is stored, the last stays open.
   */
  fillMetric(i: number, v: ArrayLike<number>, r: ArrayLike<number>): void {
    const f = this.fill;
    if (!f) return;
    const cap = this.cap;
    const base = i * cap;
    if (this.spec.stepMs === 0) {
      const n = this.n;
      const from = f.from;
      for (let k = 0; k < n; k++) {
        this.values[base + k] = v[from + k] as number;
        this.rates[base + k] = r[from + k] as number;
      }
      return;
    }
    const { starts, diagCount, diagnostics } = f;
    const first = f.from;
    const open = starts.length - 2;
    const masked = this.diagnosticMask[i] === 1;
    for (let b = first; b <= open; b++) {
      const a = starts[b] as number;
      const e = starts[b + 1] as number;
      let sum = 0;
      if (masked) {
        for (let k = a; k < e; k++) if (diagnostics?.[k]) sum += r[k] as number;
      } else {
        for (let k = a; k < e; k++) sum += r[k] as number;
      }
      const c = masked ? (diagCount[b] as number) : e - a;
      if (b === open) {
        this.pSum[i] = sum;
        this.pLast[i] = v[e - 1] as number;
      } else {
        this.rates[base + b - first] = c > 0 ? sum / c : 0;
        this.values[base + b - first] = v[e - 1] as number;
      }
    }
  }

  saveState(): LevelState {
    const n = this.n;
    const m = this.m;
    const t = new Float64Array(n);
    const diag = new Uint8Array(n);
    this.copyTimes(0, n, t, diag);
    const values = new Float64Array(n * m);
    const rates = new Float64Array(n * m);
    for (let i = 0; i < m; i++) {
      this.copyColumn('values', i, 0, n, values.subarray(i * n, (i + 1) * n));
      this.copyColumn('rates', i, 0, n, rates.subarray(i * n, (i + 1) * n));
    }
    const open = { bucket: this.pBucket, count: this.pCount, diagCount: this.pDiagCount, t: this.pT };
    return {
      stepMs: this.spec.stepMs,
      n,
      dropped: this.dropped,
      t,
      diag,
      values,
      rates,
      open: { ...open, sum: this.pSum.slice(), last: this.pLast.slice() },
    };
  }

  /** Become what saveState gave (of a level with the same step; a smaller capacity keeps the newest points). */
  restoreState(s: LevelState): void {
    if (s.stepMs !== this.spec.stepMs)
      throw new RangeError(`level of ${s.stepMs} ms given to a level of ${this.spec.stepMs} ms`);
    if (s.open.sum.length !== this.m || s.values.length !== s.n * this.m)
      throw new RangeError('level state of another registry');
    this.clear();
    const keep = Math.min(s.n, this.spec.capacity);
    const skip = s.n - keep;
    this.alloc(Math.max(2, Math.min(this.spec.capacity, Math.max(256, keep))));
    this.t.set(s.t.subarray(skip));
    this.diag.set(s.diag.subarray(skip));
    for (let i = 0; i < this.m; i++) {
      this.values.set(s.values.subarray(i * s.n + skip, (i + 1) * s.n), i * this.cap);
      this.rates.set(s.rates.subarray(i * s.n + skip, (i + 1) * s.n), i * this.cap);
    }
    this.n = keep;
    this.head = keep === this.cap ? 0 : keep;
    this.dropped = s.dropped || skip > 0;
    this.pBucket = s.open.bucket;
    this.pCount = s.open.count;
    this.pDiagCount = s.open.diagCount;
    this.pT = s.open.t;
    this.pSum.set(s.open.sum);
    this.pLast.set(s.open.last);
  }

  private alloc(cap: number): void {
    this.cap = cap;
    this.t = new Float64Array(cap);
    this.diag = new Uint8Array(cap);
    this.values = new Float64Array(cap * this.m);
    this.rates = new Float64Array(cap * this.m);
  }

  clear(): void {
    this.fill = null;
    this.head = 0;
    this.n = 0;
    this.dropped = false;
    this.pBucket = Number.NaN;
    this.pCount = 0;
    this.pDiagCount = 0;
    this.pSum.fill(0);
  }

  /** Time of logical point k (0 = oldest; k = length is the open bucket). */
  timeAt(k: number): number {
    if (k === this.n) return this.pT;
    return this.t[this.phys(k)] as number;
  }

  /** First logical index whose time is >= t (binary search; the open bucket included). */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.readable;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeAt(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  copyTimes(from: number, to: number, out: Float64Array, diagOut: Uint8Array): void {
    for (let k = from; k < to; k++) {
      if (k === this.n) {
        out[k - from] = this.pT;
        diagOut[k - from] = this.pDiagCount > 0 ? 1 : 0;
      } else {
        const p = this.phys(k);
        out[k - from] = this.t[p] as number;
        diagOut[k - from] = this.diag[p] as number;
      }
    }
  }

  /** Copy metric `i` (rates or values) of logical points [from, to) into out. */
  copyColumn(kind: 'rates' | 'values', i: number, from: number, to: number, out: Float64Array): void {
    const src = kind === 'rates' ? this.rates : this.values;
    const base = i * this.cap;
    for (let k = from; k < to; k++) {
      if (k === this.n) out[k - from] = kind === 'rates' ? this.pendingRate(i) : (this.pLast[i] as number);
      else out[k - from] = src[base + this.phys(k)] as number;
    }
  }

  private pendingRate(i: number): number {
    const c = this.diagnosticMask[i] ? this.pDiagCount : this.pCount;
    return c > 0 ? (this.pSum[i] as number) / c : 0;
  }

  private flush(): void {
    if (this.pCount === 0) return;
    const rates = this.pRates;
    for (let i = 0; i < this.m; i++) rates[i] = this.pendingRate(i);
    this.push(this.pT, this.pDiagCount > 0, this.pLast, rates);
    this.pCount = 0;
    this.pDiagCount = 0;
    this.pSum.fill(0);
  }

  private phys(k: number): number {
    const p = this.head - this.n + k;
    return p < 0 ? p + this.cap : p;
  }

  private push(t: number, diagnostics: boolean, values: ArrayLike<number>, rates: ArrayLike<number>): void {
    if (this.n === this.cap && this.cap < this.spec.capacity) this.grow();
    const p = this.head;
    this.t[p] = t;
    this.diag[p] = diagnostics ? 1 : 0;
    const cap = this.cap;
    for (let i = 0; i < this.m; i++) {
      this.values[i * cap + p] = values[i] as number;
      this.rates[i * cap + p] = rates[i] as number;
    }
    this.head = p + 1 === cap ? 0 : p + 1;
    if (this.n < cap) this.n++;
    else this.dropped = true;
  }

  /** Only called while the ring has not wrapped (n === cap, head === 0): the layout is linear. */
  private grow(): void {
    const old = this.cap;
    const cap = Math.min(this.spec.capacity, old * 2);
    const t = new Float64Array(cap);
    t.set(this.t);
    const diag = new Uint8Array(cap);
    diag.set(this.diag);
    const values = new Float64Array(cap * this.m);
    const rates = new Float64Array(cap * this.m);
    for (let i = 0; i < this.m; i++) {
      values.set(this.values.subarray(i * old, (i + 1) * old), i * cap);
      rates.set(this.rates.subarray(i * old, (i + 1) * old), i * cap);
    }
    this.t = t;
    this.diag = diag;
    this.values = values;
    this.rates = rates;
    this.cap = cap;
    this.head = old;
  }
}
