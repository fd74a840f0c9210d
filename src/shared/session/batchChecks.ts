import type { RecordBatchInfo } from './ipcHeader';
import type { MessageSpan } from './ipcStream';
import { MAX_TIME_MS, TIME_FIELD } from './meta';

/*
 * What a record batch must satisfy before apache-arrow decodes it, and what its decoded
 * times must satisfy after: each buffer decompresses to what its column's row count needs
 * (a ZSTD frame claiming more is a decompression bomb, refused before it is inflated), and
 * every time is a date JavaScript can show.
 */

/** Writers pad buffers (apache-arrow to 8 bytes, others to 64). */
const SLACK = 64;
const CODEC_ZSTD = 1;

/** Bytes per value of the columns of a session: t (timestamp), diagnostics (bits), metrics (float64). */
export function columnBits(column: number): 1 | 64 {
  return column === 1 ? 1 : 64;
}

/**
 * The content size a ZSTD frame header declares (RFC 8878, 3.1.1.1), or null when it states
 * none. The decoder sizes its output from this.
 */
export function zstdContentSize(b: Uint8Array, at = 0, end = b.length): number | null {
  if (end - at < 6 || b[at] !== 0x28 || b[at + 1] !== 0xb5 || b[at + 2] !== 0x2f || b[at + 3] !== 0xfd) return null;
  const fhd = b[at + 4] as number;
  const fcsFlag = fhd >> 6;
  const single = (fhd >> 5) & 1;
  const o = at + 5 + (single ? 0 : 1) + ([0, 1, 2, 4][fhd & 3] as number);
  const size = fcsFlag === 0 ? (single ? 1 : 0) : ([0, 2, 4, 8][fcsFlag] as number);
  if (size === 0 || o + size > end) return null;
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + (b[o + i] as number);
  return size === 2 ? v + 256 : v;
}

/**
 * Why a record batch's buffers cannot hold `rows` values of each column (or would inflate to
 * more than that), or null. Checked on the bytes alone, before anything is allocated.
 */
export function bufferProblem(bytes: Uint8Array, span: MessageSpan, names: readonly string[]): string | null {
  const b = span.info.batch as RecordBatchInfo;
  const rows = b.rows;
  if (b.buffers.length !== 2 * b.nodes.length)
    return `has ${b.buffers.length} buffers for ${b.nodes.length} columns (expected 2 each)`;
  if (b.codec !== null && b.codec !== CODEC_ZSTD)
    return 'is LZ4-compressed; session files are ZSTD-compressed or uncompressed';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let c = 0; c < b.nodes.length; c++) {
    const bits = columnBits(c);
    for (const k of [0, 1]) {
      const buf = b.buffers[2 * c + k] as { offset: number; length: number };
      const needed = k === 0 || bits === 1 ? Math.ceil(rows / 8) : rows * 8;
      const optional = k === 0 && (b.nodes[c] as { nullCount: number }).nullCount === 0;
      const what = `the ${k === 0 ? 'validity' : 'value'} buffer of column "${names[c] ?? c}"`;
      let size = buf.length;
      if (b.codec !== null && buf.length > 0) {
        if (buf.length < 8) return `has ${what} of ${buf.length} bytes, too short for a compressed buffer`;
        const at = span.bodyOffset + buf.offset;
        const raw = view.getBigInt64(at, true) === -1n;
        const content = raw ? buf.length - 8 : zstdContentSize(bytes, at + 8, at + buf.length);
        if (content === null) return `has ${what} in a ZSTD frame that does not state its size`;
        size = content;
      }
      if (size === 0 && (optional || needed === 0)) continue;
      if (size < needed) return `has ${what} of ${size} bytes; ${rows} samples need ${needed}`;
      if (size > needed + SLACK)
        return `has ${what} that decompresses to ${size} bytes, but its ${rows} samples need ${needed}: refused (a damaged or hostile file)`;
    }
  }
  return null;
}

/** Why these sample times cannot be shown as dates, or null (`base` numbers the samples in the file). */
export function timeProblem(t: Float64Array, n: number, base: number): string | null {
  for (let r = 0; r < n; r++) {
    const v = t[r] as number;
    if (!(v >= -MAX_TIME_MS && v <= MAX_TIME_MS))
      return `has sample ${base + r} at time (${TIME_FIELD}) ${v} ms, outside the range of dates (±${MAX_TIME_MS} ms)`;
  }
  return null;
}

/** Counts the places where time goes back, to say so once (a clock set back while recording). */
export class TimeOrder {
  private last = Number.NEGATIVE_INFINITY;
  private backs = 0;
  private first = -1;
  private firstBy = 0;

  add(t: Float64Array, n: number, base: number): void {
    let last = this.last;
    for (let r = 0; r < n; r++) {
      const v = t[r] as number;
      if (v < last) {
        if (this.backs++ === 0) {
          this.first = base + r;
          this.firstBy = last - v;
        }
      }
      last = v;
    }
    this.last = last;
  }

  warning(): string | null {
    if (!this.backs) return null;
    const times = this.backs === 1 ? 'once' : `${this.backs} times`;
    return `the time (${TIME_FIELD}) goes back ${times}, first at sample ${this.first} by ${(this.firstBy / 1000).toFixed(3)} s (a clock set back while recording?); the samples are kept in file order`;
  }
}
