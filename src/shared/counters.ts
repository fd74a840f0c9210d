import { badIndex, toI64 } from './counterValues';
import { DIAGNOSTIC_COUNTERS_START as DIAG_START_EXPORTED, NUM_METRICS as NUM_EXPORTED } from './registry';

// Literal copies for the hot path: an imported binding is a live cell that V8 reloads and
// hole-checks on every call, a literal folds into the compiled code.
const NUM_METRICS = 99;
const DIAGNOSTIC_COUNTERS_START = 70;
if (NUM_METRICS !== NUM_EXPORTED || DIAGNOSTIC_COUNTERS_START !== DIAG_START_EXPORTED) {
  throw new Error('counters.ts literals are out of step with the registry');
}

/*
 * SessionCounters: the 99 session metrics in one SharedArrayBuffer that every thread of a
 * session can attach to.
 *
 * Why shards: a plain Atomics.add on a BigInt64Array costs ~7x a plain typed-array increment
 * (and every BigInt allocates). Instead each attached handle (normally one per thread) owns a
 * private row of Float64 deltas inside the shared buffer. Its owner is the only writer, so an
 * increment is an ordinary store; readers sum the exact 64-bit base row and every shard row.
 * A shard slot is folded into the BigInt64 base before it can leave the range where doubles
 * are exact integers (2^52), so totals keep 64-bit integer semantics.
 *
 * Layout (bytes):
 *   0   Int32[HEADER_INTS]  magic, version, numMetrics, maxShards, diagnostics flag,
 *                          shard high-water, fold lock/sequence, diagnostics epoch
 *   H   Int32[maxShards]    shard owner flags (0 free, 1 taken)
 *   B   BigInt64[n]         base values (exact; gauges are set here)
 *   S   Float64[maxShards*n] per-handle deltas
 */

const MAGIC = 0x54494447; // 'TIDG'
const VERSION = 1;
const HEADER_INTS = 8;
const H_MAGIC = 0;
const H_VERSION = 1;
const H_NUM = 2;
const H_MAX_SHARDS = 3;
const H_DIAG = 4;
const H_HIGH_WATER = 5;
const H_FOLD_SEQ = 6;
const H_DIAG_EPOCH = 7;

/** A shard slot is folded into the exact base before its magnitude passes this. */
const FOLD_LIMIT = 2 ** 52;

export const DEFAULT_MAX_SHARDS = 32;

/** The row of a handle without a shard: every read is undefined, so inc takes its slow path. */
const NO_ROW = new Float64Array(0);

function align8(n: number): number {
  return (n + 7) & ~7;
}

function layout(n: number, maxShards: number) {
  const owners = HEADER_INTS * 4;
  const base = align8(owners + maxShards * 4);
  const shards = base + n * 8;
  const bytes = shards + maxShards * n * 8;
  return { owners, base, shards, bytes };
}

export interface SessionCountersOptions {
  /** How many handles (threads) can hold a private shard at once; others fall back to Atomics. */
  maxShards?: number;
  /** Start with diagnostics on. */
  diagnostics?: boolean;
}

/** Carries an existing buffer from fromBuffer into the constructor (module-private). */
const ATTACH = Symbol('attach');
interface InternalOptions extends SessionCountersOptions {
  [ATTACH]?: SharedArrayBuffer;
}

export class SessionCounters {
  declare readonly buffer: SharedArrayBuffer;
  declare readonly size: number;
  // `declare`: no field definitions are emitted, so each field is created by its first
  // assignment in the constructor with its real representation (an int stays an int), which
  // keeps inc on V8's fastest path. Defining them as undefined first cost ~1.5x on inc.
  declare private readonly header: Int32Array;
  declare private readonly owners: Int32Array;
  declare private readonly base: BigInt64Array;
  declare private readonly shards: Float64Array;
  /** This handle's shard number, or -1 when every shard was taken (then writes use Atomics). */
  declare private shard: number;
  declare private off: number;
  /**
   * This handle's own row of deltas (a view of its shard), or an empty array when it has none:
   * `row[i]` then reads undefined, the sum is NaN and inc falls through to its slow path, so the
   * fast path needs neither a bounds check nor a shard check (an out-of-range or fractional
   * index reads undefined the same way).
   */
  declare private row: Float64Array;
  /** `row`'s non-diagnostic slots: its bounds check is inc's "not a diagnostic slot" check. */
  declare private fast: Float64Array;

  constructor(options: SessionCountersOptions = {}) {
    const sab = (options as InternalOptions)[ATTACH] ?? SessionCounters.allocate(options);
    const header = new Int32Array(sab, 0, HEADER_INTS);
    const maxShards = header[H_MAX_SHARDS] as number;
    const lay = layout(NUM_METRICS, maxShards);
    const owners = new Int32Array(sab, lay.owners, maxShards);
    let shard = -1;
    for (let s = 0; s < maxShards; s++) {
      if (Atomics.compareExchange(owners, s, 0, 1) === 0) {
        shard = s;
        break;
      }
    }
    if (shard >= 0) {
      // Publish the high-water mark before any write, so readers include this row.
      for (;;) {
        const hw = Atomics.load(header, H_HIGH_WATER);
        if (hw > shard || Atomics.compareExchange(header, H_HIGH_WATER, hw, shard + 1) === hw) break;
      }
    }
    this.buffer = sab;
    this.size = NUM_METRICS;
    this.header = header;
    this.owners = owners;
    this.base = new BigInt64Array(sab, lay.base, NUM_METRICS);
    this.shards = new Float64Array(sab, lay.shards, maxShards * NUM_METRICS);
    this.shard = shard;
    this.off = shard >= 0 ? shard * NUM_METRICS : 0;
    this.row = shard >= 0 ? new Float64Array(sab, lay.shards + shard * NUM_METRICS * 8, NUM_METRICS) : NO_ROW;
    this.fast = shard >= 0 ? this.row.subarray(0, DIAGNOSTIC_COUNTERS_START) : NO_ROW;
  }

  private static allocate(options: SessionCountersOptions): SharedArrayBuffer {
    const maxShards = options.maxShards ?? DEFAULT_MAX_SHARDS;
    if (!Number.isInteger(maxShards) || maxShards < 1 || maxShards > 1024) {
      throw new RangeError(`maxShards must be an integer in 1..1024, got ${maxShards}`);
    }
    const sab = new SharedArrayBuffer(layout(NUM_METRICS, maxShards).bytes);
    const header = new Int32Array(sab, 0, HEADER_INTS);
    header[H_MAGIC] = MAGIC;
    header[H_VERSION] = VERSION;
    header[H_NUM] = NUM_METRICS;
    header[H_MAX_SHARDS] = maxShards;
    header[H_DIAG] = options.diagnostics ? 1 : 0;
    return sab;
  }

  /** Attach to a buffer made by another thread's SessionCounters (e.g. received via postMessage). */
  static fromBuffer(sab: SharedArrayBuffer): SessionCounters {
    if (!(sab instanceof SharedArrayBuffer))
      throw new TypeError('SessionCounters.fromBuffer needs a SharedArrayBuffer');
    if (sab.byteLength < HEADER_INTS * 4) throw new TypeError('buffer is too small to be SessionCounters');
    const header = new Int32Array(sab, 0, HEADER_INTS);
    if (Atomics.load(header, H_MAGIC) !== MAGIC)
      throw new TypeError('buffer is not a SessionCounters buffer (bad magic)');
    if (Atomics.load(header, H_VERSION) !== VERSION) {
      throw new TypeError(`SessionCounters buffer version ${header[H_VERSION]}, expected ${VERSION}`);
    }
    const n = Atomics.load(header, H_NUM);
    if (n !== NUM_METRICS) throw new TypeError(`SessionCounters buffer holds ${n} metrics, expected ${NUM_METRICS}`);
    const lay = layout(n, Atomics.load(header, H_MAX_SHARDS));
    if (sab.byteLength !== lay.bytes) throw new TypeError('SessionCounters buffer has the wrong size for its header');
    return new SessionCounters({ [ATTACH]: sab } as InternalOptions);
  }

  /** True when this handle writes through a private shard (the fast path). */
  get hasShard(): boolean {
    return this.shard >= 0;
  }

  diagnosticsEnabled(): boolean {
    return Atomics.load(this.header, H_DIAG) !== 0;
  }

  /** Turn diagnostic counting on or off for every thread attached to this buffer, at once. */
  setDiagnostics(enabled: boolean): void {
    const prev = Atomics.exchange(this.header, H_DIAG, enabled ? 1 : 0);
    if ((prev !== 0) !== enabled) Atomics.add(this.header, H_DIAG_EPOCH, 1);
  }

  /** Increments on every change of the diagnostics flag (lets a sampler notice an off-on blip). */
  diagnosticsEpoch(): number {
    return Atomics.load(this.header, H_DIAG_EPOCH);
  }

  /** Add to a metric (counters; gauges may go up and down). Diagnostic slots ignore writes while off. */
  inc(index: number, value: number | bigint = 1): void {
    // Tiny so V8 inlines it: an integer check, a load from this handle's non-diagnostic row and
    // a store. Everything else (a diagnostic, bad or fractional index reads undefined from
    // `fast`, so the sum is NaN; no shard: `fast` is empty; NaN, fractions, infinities, bigints,
    // sums past 2^52) goes to incSlow, which validates and throws, folds, or uses Atomics.
    if (typeof value === 'number' && Math.trunc(value) === value) {
      const row = this.fast;
      const next = (row[index] as number) + value;
      if (Math.abs(next) < FOLD_LIMIT) {
        row[index] = next;
        return;
      }
    }
    this.incSlow(index, value);
  }

  /** inc's rare cases: validation, diagnostic slots, no shard, and slots about to leave exact range. */
  private incSlow(index: number, value: number | bigint): void {
    if (index >>> 0 !== index || index >= NUM_METRICS) throw badIndex(index);
    if (index >= DIAGNOSTIC_COUNTERS_START && Atomics.load(this.header, H_DIAG) === 0) return;
    this.addChecked(index, value);
  }

  /** Add to a metric only while diagnostics are enabled. */
  incDiag(index: number, value: number | bigint = 1): void {
    if (index >>> 0 !== index || index >= NUM_METRICS) throw badIndex(index);
    if (Atomics.load(this.header, H_DIAG) === 0) return;
    this.addChecked(index, value);
  }

  /** A valid index that counts now: the row when the sum stays exact, else addSlow. */
  private addChecked(index: number, value: number | bigint): void {
    if (typeof value === 'number' && Math.trunc(value) === value && this.shard >= 0) {
      const next = (this.row[index] as number) + value;
      if (Math.abs(next) < FOLD_LIMIT) {
        this.row[index] = next;
        return;
      }
    }
    this.addSlow(index, value);
  }

  /** Large or bigint values, a shard slot about to leave exact range, or no shard: validated and exact. */
  private addSlow(index: number, value: number | bigint): void {
    const v = toI64(value);
    if (this.shard >= 0) {
      this.fold(index, v);
      return;
    }
    Atomics.add(this.base, index, v);
  }

  /** Move this handle's delta (plus `extra`) into the exact base, invisible to readers mid-way. */
  private fold(index: number, extra: bigint): void {
    const j = this.off + index;
    this.lockFold();
    try {
      Atomics.add(this.base, index, BigInt(this.shards[j] as number) + extra);
      this.shards[j] = 0;
    } finally {
      Atomics.add(this.header, H_FOLD_SEQ, 1);
    }
  }

  private lockFold(): void {
    for (;;) {
      const seq = Atomics.load(this.header, H_FOLD_SEQ);
      if ((seq & 1) === 0 && Atomics.compareExchange(this.header, H_FOLD_SEQ, seq, seq + 1) === seq) return;
    }
  }

  private shardSum(index: number): number {
    const hw = Atomics.load(this.header, H_HIGH_WATER);
    let sum = 0;
    for (let s = 0, j = index; s < hw; s++, j += NUM_METRICS) sum += this.shards[j] as number;
    return sum;
  }

  /** Set a gauge to a value. */
  set(index: number, value: number | bigint): void {
    if (index >>> 0 !== index || index >= NUM_METRICS) throw badIndex(index);
    const v = toI64(value);
    if (index >= DIAGNOSTIC_COUNTERS_START && Atomics.load(this.header, H_DIAG) === 0) return;
    this.lockFold();
    try {
      Atomics.store(this.base, index, v - BigInt(this.shardSum(index)));
    } finally {
      Atomics.add(this.header, H_FOLD_SEQ, 1);
    }
  }

  /**
   * Several writes that every reader sees all together or not at all: add `adds[k]` to metric
   * `addIdx[k]`, set gauge `setIdx[k]` to `sets[k]`. For values that must agree at every
   * sample (payload and wire bytes, a rate and the counter it was computed from).
   */
  publish(
    addIdx: readonly number[],
    adds: ArrayLike<number>,
    setIdx: readonly number[],
    sets: ArrayLike<number>,
  ): void {
    const diag = Atomics.load(this.header, H_DIAG) !== 0;
    const addV = Array.from({ length: addIdx.length }, (_, k) => toI64(adds[k] as number));
    const setV = Array.from({ length: setIdx.length }, (_, k) => toI64(sets[k] as number));
    for (const i of [...addIdx, ...setIdx]) if (i >>> 0 !== i || i >= NUM_METRICS) throw badIndex(i);
    this.lockFold();
    try {
      for (let k = 0; k < addIdx.length; k++) {
        const i = addIdx[k] as number;
        if (i < DIAGNOSTIC_COUNTERS_START || diag) Atomics.add(this.base, i, addV[k] as bigint);
      }
      for (let k = 0; k < setIdx.length; k++) {
        const i = setIdx[k] as number;
        if (i < DIAGNOSTIC_COUNTERS_START || diag)
          Atomics.store(this.base, i, (setV[k] as bigint) - BigInt(this.shardSum(i)));
      }
    } finally {
      Atomics.add(this.header, H_FOLD_SEQ, 1);
    }
  }

  /** Raise a high-water gauge to `value` if it is higher than the current value; safe across threads. */
  setMax(index: number, value: number | bigint): void {
    if (index >>> 0 !== index || index >= NUM_METRICS) throw badIndex(index);
    const v = toI64(value);
    if (index >= DIAGNOSTIC_COUNTERS_START && Atomics.load(this.header, H_DIAG) === 0) return;
    this.raise(index, v);
  }

  /** setMax that only counts while diagnostics are enabled. */
  setMaxDiag(index: number, value: number | bigint): void {
    if (index >>> 0 !== index || index >= NUM_METRICS) throw badIndex(index);
    const v = toI64(value);
    if (Atomics.load(this.header, H_DIAG) === 0) return;
    this.raise(index, v);
  }

  private raise(index: number, v: bigint): void {
    for (;;) {
      const cur = Atomics.load(this.base, index);
      const deltas = BigInt(this.shardSum(index));
      if (cur + deltas >= v) return;
      if (Atomics.compareExchange(this.base, index, cur, v - deltas) === cur) return;
    }
  }

  /** Exact current value. */
  get(index: number): bigint {
    if (index >>> 0 !== index || index >= NUM_METRICS) throw badIndex(index);
    for (;;) {
      const seq = Atomics.load(this.header, H_FOLD_SEQ);
      if (seq & 1) continue;
      const v = Atomics.load(this.base, index) + BigInt(this.shardSum(index));
      if (Atomics.load(this.header, H_FOLD_SEQ) === seq) return v;
    }
  }

  /**
   * All values as doubles (exact below 2^53, which a session reaches only after ~9 PB), for
   * streaming and charts. Pass `out` to reuse an array on a hot path.
   */
  snapshot(out: Float64Array = new Float64Array(NUM_METRICS)): Float64Array {
    if (out.length < NUM_METRICS) throw new RangeError(`snapshot needs an array of ${NUM_METRICS}`);
    const base = this.base;
    const shards = this.shards;
    for (;;) {
      const seq = Atomics.load(this.header, H_FOLD_SEQ);
      if (seq & 1) continue;
      const hw = Atomics.load(this.header, H_HIGH_WATER);
      for (let i = 0; i < NUM_METRICS; i++) out[i] = Number(base[i]);
      for (let s = 0, j = 0; s < hw; s++) {
        for (let i = 0; i < NUM_METRICS; i++, j++) out[i] = (out[i] as number) + (shards[j] as number);
      }
      if (Atomics.load(this.header, H_FOLD_SEQ) === seq) return out;
    }
  }

  /** All values exactly, as 64-bit integers. */
  snapshotExact(): BigInt64Array {
    const out = new BigInt64Array(NUM_METRICS);
    for (;;) {
      const seq = Atomics.load(this.header, H_FOLD_SEQ);
      if (seq & 1) continue;
      for (let i = 0; i < NUM_METRICS; i++) out[i] = Atomics.load(this.base, i) + BigInt(this.shardSum(i));
      if (Atomics.load(this.header, H_FOLD_SEQ) === seq) return out;
    }
  }

  /**
   * Give this handle's shard back (fold its deltas into the base) so another thread can take
   * it. Call when a worker is done writing; the handle then writes through Atomics.
   */
  release(): void {
    const s = this.shard;
    if (s < 0) return;
    this.lockFold();
    try {
      for (let i = 0; i < NUM_METRICS; i++) {
        const j = this.off + i;
        const d = this.shards[j] as number;
        if (d !== 0) {
          Atomics.add(this.base, i, BigInt(d));
          this.shards[j] = 0;
        }
      }
    } finally {
      Atomics.add(this.header, H_FOLD_SEQ, 1);
    }
    this.shard = -1;
    this.off = 0;
    this.row = NO_ROW;
    this.fast = NO_ROW;
    Atomics.store(this.owners, s, 0);
  }
}
