import { counterTotal, deriveRates } from '../rates';
import type { RegistryEntry } from '../registry-types';
import type { Snapshot } from '../snapshot';
import { eventsBetween, type SessionEvent } from './events';
import type { SessionMeta } from './meta';

/**
 * A saved session in memory, column by column (what charts, slicing and export want).
 * A missing value (a metric the source did not report, an empty CSV cell) is NaN.
 */
export interface SessionData {
  readonly meta: SessionMeta;
  readonly length: number;
  /** Sample times, ms since the epoch. */
  readonly t: Float64Array;
  /** 1 where diagnostics were enabled for that sample. */
  readonly diagnostics: Uint8Array;
  /** One column per meta.registry entry, each `length` long. */
  readonly columns: readonly Float64Array[];
  /** Alerts, outages, diagnostics and source switches, in time order (absent: none recorded, or an old file). */
  readonly events?: readonly SessionEvent[];
}

/** Growable column store for readers and importers: append rows, then take a SessionData. */
export class ColumnBuilder {
  private cap: number;
  private n = 0;
  private t: Float64Array;
  private diag: Uint8Array;
  private cols: Float64Array[];

  constructor(
    readonly width: number,
    initialCapacity = 1024,
    /**
     * Lay the columns out in one SharedArrayBuffer (a reader that knows the row count): other
     * threads then read them without a copy. Growing past the capacity leaves shared memory.
     */
    shared = false,
  ) {
    this.cap = Math.max(1, initialCapacity);
    if (shared) {
      const cap = this.cap;
      const sab = new SharedArrayBuffer(8 * cap * (width + 1) + cap);
      this.t = new Float64Array(sab, 0, cap);
      this.cols = Array.from({ length: width }, (_, i) => new Float64Array(sab, 8 * cap * (i + 1), cap));
      this.diag = new Uint8Array(sab, 8 * cap * (width + 1), cap);
      return;
    }
    this.t = new Float64Array(this.cap);
    this.diag = new Uint8Array(this.cap);
    this.cols = Array.from({ length: width }, () => new Float64Array(this.cap));
  }

  get length(): number {
    return this.n;
  }

  /** values[i] for metric i; indices beyond values.length become NaN. */
  push(t: number, diagnostics: boolean, values: ArrayLike<number>): void {
    if (this.n === this.cap) this.grow(this.cap * 2);
    const r = this.n++;
    this.t[r] = t;
    this.diag[r] = diagnostics ? 1 : 0;
    for (let i = 0; i < this.width; i++)
      (this.cols[i] as Float64Array)[r] = i < values.length ? (values[i] as number) : NaN;
  }

  /** Append n rows given column by column (decoders). */
  appendBlock(n: number, t: Float64Array, diag: Uint8Array, cols: readonly Float64Array[]): void {
    if (this.n + n > this.cap) this.grow(Math.max(this.cap * 2, this.n + n));
    this.t.set(t.subarray(0, n), this.n);
    this.diag.set(diag.subarray(0, n), this.n);
    for (let i = 0; i < this.width; i++) {
      const src = cols[i];
      const dst = this.cols[i] as Float64Array;
      if (src) dst.set(src.subarray(0, n), this.n);
      else dst.fill(Number.NaN, this.n, this.n + n);
    }
    this.n += n;
  }

  lastTime(): number | undefined {
    return this.n ? this.t[this.n - 1] : undefined;
  }

  private grow(cap: number): void {
    const t = new Float64Array(cap);
    t.set(this.t.subarray(0, this.n));
    const d = new Uint8Array(cap);
    d.set(this.diag.subarray(0, this.n));
    this.cols = this.cols.map((c) => {
      const x = new Float64Array(cap);
      x.set(c.subarray(0, this.n));
      return x;
    });
    this.t = t;
    this.diag = d;
    this.cap = cap;
  }

  build(meta: SessionMeta, events?: readonly SessionEvent[]): SessionData {
    const n = this.n;
    return {
      meta,
      length: n,
      t: this.t.subarray(0, n),
      diagnostics: this.diag.subarray(0, n),
      columns: this.cols.map((c) => c.subarray(0, n)),
      ...(events?.length ? { events } : {}),
    };
  }
}

/** Span from first to last sample in ms (0 for fewer than two samples). */
export function durationMs(data: Pick<SessionData, 't' | 'length'>): number {
  return data.length > 1 ? (data.t[data.length - 1] as number) - (data.t[0] as number) : 0;
}

export interface TimeRange {
  /** Seconds from the first sample, inclusive; null = from the start. */
  readonly fromS?: number | null;
  /** Seconds from the first sample, inclusive; null = to the end. */
  readonly toS?: number | null;
}

/**
 * The samples whose time lies in [fromS, toS] seconds after the first sample. Views, not
 * copies. Times are assumed non-decreasing (a clock that went back keeps its order).
 */
export function sliceByTime(data: SessionData, range: TimeRange): SessionData {
  if (data.length === 0) return data;
  const t0 = data.t[0] as number;
  const from = range.fromS ?? Number.NEGATIVE_INFINITY;
  const to = range.toS ?? Number.POSITIVE_INFINITY;
  let a = 0;
  while (a < data.length && ((data.t[a] as number) - t0) / 1000 < from) a++;
  let b = a;
  while (b < data.length && ((data.t[b] as number) - t0) / 1000 <= to) b++;
  const rows = sliceRows(data, a, b);
  // An export of a range keeps the events of that range (by time, as the range is asked).
  if (!data.events) return rows;
  const { events: _all, ...rest } = rows;
  const events = eventsBetween(data.events, t0 + from * 1000, t0 + to * 1000);
  return events.length ? { ...rest, events } : rest;
}

/** Rows a..b as views; the events stay whole (views of a session, not a cut of it: sliceByTime cuts them). */
export function sliceRows(data: SessionData, a: number, b: number): SessionData {
  return {
    meta: data.meta,
    length: b - a,
    t: data.t.subarray(a, b),
    diagnostics: data.diagnostics.subarray(a, b),
    columns: data.columns.map((c) => c.subarray(a, b)),
    ...(data.events ? { events: data.events } : {}),
  };
}

/** Row i as a Snapshot, rates derived by the shared deriveRates from row i-1. */
export function snapshotAt(data: SessionData, i: number): Snapshot {
  const kinds = data.meta.registry.map((e) => e.kind);
  const values = Float64Array.from(data.columns, (c) => c[i] as number);
  const prev = i > 0 ? Float64Array.from(data.columns, (c) => c[i - 1] as number) : null;
  const t = data.t[i] as number;
  const rates = deriveRates(kinds, values, t, prev, i > 0 ? (data.t[i - 1] as number) : t);
  return { seq: i, t, diagnostics: data.diagnostics[i] === 1, values, rates };
}

/**
 * For each entry of `target` (e.g. the built-in registry), the index of the column with the
 * same name in `registry`, or -1. Sessions from other registries are compared by name only.
 */
export function indexByName(registry: readonly RegistryEntry[], target: readonly RegistryEntry[]): number[] {
  const at = new Map(registry.map((e, i) => [e.name, i]));
  return target.map((e) => at.get(e.name) ?? -1);
}

export interface MetricSummary {
  readonly name: string;
  readonly kind: 'counter' | 'gauge';
  readonly unit: string;
  readonly reported: boolean;
  /** Counters: last - first (a reset counts from zero). Gauges: null. */
  readonly total: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly last: number | null;
}

export interface CategorySummary {
  readonly category: string;
  readonly metrics: number;
  readonly reported: number;
  /** Metrics whose value changed at least once. */
  readonly moving: number;
  readonly items: readonly MetricSummary[];
}

/** Per-metric and per-category figures for `info` and the library. */
export function summarize(data: SessionData): CategorySummary[] {
  const byCat = new Map<string, MetricSummary[]>();
  data.meta.registry.forEach((e, i) => {
    const col = data.columns[i] as Float64Array;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let last = Number.NaN;
    let seen = 0;
    for (let r = 0; r < data.length; r++) {
      const v = col[r] as number;
      if (Number.isNaN(v)) continue;
      seen++;
      if (v < min) min = v;
      if (v > max) max = v;
      last = v;
    }
    const reported = seen > 0 && !(String(i) in data.meta.notReported);
    const s: MetricSummary = {
      name: e.name,
      kind: e.kind,
      unit: e.unit,
      reported,
      total: reported && e.kind === 'counter' ? counterTotal(col) : null,
      min: seen ? min : null,
      max: seen ? max : null,
      last: seen ? last : null,
    };
    const cat = e.category ?? (e.name.includes('.') ? e.name.slice(0, e.name.indexOf('.')) : 'other');
    const list = byCat.get(cat) ?? [];
    list.push(s);
    byCat.set(cat, list);
  });
  return [...byCat].map(([category, items]) => ({
    category,
    metrics: items.length,
    reported: items.filter((m) => m.reported).length,
    moving: items.filter((m) => m.min !== null && m.min !== m.max).length,
    items,
  }));
}

/**
 * The same session with only the named metrics (in the order given; unknown names are left
 * out), notReported re-indexed: for a view that needs a dozen of 99 columns.
 */
export function selectColumns(data: SessionData, names: readonly string[]): SessionData {
  const at = new Map(data.meta.registry.map((e, i) => [e.name, i]));
  const keep = [...new Set(names)].flatMap((n) => {
    const i = at.get(n);
    return i === undefined ? [] : [i];
  });
  const notReported: Record<string, string> = {};
  keep.forEach((i, j) => {
    const why = data.meta.notReported[String(i)];
    if (why !== undefined) notReported[String(j)] = why;
  });
  return {
    ...data,
    meta: { ...data.meta, registry: keep.map((i) => data.meta.registry[i] as RegistryEntry), notReported },
    columns: keep.map((i) => data.columns[i] as Float64Array),
  };
}
