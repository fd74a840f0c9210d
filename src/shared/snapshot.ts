/**
 * One sample of every metric, as it crosses from host to renderer and into files.
 * values: the metric values (doubles; exact below 2^53).
 * rates: for counters the per-second rate since the previous sample (0 after a reset is
 * detected, see deriveRates); for gauges the value itself, so one array feeds every chart.
 */
export interface Snapshot {
  /** Sample number within the stream, from 0. */
  readonly seq: number;
  /** Wall-clock time of the sample, ms since the Unix epoch. */
  readonly t: number;
  /** Whether diagnostics were enabled when the sample was taken. */
  readonly diagnostics: boolean;
  /**
   * A sample the source had no current reading for (a remote engine's connection was lost or
   * lagging): every value is NaN, a gap in the charts and a row of nulls in the file, never zeros.
   */
  readonly gap?: boolean;
  readonly values: Float64Array;
  readonly rates: Float64Array;
}

const HEADER = 4; // seq, t, flags, n

/** Pack a snapshot into one ArrayBuffer (a few hundred bytes for 99 metrics). */
export function encodeSnapshot(s: Snapshot): ArrayBuffer {
  const n = s.values.length;
  const out = new Float64Array(HEADER + 2 * n);
  out[0] = s.seq;
  out[1] = s.t;
  out[2] = (s.diagnostics ? 1 : 0) | (s.gap ? 2 : 0);
  out[3] = n;
  out.set(s.values, HEADER);
  out.set(s.rates, HEADER + n);
  return out.buffer;
}

/** Unpack what encodeSnapshot made; throws a message that says what is wrong. */
export function decodeSnapshot(buf: ArrayBuffer | ArrayBufferView, expectedMetrics?: number): Snapshot {
  const bytes = ArrayBuffer.isView(buf) ? buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) : buf;
  if (bytes.byteLength % 8 !== 0 || bytes.byteLength < HEADER * 8) {
    throw new Error(`snapshot frame of ${bytes.byteLength} bytes is not a whole number of doubles with a header`);
  }
  const f = new Float64Array(bytes);
  const n = f[3] as number;
  if (!Number.isInteger(n) || n < 0 || f.length !== HEADER + 2 * n) {
    throw new Error(`snapshot frame declares ${n} metrics but holds ${(f.length - HEADER) / 2}`);
  }
  if (expectedMetrics !== undefined && n !== expectedMetrics) {
    throw new Error(`snapshot frame has ${n} metrics, the stream's registry has ${expectedMetrics}`);
  }
  const flags = f[2] as number;
  return {
    seq: f[0] as number,
    t: f[1] as number,
    diagnostics: (flags & 1) === 1,
    ...((flags & 2) === 2 ? { gap: true } : {}),
    values: f.subarray(HEADER, HEADER + n),
    rates: f.subarray(HEADER + n),
  };
}
