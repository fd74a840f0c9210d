/* The invariants' tables (which metrics each rule pairs) and what a check carries from one chunk to the next. */

export const UNSIGNED_UNITS = new Set(['B', 'B/s', 'count', 'us', 'ms', 's']);

/** Rate gauges and the counters they are the rate of. */
export const RATE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['bw.upload_rate', 'net.bytes_sent'],
  ['bw.download_rate', 'net.bytes_recv'],
  ['bw.upload_rate_tcp', 'net.tcp_bytes_sent'],
  ['bw.download_rate_tcp', 'net.tcp_bytes_recv'],
  ['bw.upload_rate_utp', 'net.utp_bytes_sent'],
  ['bw.download_rate_utp', 'net.utp_bytes_recv'],
  ['bw.payload_upload_rate', 'bw.total_uploaded'],
  ['bw.payload_download_rate', 'bw.total_downloaded'],
];

/** [payload, wire] per direction, as counters and as rates; tolerance in the metric's unit. */
export const PAYLOAD_PAIRS: ReadonlyArray<readonly [string, string, number]> = [
  ['bw.total_uploaded', 'net.bytes_sent', 0],
  ['bw.total_downloaded', 'net.bytes_recv', 0],
  // Rates are whole B/s: each side rounded once.
  ['bw.payload_upload_rate', 'bw.upload_rate', 1],
  ['bw.payload_download_rate', 'bw.download_rate', 1],
];

/** [tcp, utp, total]; tolerance for rounding (three rounded rates). */
export const TRANSPORT_SPLITS: ReadonlyArray<readonly [string, string, string, number]> = [
  ['net.tcp_bytes_sent', 'net.utp_bytes_sent', 'net.bytes_sent', 0],
  ['net.tcp_bytes_recv', 'net.utp_bytes_recv', 'net.bytes_recv', 0],
  ['bw.upload_rate_tcp', 'bw.upload_rate_utp', 'bw.upload_rate', 2],
  ['bw.download_rate_tcp', 'bw.download_rate_utp', 'bw.download_rate', 2],
];

/**
 * Where a chunk of a session stands in the whole (invariantStream.ts feeds a file batch by
 * batch): rows before `start` were checked with the chunk before and are there for the rules
 * that look back; `base` is row 0's index in the session, `resetsBefore` the resets before it.
 */
export interface ChunkPlace {
  readonly start: number;
  readonly base: number;
  readonly resetsBefore: number;
  /** Resets marked in the rows before `start` (by the chunk before). */
  readonly resetAt: Uint8Array;
}

/** What rate-vs-counter carries across chunks per pair: the run of equal gauge values under way. */
export interface RunState {
  /** Session index of the run's first sample (0: the gauge has not changed yet). */
  r: number;
  /** The counter before the gauge's window (m, session index; -1 none), and the resets up to m. */
  m: number;
  hi: number | undefined;
  tm: number;
  resetsAtM: number;
}

export const freshRuns = (): RunState[] =>
  RATE_PAIRS.map(() => ({ r: 0, m: -1, hi: undefined, tm: Number.NaN, resetsAtM: 0 }));

/** Samples from rows (snapshots' values), for callers that hold rows rather than columns. */
export function samplesFromRows(
  t: readonly number[],
  rows: readonly ArrayLike<number>[],
  width: number,
): { t: readonly number[]; columns: Float64Array[] } {
  const columns = Array.from({ length: width }, (_, i) =>
    Float64Array.from(rows, (r) => (r[i] as number) ?? Number.NaN),
  );
  return { t, columns };
}
