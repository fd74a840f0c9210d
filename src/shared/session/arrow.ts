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
  RecordBatchStreamReader,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  TimestampMillisecond,
  Type,
} from 'apache-arrow';
import { ColumnBuilder, type SessionData } from './data';
import {
  DIAGNOSTICS_FIELD,
  FIELD_KIND_KEY,
  FIELD_UNIT_KEY,
  META_KEY,
  parseSessionMeta,
  type SessionMeta,
  TIME_FIELD,
} from './meta';

/*
 * A session file is an Apache Arrow IPC *stream*: a schema message (SessionMeta JSON in its
 * custom_metadata) then record batches of [t: Timestamp(ms, UTC), diagnostics: Bool, one
 * nullable Float64 column per metric], then an end-of-stream marker when closed cleanly.
 * Batch bodies are ZSTD-compressed (Arrow's own body compression, which pyarrow, polars and
 * DuckDB read); the codec is registered by the host (src/main/host/zstd.ts).
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
/** First bytes of an Arrow IPC *file* (random-access format), which we also read. */
const FILE_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"

/** Thrown by the readers: what is wrong with the bytes (the caller adds the file name). */
export class SessionFormatError extends Error {}

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
  return new Schema(fields, new Map([[META_KEY, JSON.stringify(meta)]]));
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
    t[r] = BigInt(Math.round(block.t[r] as number));
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

  /** One record batch message (no schema, no EOS). */
  batch(block: RowBlock): Uint8Array {
    if (block.values.length !== block.length * this.width)
      throw new Error(`row block holds ${block.values.length} values, expected ${block.length} x ${this.width}`);
    const w = new SessionBatchWriter({ compressionType: this.compression });
    w.write(toBatch(this.schema, this.width, block));
    w.finish();
    const all = w.toUint8Array(true);
    const h = this.schemaBytes.length;
    return all.slice(h, all.length - EOS.length);
  }
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
  for (let a = 0; a < data.length; a += rows) {
    const b = Math.min(data.length, a + rows);
    const values = new Float64Array((b - a) * width);
    for (let i = 0; i < width; i++) {
      const col = data.columns[i] as Float64Array;
      for (let r = a; r < b; r++) values[(r - a) * width + i] = col[r] as number;
    }
    parts.push(
      enc.batch({ length: b - a, t: data.t.subarray(a, b), diagnostics: data.diagnostics.subarray(a, b), values }),
    );
  }
  parts.push(EOS);
  return concat(parts);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface MessageSpan {
  readonly offset: number;
  /** Bytes of the whole message: prefix + metadata + body. */
  readonly size: number;
  readonly type: MessageHeader;
  /** Rows, for record batches. */
  readonly rows: number;
}

export interface StreamScan {
  /** Byte offset where the stream starts (8 for the Arrow file format). */
  readonly start: number;
  readonly messages: readonly MessageSpan[];
  /** Offset just after the last complete message (or the EOS marker). */
  readonly end: number;
  /** True when an EOS marker closed the stream. */
  readonly closed: boolean;
  /** Why the scan stopped before the end of the bytes, if it did. */
  readonly problem: string | null;
}

function isArrowFileFormat(b: Uint8Array): boolean {
  return b.length >= 8 && FILE_MAGIC.every((x, i) => b[i] === x);
}

/** True if the bytes look like an Arrow IPC stream or file (for format sniffing). */
export function looksLikeArrow(b: Uint8Array): boolean {
  return isArrowFileFormat(b) || (b.length >= 4 && b[0] === 0xff && b[1] === 0xff && b[2] === 0xff && b[3] === 0xff);
}

/**
 * Walk the message frames without decoding bodies. Stops at the first frame that is cut
 * short or does not parse, and says why: a recording killed mid-write ends that way.
 */
export function scanStream(bytes: Uint8Array): StreamScan {
  const start = isArrowFileFormat(bytes) ? 8 : 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const messages: MessageSpan[] = [];
  let o = start;
  let problem: string | null = null;
  let closed = false;
  while (o < bytes.length) {
    if (o + 8 > bytes.length) {
      problem = `the last ${bytes.length - o} bytes are a message header that is cut off`;
      break;
    }
    let metaLen = view.getInt32(o, true);
    let prefix = 4;
    if (metaLen === -1) {
      metaLen = view.getInt32(o + 4, true);
      prefix = 8;
    }
    if (metaLen === 0) {
      closed = true;
      o += prefix;
      break;
    }
    if (metaLen < 0 || metaLen > 16 * 1024 * 1024) {
      problem = `bad message length ${metaLen} at byte ${o}`;
      break;
    }
    if (o + prefix + metaLen > bytes.length) {
      problem = `the message at byte ${o} is cut off (${bytes.length - o} of at least ${prefix + metaLen} bytes)`;
      break;
    }
    let msg: Message;
    try {
      msg = Message.decode(bytes.subarray(o + prefix, o + prefix + metaLen));
    } catch (e) {
      problem = `the message at byte ${o} does not parse (${(e as Error).message})`;
      break;
    }
    const body = Number(msg.bodyLength);
    if (!Number.isSafeInteger(body) || body < 0) {
      problem = `the message at byte ${o} declares a body of ${String(msg.bodyLength)} bytes`;
      break;
    }
    const size = prefix + metaLen + body;
    if (o + size > bytes.length) {
      problem = `the message at byte ${o} is cut off (${bytes.length - o} of ${size} bytes)`;
      break;
    }
    let rows = 0;
    if (msg.headerType === MessageHeader.RecordBatch) {
      rows = Number((msg.header() as { length: number | bigint }).length);
      if (!Number.isSafeInteger(rows) || rows < 0) {
        problem = `the record batch at byte ${o} declares ${rows} rows`;
        break;
      }
    }
    messages.push({ offset: o, size, type: msg.headerType, rows });
    o += size;
  }
  return { start, messages, end: o, closed, problem };
}

export interface DecodedSession {
  readonly data: SessionData;
  /** Things a user should know (a cut-off tail that was left out, ...). */
  readonly warnings: string[];
  /** Bytes of the stream made of complete messages (a repair truncates to here). */
  readonly validBytes: number;
  readonly closed: boolean;
}

/** The SessionMeta of a session stream, from its schema message alone. */
export function readMeta(bytes: Uint8Array): SessionMeta {
  const scan = scanStream(bytes);
  return schemaMeta(bytes, scan).meta;
}

function schemaMeta(bytes: Uint8Array, scan: StreamScan): { schema: Schema; meta: SessionMeta } {
  const first = scan.messages[0];
  if (!first) {
    if (bytes.length === 0) throw new SessionFormatError('the file is empty');
    if (!looksLikeArrow(bytes))
      throw new SessionFormatError('not an Arrow IPC stream (it does not start with an Arrow message)');
    throw new SessionFormatError(`no complete Arrow message: ${scan.problem ?? 'no schema'}`);
  }
  if (first.type !== MessageHeader.Schema)
    throw new SessionFormatError('the Arrow stream does not start with a schema message');
  const prefix = new DataView(bytes.buffer, bytes.byteOffset + first.offset).getInt32(0, true) === -1 ? 8 : 4;
  const metaLen = first.size - prefix;
  let schema: Schema;
  try {
    const msg = Message.decode(bytes.subarray(first.offset + prefix, first.offset + prefix + metaLen));
    schema = msg.header() as Schema;
  } catch (e) {
    throw new SessionFormatError(`the schema message does not parse (${(e as Error).message})`);
  }
  const json = schema.metadata.get(META_KEY);
  if (json === undefined)
    throw new SessionFormatError(
      `an Arrow stream but not a Tidegauge session: the schema has no "${META_KEY}" metadata (import a table with \`tidegauge import\`)`,
    );
  const parsed = parseSessionMeta(json);
  if (!parsed.ok) throw new SessionFormatError(parsed.error);
  const meta = parsed.meta;
  checkFields(schema, meta);
  return { schema, meta };
}

function checkFields(schema: Schema, meta: SessionMeta): void {
  const f = schema.fields;
  const want = meta.registry.length + 2;
  if (f.length !== want)
    throw new SessionFormatError(
      `the schema has ${f.length} columns but its registry lists ${meta.registry.length} metrics (+ ${TIME_FIELD}, ${DIAGNOSTICS_FIELD})`,
    );
  if (f[0]?.name !== TIME_FIELD || f[0].typeId !== Type.Timestamp)
    throw new SessionFormatError(
      `column 0 must be "${TIME_FIELD}" of type timestamp, found "${f[0]?.name}" (${f[0]?.type})`,
    );
  if (f[1]?.name !== DIAGNOSTICS_FIELD || f[1].typeId !== Type.Bool)
    throw new SessionFormatError(
      `column 1 must be "${DIAGNOSTICS_FIELD}" of type bool, found "${f[1]?.name}" (${f[1]?.type})`,
    );
  meta.registry.forEach((e, i) => {
    const field = f[i + 2];
    if (field?.name !== e.name)
      throw new SessionFormatError(`column ${i + 2} is "${field?.name}" but registry entry ${i} is "${e.name}"`);
    if (field.typeId !== Type.Float)
      throw new SessionFormatError(`column "${e.name}" must be float64, found ${field.type}`);
  });
}

const MAX_ROWS = 50_000_000;

/**
 * Decode a session stream into columns. A stream cut off mid-message (a recording that was
 * killed) is read up to its last complete batch, with a warning; anything that is not a
 * session at all throws SessionFormatError saying what is wrong.
 */
export function decodeSession(bytes: Uint8Array, options: { shared?: boolean } = {}): DecodedSession {
  const scan = scanStream(bytes);
  const { meta } = schemaMeta(bytes, scan);
  const warnings: string[] = [];
  if (scan.problem) warnings.push(`${scan.problem}; read up to the last complete record batch`);
  const batches = scan.messages.slice(1);
  const other = batches.find((m) => m.type !== MessageHeader.RecordBatch);
  if (other) throw new SessionFormatError(`unexpected ${MessageHeader[other.type]} message at byte ${other.offset}`);
  const totalRows = batches.reduce((n, m) => n + m.rows, 0);
  if (totalRows > MAX_ROWS)
    throw new SessionFormatError(`declares ${totalRows} samples, more than the limit of ${MAX_ROWS}`);
  const width = meta.registry.length;
  const out = new ColumnBuilder(width, Math.max(1, totalRows), options.shared === true);
  const valid = bytes.subarray(scan.start, scan.end);
  let validBytes = scan.end;
  if (batches.length > 0) {
    let k = 0;
    try {
      const reader = RecordBatchStreamReader.from(valid);
      for (const batch of reader) {
        const span = batches[k] as MessageSpan;
        const n = batch.numRows;
        if (n !== span.rows || batch.numCols !== width + 2)
          throw new SessionFormatError(
            `has ${n} rows x ${batch.numCols} columns, expected ${span.rows} x ${width + 2}`,
          );
        const cols: Float64Array[] = [];
        for (let c = 0; c < width + 2; c++) {
          const v = batch.getChildAt(c);
          const d = v?.data[0];
          if (v?.data.length !== 1 || !d || d.length !== n)
            throw new SessionFormatError(`column ${c} has ${v?.length ?? 0} values, expected ${n}`);
          if (c < 2) continue;
          const values = d.values as Float64Array;
          if (!(values instanceof Float64Array) || values.length < d.offset + n)
            throw new SessionFormatError(`column ${c} holds ${values.length} doubles, expected ${n}`);
          let col = values.subarray(d.offset, d.offset + n);
          if (d.nullCount > 0) {
            col = Float64Array.from(col);
            for (let r = 0; r < n; r++) if (!d.getValid(r)) col[r] = Number.NaN;
          }
          cols.push(col);
        }
        const tv = batch.getChildAt(0)?.data[0]?.values as BigInt64Array | Int32Array;
        const t = new Float64Array(n);
        if (tv instanceof BigInt64Array) for (let r = 0; r < n; r++) t[r] = Number(tv[r]);
        else if (tv instanceof Int32Array && tv.length >= 2 * n)
          // Older builds hand 64-bit values as pairs of 32-bit words (low, high).
          for (let r = 0; r < n; r++) t[r] = ((tv[2 * r] as number) >>> 0) + (tv[2 * r + 1] as number) * 2 ** 32;
        else throw new SessionFormatError(`the ${TIME_FIELD} column is not 64-bit`);
        const dcol = batch.getChildAt(1);
        const diag = new Uint8Array(n);
        const dd = dcol?.data.length === 1 ? dcol.data[0] : undefined;
        if (dd && dd.nullCount === 0 && dd.values instanceof Uint8Array && dd.values.length * 8 >= dd.offset + n) {
          // The bitmap itself (Vector.get per row was a visible share of decoding a day).
          const bits = dd.values;
          const o = dd.offset;
          for (let r = 0; r < n; r++) diag[r] = ((bits[(o + r) >> 3] as number) >> ((o + r) & 7)) & 1;
        } else for (let r = 0; r < n; r++) diag[r] = dcol?.get(r) === true ? 1 : 0;
        out.appendBlock(n, t, diag, cols);
        k++;
      }
    } catch (e) {
      const at = batches[k];
      const why = e instanceof SessionFormatError ? e.message : `cannot be decoded (${(e as Error).message})`;
      warnings.push(
        `record batch ${k}${at ? ` at byte ${at.offset}` : ''} ${why}; kept the ${out.length} samples before it`,
      );
      validBytes = at ? at.offset : scan.end;
    }
  }
  return { data: out.build(meta), warnings, validBytes, closed: scan.closed && validBytes === scan.end };
}
