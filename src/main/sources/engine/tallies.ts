/*
 * The engine worker's byte, payload, piece and waste tallies, in a small SharedArrayBuffer that
 * the worker writes and the main thread reads (meters.ts publishes them with the bw.* rates).
 * Why not straight into SessionCounters: those and the rates must agree at every sample, and
 * the rates must keep sliding while the worker thread is descheduled (a gauge only its own
 * thread could lower would hold its last value through a stall). So the worker only adds here;
 * the main thread turns the tallies into counters and rates every step.
 *
 * One writer, one reader: the writer brackets each group of adds (a chunk's wire bytes, its
 * transport, its payload and the waste found in it) with a sequence number, and a read that
 * overlapped a group is dropped (the reader tries again at its next step, so a worker
 * descheduled in the middle of a group never makes the main thread wait): a reader never sees
 * half of a group, so TCP + uTP = total and payload <= wire hold at every read.
 */

/** The tallies (cumulative since the session started), by index. */
export const Q = {
  SENT: 0,
  RECV: 1,
  TCP_SENT: 2,
  TCP_RECV: 3,
  UTP_SENT: 4,
  UTP_RECV: 5,
  PAY_UP: 6,
  PAY_DOWN: 7,
  PIECES_UP: 8,
  PIECES_DOWN: 9,
  WASTE: 10,
} as const;
export const TALLIES = 11;

const SEQ_BYTES = 8;

export function createTallyBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(SEQ_BYTES + TALLIES * 8);
}

function views(sab: SharedArrayBuffer): { seq: Int32Array; values: Float64Array } {
  if (!(sab instanceof SharedArrayBuffer) || sab.byteLength !== SEQ_BYTES + TALLIES * 8) {
    throw new TypeError('not an engine tally buffer');
  }
  return { seq: new Int32Array(sab, 0, 1), values: new Float64Array(sab, SEQ_BYTES, TALLIES) };
}

/** The worker's side. Call begin(), add() any number of times, end(); groups may nest. */
export class TallyWriter {
  private readonly seq: Int32Array;
  private readonly values: Float64Array;
  private depth = 0;

  constructor(sab: SharedArrayBuffer) {
    ({ seq: this.seq, values: this.values } = views(sab));
  }

  begin(): void {
    if (this.depth++ === 0) Atomics.add(this.seq, 0, 1);
  }

  add(k: number, n: number): void {
    this.values[k] = (this.values[k] as number) + n;
  }

  end(): void {
    if (--this.depth === 0) Atomics.add(this.seq, 0, 1);
  }

  /** One add as a group of its own. */
  addOne(k: number, n: number): void {
    this.begin();
    this.add(k, n);
    this.end();
  }
}

/** The main thread's side. */
export class TallyReader {
  private readonly seq: Int32Array;
  private readonly values: Float64Array;

  constructor(sab: SharedArrayBuffer) {
    ({ seq: this.seq, values: this.values } = views(sab));
  }

  /** Copy the tallies into `out` as they were between two groups; false if a group was open. */
  read(out: Float64Array): boolean {
    const s = Atomics.load(this.seq, 0);
    if ((s & 1) !== 0) return false;
    out.set(this.values);
    return Atomics.load(this.seq, 0) === s;
  }
}
