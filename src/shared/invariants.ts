export type { ChunkPlace, RunState } from './invariantTables';
export { samplesFromRows } from './invariantTables';

import {
  type ChunkPlace,
  freshRuns,
  PAYLOAD_PAIRS,
  RATE_PAIRS,
  type RunState,
  TRANSPORT_SPLITS,
  UNSIGNED_UNITS,
} from './invariantTables';
import type { RegistryEntry } from './registry-types';

/*
 * Invariants a session's samples must satisfy, whatever made them (the embedded engine, an
 * outside client, an import): payload never above wire bytes, TCP + uTP equal to the total,
 * counters that only grow, gauges in their range, rate gauges consistent with the counters they
 * measure, pieces consistent with payload. A violation is a contradiction the dashboard would
 * show; for an outside source it flags an inconsistency of the source instead of hiding it.
 *
 * Metrics are found by name, so any registry works; a rule whose metrics a registry lacks, or a
 * sample where one is not reported (NaN), is skipped. Pure: no Node, no DOM.
 */

export interface InvariantSamples {
  /** Sample times, ms (wall clock, as recorded). */
  readonly t: ArrayLike<number>;
  /** One column per registry entry, `t.length` long; NaN where a metric was not reported. */
  readonly columns: readonly ArrayLike<number>[];
}

export interface Violation {
  /** Which invariant: 'payload-le-wire', 'tcp-utp-total', 'counter-monotonic', 'value-range', 'rate-vs-counter', 'pieces-vs-payload'. */
  readonly rule: string;
  /** Names of the metrics involved. */
  readonly metrics: readonly string[];
  /** Time of the sample, ms. */
  readonly t: number;
  readonly detail: string;
}

/**
 * What a rate gauge means: the bytes of a trailing window, divided by `windowMs`. The window
 * may start up to `startJitterMs` later than `windowMs` before its end (it is counted in steps),
 * and may end up to `lagMs` before the counters it is sampled with were current (0 when the
 * source writes a gauge and its counter together, as the embedded engine does:
 * src/main/sources/engine/meters.ts, 1 s in 20 ms steps).
 */
export interface RateWindow {
  readonly windowMs: number;
  readonly startJitterMs: number;
  readonly lagMs: number;
}

export const DEFAULT_RATE_WINDOW: RateWindow = { windowMs: 1000, startJitterMs: 20, lagMs: 0 };

export interface InvariantOptions {
  /** What the rate gauges mean; null: the source did not say, so rates are not checked against counters. */
  readonly rateWindow?: RateWindow | null;
  /**
   * How long after its timestamp a sample's values may have been read, ms (a sampler stamps the
   * time, then reads; 1 ms clock granularity). Default 20.
   */
  readonly readSkewMs?: number;
  /** Piece length of every torrent in the session (whose lengths are multiples of it): enables pieces-vs-payload. */
  readonly pieceLength?: number;
  /** Pieces that may be partly downloaded at a sample (pieces-vs-payload). Default 64. */
  readonly piecesInFlight?: number;
}

type Col = ArrayLike<number>;

/**
 * Where the rules put what they find. `detail` is a function: a file whose source breaks a rule
 * at every sample (an outside engine whose TCP + uTP never add up) has hundreds of thousands of
 * violations, and a tally keeps only the counts, the times and the latest few.
 */
export interface ViolationSink {
  add(rule: string, metrics: readonly string[], t: number, detail: () => string): void;
}

class Checker {
  private readonly byName = new Map<string, number>();
  readonly n: number;
  /** resetAt[j]: counters were reset between samples j-1 and j (a restarted source). */
  readonly resetAt: Uint8Array;
  readonly start: number;

  constructor(
    readonly registry: readonly RegistryEntry[],
    readonly s: InvariantSamples,
    private readonly sink: ViolationSink,
    readonly place: ChunkPlace,
  ) {
    for (const [i, e] of registry.entries()) this.byName.set(e.name, i);
    this.n = s.t.length;
    this.start = place.start;
    this.resetAt = new Uint8Array(this.n);
    this.resetAt.set(place.resetAt.subarray(0, Math.min(place.start, this.n)));
  }

  col(name: string): Col | null {
    const i = this.byName.get(name);
    return i === undefined ? null : (this.s.columns[i] ?? null);
  }

  t(j: number): number {
    return this.s.t[j] as number;
  }

  add(rule: string, metrics: readonly string[], j: number, detail: () => string): void {
    this.sink.add(rule, metrics, this.t(j), detail);
  }

  /** resets[j]: resets in [0, j], so a range asks in O(1) (a gauge flat for weeks asks about weeks). */
  private resets: Int32Array | null = null;

  markReset(j: number): void {
    this.resetAt[j] = 1;
    this.resets = null;
  }

  /** Resets in rows [0, j] of this chunk. */
  resetsTo(j: number): number {
    if (!this.resets) {
      const r = new Int32Array(this.n);
      let c = 0;
      for (let j = 0; j < this.n; j++) {
        c += this.resetAt[j] as number;
        r[j] = c;
      }
      this.resets = r;
    }
    return j >= 0 ? (this.resets[j] as number) : 0;
  }

  /** True when no reset happened in (a, b]. */
  noReset(a: number, b: number): boolean {
    if (b <= a) return true;
    return this.resetsTo(b) - this.resetsTo(a) === 0;
  }
}

function fin(v: number | undefined): v is number {
  return v !== undefined && Number.isFinite(v);
}

/**
 * A drop of most counters at once is a reset (the source restarted, a replay looped); a drop of
 * some is a violation. Marks resets for the other rules.
 */
function counterMonotonic(k: Checker): void {
  const counters = k.registry.flatMap((e, i) => {
    const c = k.s.columns[i];
    return e.kind === 'counter' && c ? [{ name: e.name, c }] : [];
  });
  // Column by column (each a sequential scan), then only the samples with a drop, counter by
  // counter as before: a day of 1 Hz samples is 86,400 x ~70 pairs.
  const positive = new Uint16Array(k.n);
  const dropped = new Uint16Array(k.n);
  const from = Math.max(1, k.start);
  for (const { c } of counters) {
    for (let j = from; j < k.n; j++) {
      const a = c[j - 1] as number;
      const b = c[j] as number;
      if (!fin(a) || !fin(b)) continue;
      if (a > 0) positive[j] = (positive[j] as number) + 1;
      if (b < a) dropped[j] = (dropped[j] as number) + 1;
    }
  }
  for (let j = from; j < k.n; j++) {
    const drops = dropped[j] as number;
    if (drops === 0) continue;
    if (drops >= Math.max(2, (positive[j] as number) / 2)) {
      k.markReset(j);
      continue;
    }
    for (const { name, c } of counters) {
      const a = c[j - 1] as number;
      const b = c[j] as number;
      if (fin(a) && fin(b) && b < a) k.add('counter-monotonic', [name], j, () => `${name} went down from ${a} to ${b}`);
    }
  }
}

/** Every value finite; counts, bytes, rates and times never below 0. */
function valueRange(k: Checker): void {
  k.registry.forEach((e, i) => {
    const c = k.s.columns[i];
    if (!c) return;
    const unsigned = UNSIGNED_UNITS.has(e.unit);
    const names = [e.name];
    for (let j = k.start; j < k.n; j++) {
      const v = c[j] as number;
      if ((v >= 0 && v < Number.POSITIVE_INFINITY) || Number.isNaN(v)) continue; // the usual case first
      if (!Number.isFinite(v)) k.add('value-range', names, j, () => `${e.name} is ${v}`);
      else if (unsigned && v < 0) k.add('value-range', names, j, () => `${e.name} is ${v}, below 0 (${e.unit})`);
    }
  });
}

function payloadLeWire(k: Checker): void {
  for (const [pay, wire, tol] of PAYLOAD_PAIRS) {
    const p = k.col(pay);
    const w = k.col(wire);
    if (!p || !w) continue;
    const names = [pay, wire];
    for (let j = k.start; j < k.n; j++) {
      const a = p[j];
      const b = w[j];
      if (fin(a) && fin(b) && a > b + tol) k.add('payload-le-wire', names, j, () => `${pay} ${a} > ${wire} ${b}`);
    }
  }
}

function tcpUtpTotal(k: Checker): void {
  for (const [tcp, utp, total, tol] of TRANSPORT_SPLITS) {
    const a = k.col(tcp);
    const b = k.col(utp);
    const c = k.col(total);
    if (!a || !b || !c) continue;
    const names = [tcp, utp, total];
    for (let j = k.start; j < k.n; j++) {
      const x = a[j];
      const y = b[j];
      const z = c[j];
      if (fin(x) && fin(y) && fin(z) && Math.abs(x + y - z) > tol)
        k.add('tcp-utp-total', names, j, () => `${tcp} ${x} + ${utp} ${y} = ${x + y}, ${total} ${z}`);
    }
  }
}

/**
 * A rate gauge against its counter, in bytes (G = gauge x window):
 *   counter(q) - counter(q-p)  <=  G  <=  counter(j) - counter(k)
 * Lower: the window covers every interval (q-p, q] that fits in (window - jitter - skew) before
 * the sample, q being the last sample its counter was current for (q = j with no lag). Upper: the
 * gauge changed between samples r-1 and r (r starts the run of equal gauge values ending at j),
 * so its window ended after t(r-1) and began after t(r-1) - window: every byte in it came after
 * sample k, the last one read before that. Nothing is assumed about how bytes are spread inside
 * an interval or how late the source's thread ran, so no burst and no scheduling delay can make
 * it fail; the bracket is as tight as the samples are dense (100 ms samples of a 1 s window:
 * 0.9 to 1.1 windows; 1 s samples: only the upper bound, about 3 windows).
 */
function rateVsCounter(k: Checker, w: RateWindow, skew: number, runs: RunState[]): void {
  const round = w.windowMs / 1000; // a rate rounded to whole B/s is off by < 1 B/s over the window
  const inner = w.windowMs - w.startJitterMs - skew;
  const { base, resetsBefore } = k.place;
  RATE_PAIRS.forEach(([gauge, counter], pair) => {
    const g = k.col(gauge);
    const c = k.col(counter);
    if (!g || !c) return;
    const names = [gauge, counter];
    const run = runs[pair] as RunState;
    for (let j = Math.max(1, k.start); j < k.n; j++) {
      if (g[j] !== g[j - 1]) {
        // The run starts at j: the last sample read before its gauge's window began is fixed
        // for the whole run, so it is looked up once (its index and resets kept across chunks).
        run.r = base + j;
        const before = k.t(j - 1) - w.windowMs - skew;
        let m = j - 1;
        while (m >= 0 && k.t(m) > before) m--;
        run.m = m >= 0 ? base + m : -1;
        run.hi = m >= 0 ? c[m] : undefined;
        run.tm = m >= 0 ? k.t(m) : Number.NaN;
        run.resetsAtM = m >= 0 ? resetsBefore + k.resetsTo(m) : 0;
      }
      const gj = g[j];
      const cj = c[j];
      if (!fin(gj) || !fin(cj)) continue;
      const tj = k.t(j);
      const bytes = (gj * w.windowMs) / 1000;
      let q = j;
      if (w.lagMs > 0) while (q > 0 && tj - k.t(q) < w.lagMs + skew) q--;
      let p = 0;
      while (q - p > 0 && tj - k.t(q - p - 1) <= inner) p++;
      const lo = p > 0 ? c[q - p] : undefined;
      const cq = c[q];
      if (fin(lo) && fin(cq) && k.noReset(q - p, j) && bytes < cq - lo - round) {
        const want = Math.round(((cq - lo) * 1000) / w.windowMs);
        const span = k.t(q) - k.t(q - p);
        k.add(
          'rate-vs-counter',
          names,
          j,
          () =>
            `${gauge} ${gj} is below the ${want} B/s that ${counter} moved in ${span} ms inside its ${w.windowMs} ms window`,
        );
      }
      if (run.r === 0) continue;
      const hi = run.hi;
      const noReset = resetsBefore + k.resetsTo(j) - run.resetsAtM === 0;
      if (fin(hi) && noReset && bytes > cj - hi + round) {
        const most = Math.round(((cj - hi) * 1000) / w.windowMs);
        const span = tj - run.tm;
        k.add(
          'rate-vs-counter',
          names,
          j,
          () =>
            `${gauge} ${gj} is above the ${most} B/s that ${counter} moved in all of the ${span} ms its ${w.windowMs} ms window lies in`,
        );
      }
    }
  });
}

/** Every verified piece was downloaded (less waste), and what is not a piece yet is in flight. */
function piecesVsPayload(k: Checker, pieceLength: number, inFlight: number): void {
  const down = k.col('proto.pieces_downloaded');
  const payDown = k.col('bw.total_downloaded');
  const waste = k.col('proto.waste_bytes');
  const up = k.col('proto.pieces_uploaded');
  const payUp = k.col('bw.total_uploaded');
  for (let j = k.start; j < k.n; j++) {
    const pd = down?.[j];
    const bd = payDown?.[j];
    if (fin(pd) && fin(bd)) {
      const wb = waste?.[j];
      const kept = bd - (fin(wb) ? wb : 0);
      const names = ['proto.pieces_downloaded', 'bw.total_downloaded', ...(fin(wb) ? ['proto.waste_bytes'] : [])];
      if (pd * pieceLength > kept)
        k.add('pieces-vs-payload', names, j, () => `${pd} pieces x ${pieceLength} B > ${kept} B of payload kept`);
      else if (kept - pd * pieceLength > inFlight * pieceLength)
        k.add(
          'pieces-vs-payload',
          names,
          j,
          () => `${kept - pd * pieceLength} B of payload kept is in no verified piece`,
        );
    }
    const pu = up?.[j];
    const bu = payUp?.[j];
    if (fin(pu) && fin(bu) && pu * pieceLength > bu)
      k.add(
        'pieces-vs-payload',
        ['proto.pieces_uploaded', 'bw.total_uploaded'],
        j,
        () => `${pu} pieces x ${pieceLength} B > ${bu} B uploaded`,
      );
  }
}

/** Check every invariant on every sample, telling `sink` of each violation in rule order, then time order. */
export function runInvariants(
  registry: readonly RegistryEntry[],
  samples: InvariantSamples,
  options: InvariantOptions,
  sink: ViolationSink,
): void {
  checkChunk(
    registry,
    samples,
    options,
    sink,
    { start: 0, base: 0, resetsBefore: 0, resetAt: new Uint8Array(0) },
    freshRuns(),
  );
}

/**
 * The invariants over the rows of a chunk from `place.start` on (invariantStream.ts), `runs`
 * carried from the chunk before; returns the chunk's reset marks for the next one's look-back.
 */
export function checkChunk(
  registry: readonly RegistryEntry[],
  samples: InvariantSamples,
  options: InvariantOptions,
  sink: ViolationSink,
  place: ChunkPlace,
  runs: RunState[],
): Uint8Array {
  const k = new Checker(registry, samples, sink, place);
  counterMonotonic(k);
  valueRange(k);
  payloadLeWire(k);
  tcpUtpTotal(k);
  const w = options.rateWindow === undefined ? DEFAULT_RATE_WINDOW : options.rateWindow;
  if (w) rateVsCounter(k, w, options.readSkewMs ?? 20, runs);
  if (options.pieceLength !== undefined) piecesVsPayload(k, options.pieceLength, options.piecesInFlight ?? 64);
  return k.resetAt;
}

/** Check every invariant on every sample; returns the violations in rule order, then time order. */
export function checkInvariants(
  registry: readonly RegistryEntry[],
  samples: InvariantSamples,
  options: InvariantOptions = {},
): Violation[] {
  const out: Violation[] = [];
  runInvariants(registry, samples, options, {
    add: (rule, metrics, t, detail) => out.push({ rule, metrics, t, detail: detail() }),
  });
  return out;
}
