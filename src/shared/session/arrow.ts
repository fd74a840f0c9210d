import {
  Bool,
  CompressionType,
  type Data,
  Field,
  Float64,
  Message,
  MessageHeader,
  makeData,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  TimestampMillisecond,
} from 'apache-arrow';
import { crc32 } from './crc32';
import type { SessionData } from './data';
import { concat } from './decode';
import { EVENTS_CHECKSUM_KEY, EVENTS_KEY, type SessionEvent } from './events';
import { BATCH_CHECKSUM_KEY, CHECKSUM_KEY } from './ipcStream';
import {
  DIAGNOSTICS_FIELD,
  FIELD_KIND_KEY,
  FIELD_UNIT_KEY,
  MAX_TIME_MS,
  META_KEY,
  type SessionMeta,
  TIME_FIELD,
} from './meta';

// The reading side lives in decode.ts and ipcStream.ts; these names are where callers find them.
export { concat, type DamagedPart, type DecodedSession, decodeSession, readMeta, SessionFormatError } from './decode';
export { looksLikeArrow, type MessageSpan, type StreamScan, scanStream } from './ipcStream';

/*
 * A session file is an Apache Arrow IPC *stream*: a schema message (SessionMeta JSON in its
 * custom_metadata) then record batches of [t: Timestamp(ms, UTC), diagnostics: Bool, one
 * nullable Float64 column per metric], then an end-of-stream marker when closed cleanly.
 * Batch bodies are ZSTD-compressed (Arrow's own body compression, which pyarrow, polars and
 * DuckDB read); the codec is registered by the host (src/main/host/zstd.ts). Each batch
 * message carries the CRC-32 of its body in its custom_metadata (BATCH_CHECKSUM_KEY), which
 * other readers ignore and ours checks; the schema's CHECKSUM_KEY says every batch has one.
 */

export { CompressionType };

/**
 * apache-arrow 21's writer stores the *compressed* length in each compressed buffer's 8-byte
 * prefix, where the IPC format wants the uncompressed length: its own reader ignores the
 * prefix, but pyarrow sizes its output from it and fails ("Destination buffer is too
 * small"). Fixed upstream in apache/arrow-js#470; until that ships, this writer puts the
 * uncompressed length back (a no-op once the fix is in); sizes and offsets do not change.
 */
class SessionBatchWriter extends RecordBatchStreamWriter {
  protected override _compressBodyBuffers(buffers: ArrayBufferView[]) {
    const r = super._compressBodyBuffers(buffers);
    buffers.forEach((buf, i) => {
      const prefix = r.buffers[2 * i];
      if (prefix?.byteLength !== 8) return;
      const dv = new DataView(prefix.buffer, prefix.byteOffset, 8);
      if (dv.getBigInt64(0, true) !== -1n) dv.setBigInt64(0, BigInt(buf.byteLength), true);
    });
    return r;
  }
}

/** Arrow's end-of-stream marker: continuation token + zero length. */
export const EOS = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

export function buildSchema(meta: SessionMeta): Schema {
  const fields = [
    new Field(TIME_FIELD, new TimestampMillisecond('UTC'), false),
    new Field(DIAGNOSTICS_FIELD, new Bool(), false),
    ...meta.registry.map(
      (e) =>
        new Field(
          e.name,
          new Float64(),
          true,
          new Map([
            [FIELD_KIND_KEY, e.kind],
            [FIELD_UNIT_KEY, e.unit],
          ]),
        ),
    ),
  ];
  return new Schema(
    fields,
    new Map([
      [META_KEY, JSON.stringify(meta)],
      [CHECKSUM_KEY, 'crc32'],
    ]),
  );
}

/** Rows waiting to become one record batch, row-major like snapshots arrive. */
export interface RowBlock {
  readonly length: number;
  readonly t: ArrayLike<number>;
  readonly diagnostics: ArrayLike<number>;
  /** length * width values, row after row; NaN is written as null. */
  readonly values: ArrayLike<number>;
}

function toBatch(schema: Schema, width: number, block: RowBlock): RecordBatch {
  const n = block.length;
  const t = new BigInt64Array(n);
  const diag = new Uint8Array((n + 7) >> 3);
  for (let r = 0; r < n; r++) {
    const v = block.t[r] as number;
    // A file with such a time would be refused by every reader (ours, and Date in each tool).
    if (!(v >= -MAX_TIME_MS && v <= MAX_TIME_MS))
      throw new RangeError(
        `sample ${r} of the block has time ${v} ms, outside the range of dates (±${MAX_TIME_MS} ms)`,
      );
    t[r] = BigInt(Math.round(v));
    if (block.diagnostics[r]) diag[r >> 3] = (diag[r >> 3] as number) | (1 << (r & 7));
  }
  const children: Data[] = [
    makeData({ type: schema.fields[0]?.type as TimestampMillisecond, length: n, nullCount: 0, data: t }),
    makeData({ type: new Bool(), length: n, nullCount: 0, data: diag }),
  ];
  for (let i = 0; i < width; i++) {
    const col = new Float64Array(n);
    let nulls = 0;
    let bitmap: Uint8Array | undefined;
    for (let r = 0; r < n; r++) {
      const v = block.values[r * width + i] as number;
      col[r] = v;
      if (Number.isNaN(v)) nulls++;
    }
    if (nulls) {
      bitmap = new Uint8Array((n + 7) >> 3);
      for (let r = 0; r < n; r++)
        if (!Number.isNaN(col[r] as number)) bitmap[r >> 3] = (bitmap[r >> 3] as number) | (1 << (r & 7));
    }
    children.push(makeData({ type: new Float64(), length: n, nullCount: nulls, data: col, nullBitmap: bitmap }));
  }
  const struct = makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children });
  return new RecordBatch(schema, struct);
}

/**
 * Encodes a session stream piece by piece: the schema once, then one message per batch, so
 * a writer can append each to a file as it goes.
 */
export class SessionStreamEncoder {
  readonly schema: Schema;
  private readonly width: number;
  private readonly schemaBytes: Uint8Array;

  constructor(
    readonly meta: SessionMeta,
    private readonly compression: CompressionType | null = CompressionType.ZSTD,
  ) {
    this.schema = buildSchema(meta);
    this.width = meta.registry.length;
    const w = new SessionBatchWriter({ compressionType: compression });
    w.reset(undefined, this.schema);
    w.finish();
    const all = w.toUint8Array(true);
    // The writer ends with EOS; the schema message is everything before it.
    this.schemaBytes = all.slice(0, all.length - EOS.length);
  }

  /** The schema message (starts the file). */
  header(): Uint8Array {
    return this.schemaBytes;
  }

  /**
   * One record batch message (no schema, no EOS), carrying `events` (those recorded since the
   * batch before) in its custom_metadata. A block of no rows is a batch of events alone.
   */
  batch(block: RowBlock, events: readonly SessionEvent[] = []): Uint8Array {
    if (block.values.length !== block.length * this.width)
      throw new Error(`row block holds ${block.values.length} values, expected ${block.length} x ${this.width}`);
    const w = new SessionBatchWriter({ compressionType: this.compression });
    w.write(toBatch(this.schema, this.width, block));
    w.finish();
    const all = w.toUint8Array(true);
    return withChecksum(all.subarray(this.schemaBytes.length, all.length - EOS.length), events);
  }
}

/**
 * The batch message again, its header now holding the CRC-32 of its body. The body is known
 * only once apache-arrow has compressed it, so the header is encoded a second time (~0.1 ms
 * per batch; the body bytes are copied, not recompressed).
 */
function withChecksum(msg: Uint8Array, events: readonly SessionEvent[]): Uint8Array {
  const dv = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  const metaLen = dv.getInt32(4, true);
  const body = msg.subarray(8 + metaLen);
  const m = Message.decode(msg.subarray(8, 8 + metaLen));
  const hex = (b: Uint8Array) => crc32(b).toString(16).padStart(8, '0');
  const metadata = new Map([[BATCH_CHECKSUM_KEY, hex(body)]]);
  if (events.length) {
    const json = JSON.stringify(events);
    metadata.set(EVENTS_KEY, json);
    metadata.set(EVENTS_CHECKSUM_KEY, hex(new TextEncoder().encode(json)));
  }
  const header = Message.encode(new Message(m.bodyLength, m.version, MessageHeader.RecordBatch, m.header(), metadata));
  const padded = (8 + header.length + 7) & ~7;
  const out = new Uint8Array(padded + body.length);
  const ov = new DataView(out.buffer);
  ov.setInt32(0, -1, true);
  ov.setInt32(4, padded - 8, true);
  out.set(header, 8);
  out.set(body, padded);
  return out;
}

/** Encode a whole in-memory session as one Arrow IPC stream (export, tests). */
export function encodeSession(
  data: SessionData,
  options: { compression?: CompressionType | null; batchRows?: number } = {},
): Uint8Array {
  const enc = new SessionStreamEncoder(
    data.meta,
    options.compression === undefined ? CompressionType.ZSTD : options.compression,
  );
  const parts: Uint8Array[] = [enc.header()];
  const rows = Math.max(1, options.batchRows ?? 4096);
  const width = data.meta.registry.length;
  // Each event goes with the first batch whose last sample is not before it (as the recorder
  // writes them: with the batch after them); those after the last sample, with the last batch.
  const events = data.events ?? [];
  let e = 0;
  if (data.length === 0 && events.length)
    parts.push(enc.batch({ length: 0, t: [], diagnostics: [], values: [] }, events));
  for (let a = 0; a < data.length; a += rows) {
    const b = Math.min(data.length, a + rows);
    const last = b === data.length ? Number.POSITIVE_INFINITY : (data.t[b - 1] as number);
    const from = e;
    while (e < events.length && (events[e] as SessionEvent).t <= last) e++;
    const values = new Float64Array((b - a) * width);
    for (let i = 0; i < width; i++) {
      const col = data.columns[i] as Float64Array;
      for (let r = a; r < b; r++) values[(r - a) * width + i] = col[r] as number;
    }
    parts.push(
      enc.batch(
        { length: b - a, t: data.t.subarray(a, b), diagnostics: data.diagnostics.subarray(a, b), values },
        events.slice(from, e),
      ),
    );
  }
  parts.push(EOS);
  return concat(parts);
}
