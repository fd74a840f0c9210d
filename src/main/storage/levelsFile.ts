import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { compress, decompress } from '@bokuweb/zstd-wasm';
import { crc32 } from '../../shared/session/crc32';
import { LEVEL_STEPS, type PointLayout } from '../../shared/session/levels';
import type { SessionMeta } from '../../shared/session/meta';

/*
 * The sidecar <name>.levels beside a session file <name>.arrow: what a reader needs to open a
 * time range without decoding the rest. A run of records, each [magic, type, payload length,
 * CRC-32 of the payload] then its payload:
 *   HEAD    JSON {format, version, id, metrics, width, steps}
 *   INDEX   per record batch of the session file: byte offset, bytes, samples, first and last time
 *   POINTS  a level's completed points (levels.ts' layout), ZSTD-compressed
 *   FACTS   JSON {closed, warnings}: what opening the whole file said (a library row needs it)
 *   TAIL    the session file's size, its samples, and each level's last (open) bucket
 * The recorder appends INDEX and POINTS as each batch reaches the disk and the TAIL when it
 * closes; an older file gets the whole sidecar built once, on first open, in a reader worker.
 * The sidecar is derived data: one that is missing, damaged (a CRC that fails, a record cut
 * off), or does not match its session file (another size) is rebuilt, never trusted.
 */

const MAGIC = 0x564c4754; // "TGLV"
const HEAD = 1;
const INDEX = 2;
const POINTS = 3;
const TAIL = 4;
const FACTS = 5;
const RECORD_HEADER = 16;
/** TAIL: file size, samples, first sample time, then the levels' open points. */
const TAIL_HEAD = 3;
export const LEVELS_VERSION = 1;
/** Doubles per INDEX entry. */
export const INDEX_WIDTH = 5;

export function levelsPath(file: string): string {
  return `${file.replace(/\.arrow$/i, '')}.levels`;
}

function record(type: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(RECORD_HEADER + payload.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, type, true);
  dv.setUint32(8, payload.length, true);
  dv.setUint32(12, crc32(payload), true);
  out.set(payload, RECORD_HEADER);
  return out;
}

const f64bytes = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export function headRecord(meta: SessionMeta, layout: PointLayout): Uint8Array {
  const json = {
    format: 'tidegauge-levels',
    version: LEVELS_VERSION,
    id: meta.id,
    metrics: layout.m,
    width: layout.width,
    steps: LEVEL_STEPS,
  };
  return record(HEAD, new TextEncoder().encode(JSON.stringify(json)));
}

/** INDEX entries: [offset, bytes, samples, first t, last t] each. */
export function indexRecord(entries: Float64Array): Uint8Array {
  return record(INDEX, f64bytes(entries));
}

export function pointsRecord(level: number, width: number, points: Float64Array): Uint8Array {
  const head = new Float64Array([level, points.length / width]);
  const body = points.length ? compress(f64bytes(points), 3) : new Uint8Array(0);
  const payload = new Uint8Array(16 + body.length);
  payload.set(f64bytes(head), 0);
  payload.set(body, 16);
  return record(POINTS, payload);
}

export function tailRecord(
  fileSize: number,
  rows: number,
  firstT: number,
  width: number,
  open: readonly (Float64Array | null)[],
): Uint8Array {
  const a = new Float64Array(TAIL_HEAD + open.length * (1 + width));
  a[0] = fileSize;
  a[1] = rows;
  a[2] = firstT;
  open.forEach((p, k) => {
    const o = TAIL_HEAD + k * (1 + width);
    a[o] = p ? 1 : 0;
    if (p) a.set(p, o + 1);
  });
  return record(TAIL, f64bytes(a));
}

/** What opening the whole file said: whether it was closed, and its warnings. */
export interface FileFacts {
  readonly closed: boolean;
  readonly warnings: readonly string[];
}

export function factsRecord(f: FileFacts): Uint8Array {
  return record(FACTS, new TextEncoder().encode(JSON.stringify({ closed: f.closed, warnings: f.warnings })));
}

/** A sidecar as read: its index and, per level, its points (decompressed when first asked for). */
export interface LevelsIndex {
  readonly fileSize: number;
  readonly rows: number;
  /** The first sample's time (NaN without samples). */
  readonly firstT: number;
  /** The last sample's time (the open bucket's; NaN without samples). */
  readonly lastT: number;
  readonly facts: FileFacts;
  /** INDEX entries of every record batch, in file order (INDEX_WIDTH doubles each). */
  readonly batches: Float64Array;
  /** Points of level k (completed buckets, then the last one). */
  points(k: number): Float64Array;
}

/** Why a sidecar cannot be used (it is then rebuilt), or the sidecar. */
export type LevelsRead = { ok: true; index: LevelsIndex } | { ok: false; why: string };

/**
 * Parse and check a sidecar against its session's metadata and file size. Every record's CRC
 * is checked; POINTS bodies are decompressed only for the level asked.
 */
export function parseLevels(bytes: Uint8Array, meta: SessionMeta, layout: PointLayout, fileSize: number): LevelsRead {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blobs: Uint8Array[][] = LEVEL_STEPS.map(() => []);
  const counts: number[][] = LEVEL_STEPS.map(() => []);
  const index: Float64Array[] = [];
  let head = false;
  let tail: Float64Array | null = null;
  let facts: FileFacts | null = null;
  let o = 0;
  while (o < bytes.length) {
    if (o + RECORD_HEADER > bytes.length) return { ok: false, why: `a record header is cut off at byte ${o}` };
    if (dv.getUint32(o, true) !== MAGIC) return { ok: false, why: `no record at byte ${o}` };
    const type = dv.getUint32(o + 4, true);
    const len = dv.getUint32(o + 8, true);
    const start = o + RECORD_HEADER;
    if (start + len > bytes.length) return { ok: false, why: `the record at byte ${o} is cut off` };
    if (crc32(bytes, start, start + len) !== dv.getUint32(o + 12, true))
      return { ok: false, why: `the record at byte ${o} fails its checksum` };
    const payload = bytes.subarray(start, start + len);
    // Copied so doubles are aligned whatever the record's offset.
    const f64 = () => new Float64Array(payload.slice().buffer);
    if (type === HEAD) {
      let h: { format?: unknown; version?: unknown; id?: unknown; metrics?: unknown; width?: unknown; steps?: unknown };
      try {
        h = JSON.parse(new TextDecoder().decode(payload));
      } catch {
        return { ok: false, why: 'its head does not parse' };
      }
      if (h.format !== 'tidegauge-levels' || h.version !== LEVELS_VERSION) return { ok: false, why: 'another format' };
      if (h.id !== meta.id || h.metrics !== layout.m || h.width !== layout.width)
        return { ok: false, why: 'made for another session' };
      if (JSON.stringify(h.steps) !== JSON.stringify(LEVEL_STEPS)) return { ok: false, why: 'other levels' };
      head = true;
    } else if (!head) return { ok: false, why: 'no head record first' };
    else if (type === INDEX) {
      if (len % (8 * INDEX_WIDTH)) return { ok: false, why: 'an index record of the wrong size' };
      index.push(f64());
    } else if (type === POINTS) {
      if (len < 16) return { ok: false, why: 'a points record of the wrong size' };
      const [level, n] = new Float64Array(payload.slice(0, 16).buffer) as unknown as [number, number];
      if (!(level >= 0 && level < LEVEL_STEPS.length) || !Number.isInteger(n) || n < 0)
        return { ok: false, why: 'a points record for no level' };
      (blobs[level] as Uint8Array[]).push(payload.subarray(16));
      (counts[level] as number[]).push(n);
    } else if (type === FACTS) {
      try {
        const f = JSON.parse(new TextDecoder().decode(payload)) as { closed?: unknown; warnings?: unknown };
        if (
          typeof f.closed !== 'boolean' ||
          !Array.isArray(f.warnings) ||
          !f.warnings.every((w) => typeof w === 'string')
        )
          return { ok: false, why: 'facts of the wrong shape' };
        facts = { closed: f.closed, warnings: f.warnings as string[] };
      } catch {
        return { ok: false, why: 'facts that do not parse' };
      }
    } else if (type === TAIL) {
      tail = f64();
      if (tail.length !== TAIL_HEAD + LEVEL_STEPS.length * (1 + layout.width))
        return { ok: false, why: 'a tail of the wrong size' };
    } else return { ok: false, why: `a record of unknown type ${type}` };
    o = start + len;
  }
  if (!tail || !facts) return { ok: false, why: 'no tail (the recording did not close it)' };
  if (tail[0] !== fileSize) return { ok: false, why: `made for a file of ${tail[0]} bytes, this one has ${fileSize}` };
  const batches = new Float64Array(index.reduce((n, a) => n + a.length, 0));
  let p = 0;
  for (const a of index) {
    batches.set(a, p);
    p += a.length;
  }
  let rows = 0;
  for (let k = 0; k < batches.length; k += INDEX_WIDTH) {
    // Back to back, in time order: anything else is not this file's layout.
    if (k > 0 && batches[k] !== (batches[k - INDEX_WIDTH] as number) + (batches[k - INDEX_WIDTH + 1] as number))
      return { ok: false, why: 'its index has batches that are not back to back' };
    rows += batches[k + 2] as number;
  }
  const tailRows = tail[1] as number;
  if (batches.length && rows !== tailRows) return { ok: false, why: 'its index and tail disagree on the samples' };
  const cache = new Map<number, Float64Array>();
  const w = layout.width;
  const t = tail;
  const points = (k: number): Float64Array => {
    const hit = cache.get(k);
    if (hit) return hit;
    const bs = blobs[k] ?? [];
    const ns = counts[k] ?? [];
    const openAt = TAIL_HEAD + k * (1 + w);
    const open = t[openAt] === 1;
    const total = ns.reduce((a, b) => a + b, 0) + (open ? 1 : 0);
    const out = new Float64Array(total * w);
    let q = 0;
    bs.forEach((b, j) => {
      const n = ns[j] as number;
      if (n === 0) return;
      const raw = decompress(b, { defaultHeapSize: n * w * 8 });
      if (raw.length !== n * w * 8) throw new Error(`a points record holds ${raw.length} bytes, not ${n * w * 8}`);
      out.set(new Float64Array(raw.slice().buffer), q);
      q += n * w;
    });
    if (open) out.set(t.subarray(openAt + 1, openAt + 1 + w), q);
    cache.set(k, out);
    return out;
  };
  const lastT = t[TAIL_HEAD] === 1 ? (t[TAIL_HEAD + 1] as number) : Number.NaN;
  return { ok: true, index: { fileSize, rows: tailRows, firstT: tail[2] as number, lastT, facts, batches, points } };
}

/** Read a sidecar; any problem (none there, damaged, stale, a points body that does not decompress) is a reason. */
export async function readLevels(
  file: string,
  meta: SessionMeta,
  layout: PointLayout,
  fileSize: number,
): Promise<LevelsRead> {
  let bytes: Buffer;
  try {
    bytes = await readFile(levelsPath(file));
  } catch {
    return { ok: false, why: 'none there' };
  }
  // Every record's CRC is checked here; points are decompressed when a level is asked for.
  return parseLevels(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), meta, layout, fileSize);
}

/** Write a whole sidecar at once (a build), atomically: a reader sees the old one or the new one. */
export async function writeLevels(file: string, records: readonly Uint8Array[]): Promise<void> {
  const path = levelsPath(file);
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, Buffer.concat(records));
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

/**
 * Appends a sidecar as a recording goes. A write that fails drops the sidecar (it is derived
 * and rebuilt on first open): it must never stop the recording.
 */
export class LevelsAppender {
  private fd: number | null = null;
  private pos = 0;

  constructor(readonly file: string) {
    const path = levelsPath(file);
    try {
      this.fd = openSync(`${path}.part`, 'w');
    } catch {
      this.fd = null;
    }
  }

  append(rec: Uint8Array): void {
    if (this.fd === null) return;
    try {
      for (let o = 0; o < rec.length; ) {
        const n = writeSync(this.fd, rec, o, rec.length - o, this.pos + o);
        if (n <= 0) throw new Error('no progress');
        o += n;
      }
      this.pos += rec.length;
    } catch {
      this.drop();
    }
  }

  /** The sidecar is whole: it takes its real name (until then no reader trusts a part). */
  finish(): void {
    if (this.fd === null) return;
    const path = levelsPath(this.file);
    try {
      closeSync(this.fd);
      this.fd = null;
      renameSync(`${path}.part`, path);
    } catch {
      this.drop();
    }
  }

  drop(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = null;
    }
    try {
      unlinkSync(`${levelsPath(this.file)}.part`);
    } catch {
      // not there
    }
  }
}
