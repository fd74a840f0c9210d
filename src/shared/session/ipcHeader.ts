/*
 * Arrow IPC message headers read with every offset and vector length checked against the
 * header's own bytes. apache-arrow's decoder trusts them: a header with one byte inserted can
 * declare a vector of two billion field nodes, and decoding it loops until memory runs out.
 * A header that passes here has only in-bounds vectors, so apache-arrow may decode it after.
 * Layouts: format/Message.fbs and format/Schema.fbs of the Arrow project.
 */

/** What is wrong with a message header; `at` is the byte inside the header. */
export class HeaderError extends Error {}

/** MessageHeader union tags (Message.fbs). */
export const HEADER_SCHEMA = 1;
export const HEADER_RECORD_BATCH = 3;
/** Type union tags (Schema.fbs) that hold a string or vector apache-arrow reads. */
const TYPE_TIMESTAMP = 10;
const TYPE_UNION = 14;
/** Nested fields deeper than this are refused (sessions hold none; flat tables from other tools, few). */
const MAX_DEPTH = 32;

/** A little-endian int64 as a number (exact below 2^53; larger ones are refused by the callers). */
function int64(dv: DataView, p: number): number {
  return dv.getUint32(p, true) + dv.getInt32(p + 4, true) * 2 ** 32;
}

class Table {
  constructor(
    readonly r: Reader,
    readonly pos: number,
    private readonly vt: number,
    private readonly vtSize: number,
  ) {}
  /** Position of field `slot`, or 0 when it is absent. */
  field(slot: number, size: number): number {
    const k = 4 + 2 * slot;
    if (k + 2 > this.vtSize) return 0;
    const off = this.r.u16(this.vt + k);
    if (off === 0) return 0;
    this.r.need(this.pos + off, size, 'a field');
    return this.pos + off;
  }
  int(slot: number, size: 1 | 2 | 4 | 8, dflt = 0): number {
    const p = this.field(slot, size);
    if (!p) return dflt;
    const dv = this.r.dv;
    if (size === 1) return dv.getInt8(p);
    if (size === 2) return dv.getInt16(p, true);
    if (size === 4) return dv.getInt32(p, true);
    return int64(dv, p);
  }
  table(slot: number): Table | null {
    const p = this.field(slot, 4);
    return p ? this.r.table(p + this.r.u32(p)) : null;
  }
  /** [start, length] of a vector of `elem`-byte elements (a string is a vector of bytes). */
  vector(slot: number, elem: number): [number, number] | null {
    const p = this.field(slot, 4);
    if (!p) return null;
    const v = p + this.r.u32(p);
    const n = this.r.u32(v);
    this.r.need(v + 4, n * elem, `a vector of ${n} elements`);
    return [v + 4, n];
  }
  tables(slot: number): Table[] {
    const v = this.vector(slot, 4);
    if (!v) return [];
    const out: Table[] = [];
    for (let i = 0; i < v[1]; i++) {
      const e = v[0] + 4 * i;
      out.push(this.r.table(e + this.r.u32(e)));
    }
    return out;
  }
  string(slot: number): string | null {
    const v = this.vector(slot, 1);
    return v ? new TextDecoder().decode(this.r.b.subarray(v[0], v[0] + v[1])) : null;
  }
}

class Reader {
  readonly dv: DataView;
  constructor(readonly b: Uint8Array) {
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  need(at: number, size: number, what: string): void {
    if (at < 0 || size < 0 || at + size > this.b.length)
      throw new HeaderError(`${what} at byte ${at} of the header runs past its ${this.b.length} bytes`);
  }
  u16(at: number): number {
    this.need(at, 2, 'an offset');
    return this.dv.getUint16(at, true);
  }
  u32(at: number): number {
    this.need(at, 4, 'an offset');
    return this.dv.getUint32(at, true);
  }
  table(at: number): Table {
    this.need(at, 4, 'a table');
    const vt = at - this.dv.getInt32(at, true);
    const vtSize = this.u16(vt);
    if (vtSize < 4 || vtSize & 1) throw new HeaderError(`a table at byte ${at} has a bad layout`);
    this.need(vt, vtSize, 'a table layout');
    return new Table(this, at, vt, vtSize);
  }
}

export interface FieldNodeInfo {
  readonly length: number;
  readonly nullCount: number;
}
export interface BufferInfo {
  readonly offset: number;
  readonly length: number;
}
export interface RecordBatchInfo {
  readonly rows: number;
  readonly nodes: readonly FieldNodeInfo[];
  readonly buffers: readonly BufferInfo[];
  /** 0 LZ4_FRAME, 1 ZSTD, null uncompressed. */
  readonly codec: number | null;
}
export interface MessageInfo {
  /** MessageHeader tag: HEADER_SCHEMA, HEADER_RECORD_BATCH, ... */
  readonly type: number;
  readonly bodyLength: number;
  /** The message's custom_metadata (record batches carry their checksum here). */
  readonly metadata: ReadonlyMap<string, string>;
  /** For record batches. */
  readonly batch: RecordBatchInfo | null;
  /** For schemas: the number of top-level fields and the schema's custom_metadata. */
  readonly schema: { readonly fields: number; readonly metadata: ReadonlyMap<string, string> } | null;
}

function keyValues(t: Table, slot: number): Map<string, string> {
  const m = new Map<string, string>();
  for (const kv of t.tables(slot)) {
    const k = kv.string(0);
    if (k !== null) m.set(k, kv.string(1) ?? '');
  }
  return m;
}

function safeInt(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new HeaderError(`${what} is ${n}`);
  return n;
}

/** A vector of 16-byte structs of two int64s (FieldNode, Buffer), each a non-negative safe integer. */
function structs<T>(t: Table, slot: number, what: string, make: (a: number, b: number) => T): T[] {
  const v = t.vector(slot, 16);
  if (!v) return [];
  const dv = t.r.dv;
  const out: T[] = new Array(v[1]);
  for (let i = 0; i < v[1]; i++) {
    const p = v[0] + 16 * i;
    const a = int64(dv, p);
    const b = int64(dv, p + 8);
    if (!(a >= 0 && b >= 0 && a <= Number.MAX_SAFE_INTEGER && b <= Number.MAX_SAFE_INTEGER))
      throw new HeaderError(`${what} ${i} holds ${a}, ${b}`);
    out[i] = make(a, b);
  }
  return out;
}

/** Walk a field and its children, checking every string and vector apache-arrow will read. */
function checkField(f: Table, depth: number, budget: { left: number }): void {
  if (depth > MAX_DEPTH) throw new HeaderError(`fields nested more than ${MAX_DEPTH} deep`);
  if (--budget.left < 0) throw new HeaderError('more fields than a session can hold');
  f.string(0);
  const typeType = f.int(2, 1) & 0xff;
  const type = f.table(3);
  if (type && typeType === TYPE_TIMESTAMP) type.string(1);
  if (type && typeType === TYPE_UNION) type.vector(1, 4);
  const dict = f.table(4);
  if (dict) dict.table(1);
  keyValues(f, 6);
  for (const c of f.tables(5)) checkField(c, depth + 1, budget);
}

/**
 * Read a message header (the flatbuffer after the length prefix) with every offset checked.
 * `maxFields` bounds a schema's fields, children included.
 */
export function readMessageHeader(bytes: Uint8Array, maxFields: number): MessageInfo {
  const r = new Reader(bytes);
  const msg = r.table(r.u32(0));
  const type = msg.int(1, 1) & 0xff;
  const bodyLength = safeInt(msg.int(3, 8), 'the body length');
  const metadata = keyValues(msg, 4);
  const header = msg.table(2);
  let batch: RecordBatchInfo | null = null;
  let schema: MessageInfo['schema'] = null;
  if (type === HEADER_RECORD_BATCH) {
    if (!header) throw new HeaderError('a record batch message without its header');
    const compression = header.table(3);
    header.vector(4, 8);
    batch = {
      rows: safeInt(header.int(0, 8), 'the row count'),
      nodes: structs(header, 1, 'field node', (length, nullCount) => ({ length, nullCount })),
      buffers: structs(header, 2, 'buffer', (offset, length) => ({ offset, length })),
      codec: compression ? compression.int(0, 1) : null,
    };
  } else if (type === HEADER_SCHEMA) {
    if (!header) throw new HeaderError('a schema message without its header');
    const fields = header.tables(1);
    const budget = { left: maxFields };
    for (const f of fields) checkField(f, 0, budget);
    header.vector(3, 8);
    schema = { fields: fields.length, metadata: keyValues(header, 2) };
  }
  return { type, bodyLength, metadata, batch, schema };
}
