import type { MessageHeader } from 'apache-arrow';
import { crc32 } from './crc32';
import { HEADER_RECORD_BATCH, HEADER_SCHEMA, HeaderError, type MessageInfo, readMessageHeader } from './ipcHeader';
import { MAX_METRICS } from './meta';

/*
 * The message frames of an Arrow IPC stream, walked without decoding bodies: where each
 * message is, what its header says (read by ipcHeader.ts, so nothing is trusted unchecked),
 * whether its checksum holds. After a frame that does not parse (bytes inserted or lost) the
 * walk looks for the next frame that does, so one damaged batch costs only itself.
 */

/** Schema custom_metadata: every record batch carries BATCH_CHECKSUM_KEY (files from 2026-12 on). */
export const CHECKSUM_KEY = 'tidegauge.checksum';
/** Record batch custom_metadata: CRC-32 (zlib's) of the message body, 8 lowercase hex digits. */
export const BATCH_CHECKSUM_KEY = 'tidegauge.crc32';
/** First bytes of an Arrow IPC *file* (random-access format), which we also read. */
const FILE_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"
/** A schema of MAX_METRICS columns with long descriptions is ~10 MB; more is damage. */
const MAX_HEADER = 16 * 1024 * 1024;

export interface MessageSpan {
  readonly offset: number;
  /** Bytes of the whole message: prefix + metadata + body. */
  readonly size: number;
  readonly type: MessageHeader;
  /** Rows, for record batches. */
  readonly rows: number;
  /** Where the body starts (offset + prefix + metadata). */
  readonly bodyOffset: number;
  readonly info: MessageInfo;
  /** A record batch's checksum: matched, absent (older files), or wrong (damaged). */
  readonly checksum: 'ok' | 'none' | 'bad';
}

/** Bytes between messages that hold no readable message. */
export interface StreamGap {
  readonly start: number;
  readonly end: number;
  readonly reason: string;
}

export interface StreamScan {
  /** Byte offset where the stream starts (8 for the Arrow file format). */
  readonly start: number;
  readonly messages: readonly MessageSpan[];
  /** Offset just after the last complete message (or the EOS marker). */
  readonly end: number;
  /** True when an EOS marker closed the stream. */
  readonly closed: boolean;
  /** Why the scan stopped before the end of the bytes, if it did (a cut-off tail). */
  readonly problem: string | null;
  /** Unreadable stretches the scan stepped over to the next good message. */
  readonly gaps: readonly StreamGap[];
  /** The schema says every batch carries a checksum. */
  readonly checksummed: boolean;
}

function isArrowFileFormat(b: Uint8Array): boolean {
  return b.length >= 8 && FILE_MAGIC.every((x, i) => b[i] === x);
}

/** True if the bytes look like an Arrow IPC stream or file (for format sniffing). */
export function looksLikeArrow(b: Uint8Array): boolean {
  return isArrowFileFormat(b) || (b.length >= 4 && b[0] === 0xff && b[1] === 0xff && b[2] === 0xff && b[3] === 0xff);
}

type Frame =
  | { readonly kind: 'eos'; readonly size: number }
  | { readonly kind: 'message'; readonly span: MessageSpan }
  | { readonly kind: 'bad'; readonly reason: string; readonly cutOff: boolean };

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** The message at byte o, every length checked against the bytes there are. */
function frameAt(bytes: Uint8Array, view: DataView, o: number, fields: number): Frame {
  if (o + 8 > bytes.length)
    return {
      kind: 'bad',
      reason: `the last ${bytes.length - o} bytes are a message header that is cut off`,
      cutOff: true,
    };
  let metaLen = view.getInt32(o, true);
  let prefix = 4;
  if (metaLen === -1) {
    metaLen = view.getInt32(o + 4, true);
    prefix = 8;
  }
  if (metaLen === 0) return { kind: 'eos', size: prefix };
  if (metaLen < 0 || metaLen > MAX_HEADER)
    return { kind: 'bad', reason: `bad message length ${metaLen} at byte ${o}`, cutOff: false };
  if (o + prefix + metaLen > bytes.length)
    return {
      kind: 'bad',
      reason: `the message at byte ${o} is cut off (${bytes.length - o} of at least ${prefix + metaLen} bytes)`,
      cutOff: true,
    };
  let info: MessageInfo;
  try {
    info = readMessageHeader(bytes.subarray(o + prefix, o + prefix + metaLen), fields || MAX_METRICS + 2);
  } catch (e) {
    const why = e instanceof HeaderError ? e.message : `${(e as Error).message}`;
    return { kind: 'bad', reason: `the message at byte ${o} does not parse (${why})`, cutOff: false };
  }
  const bodyOffset = o + prefix + metaLen;
  const size = prefix + metaLen + info.bodyLength;
  if (o + size > bytes.length)
    return {
      kind: 'bad',
      reason: `the message at byte ${o} is cut off (${bytes.length - o} of ${size} bytes)`,
      cutOff: true,
    };
  const b = info.batch;
  let checksum: MessageSpan['checksum'] = 'none';
  if (info.type === HEADER_RECORD_BATCH && b) {
    const problem = batchLayoutProblem(b, info.bodyLength, fields);
    if (problem) return { kind: 'bad', reason: `the record batch at byte ${o} ${problem}`, cutOff: false };
    const want = info.metadata.get(BATCH_CHECKSUM_KEY);
    if (want !== undefined) checksum = want === hex8(crc32(bytes, bodyOffset, o + size)) ? 'ok' : 'bad';
  }
  return {
    kind: 'message',
    span: { offset: o, size, type: info.type as MessageHeader, rows: b?.rows ?? 0, bodyOffset, info, checksum },
  };
}

/** What no session's record batch can be: nodes or buffers that do not fit the schema or the body. */
function batchLayoutProblem(b: NonNullable<MessageInfo['batch']>, bodyLength: number, fields: number): string | null {
  if (fields && b.nodes.length !== fields) return `describes ${b.nodes.length} columns, the schema ${fields}`;
  for (let i = 0; i < b.nodes.length; i++) {
    const n = b.nodes[i] as { length: number; nullCount: number };
    if (n.length !== b.rows) return `declares ${b.rows} rows but column ${i} ${n.length}`;
    if (n.nullCount > n.length) return `declares ${n.nullCount} nulls in column ${i} of ${n.length} rows`;
  }
  for (let i = 0; i < b.buffers.length; i++) {
    const x = b.buffers[i] as { offset: number; length: number };
    if (x.offset + x.length > bodyLength)
      return `has buffer ${i} at body bytes ${x.offset}–${x.offset + x.length}, past its ${bodyLength}-byte body`;
  }
  return null;
}

/** The next offset after `from` where a good record batch (or the stream's end marker) starts. */
function resync(bytes: Uint8Array, view: DataView, from: number, fields: number, checksummed: boolean): number {
  for (let p = bytes.indexOf(0xff, from); p >= 0 && p + 8 <= bytes.length; p = bytes.indexOf(0xff, p + 1)) {
    if (view.getInt32(p, true) !== -1) continue;
    const metaLen = view.getInt32(p + 4, true);
    if (metaLen === 0 && p + 8 === bytes.length) return p;
    if (metaLen <= 0 || metaLen & 7) continue;
    const f = frameAt(bytes, view, p, fields);
    if (f.kind !== 'message' || f.span.type !== HEADER_RECORD_BATCH) continue;
    if (f.span.checksum === 'bad' || (checksummed && f.span.checksum !== 'ok')) continue;
    return p;
  }
  return -1;
}

/**
 * Walk the message frames without decoding bodies. A frame cut off by the end of the bytes
 * ends the walk (a recording killed mid-write ends that way); a frame that does not parse,
 * or a batch whose checksum fails, is stepped over to the next good batch. `schemaOnly`
 * stops after the schema (reading the metadata from the first bytes of a file).
 */
export function scanStream(bytes: Uint8Array, options: { schemaOnly?: boolean } = {}): StreamScan {
  const start = isArrowFileFormat(bytes) ? 8 : 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const messages: MessageSpan[] = [];
  const gaps: StreamGap[] = [];
  let o = start;
  let problem: string | null = null;
  let closed = false;
  let fields = 0;
  let checksummed = false;
  while (o < bytes.length) {
    const f = frameAt(bytes, view, o, fields);
    if (f.kind === 'eos') {
      closed = true;
      o += f.size;
      break;
    }
    if (f.kind === 'message') {
      messages.push(f.span);
      const schema = f.span.info.schema;
      if (messages.length === 1 && f.span.type === HEADER_SCHEMA && schema) {
        fields = schema.fields;
        checksummed = schema.metadata.get(CHECKSUM_KEY) === 'crc32';
        if (options.schemaOnly) return { start, messages, end: o + f.span.size, closed, problem, gaps, checksummed };
      }
      const next = o + f.span.size;
      // A body with bytes inserted or lost fails its checksum, and the next frame is elsewhere.
      if (f.span.checksum !== 'bad' || frameAt(bytes, view, next, fields).kind !== 'bad') {
        o = next;
        continue;
      }
      const p = resync(bytes, view, f.span.bodyOffset, fields, checksummed);
      if (p < 0) {
        o = next;
        continue;
      }
      if (p > next) gaps.push({ start: next, end: p, reason: 'unreadable bytes after a damaged record batch' });
      o = p;
      continue;
    }
    const p = messages.length ? resync(bytes, view, o + 1, fields, checksummed) : -1;
    if (p < 0) {
      problem = f.reason;
      break;
    }
    gaps.push({ start: o, end: p, reason: f.reason });
    o = p;
  }
  return { start, messages, end: o, closed, problem, gaps, checksummed };
}
