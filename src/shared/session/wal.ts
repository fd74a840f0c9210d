/*
 * The recording journal (<id>.wal beside <id>.arrow). Arrow batches are written every ~15
 * minutes of samples (small batches would cost ~5 KB of metadata each); the journal holds the
 * samples since the last batch, appended every ~1 s, so a killed recorder loses at most the
 * last second. Fixed-size frames with a CRC: a torn last frame is simply not counted.
 *
 * Layout, little-endian:
 *   header: "TGWAL1\0\0" | u32 width | u32 jsonLength | JSON {id, pid, startedAt, procStart?} | zero pad to 8
 *   frame:  u32 FRAME_MAGIC | u32 row | f64 t | u32 diagnostics | u32 crc32(row..values) | f64 x width
 *   event:  u32 EVENT_MAGIC | u32 jsonLength | u32 crc32(jsonLength..json) | u32 0 | JSON SessionEvent | zero pad to 8
 * Event frames (an alert, an outage, a diagnostics switch) sit between sample frames in the
 * order they happened; like the samples, they are the ones not yet in an Arrow batch.
 * `row` is the sample's index in the whole session; rows already in the Arrow file are skipped
 * on recovery (the journal is cut back after each batch is written, so at most one batch's
 * worth can be duplicated by a crash in between).
 */

import { z } from 'zod';
import { crc32 } from './crc32';
import { MAX_SESSION_EVENTS, type SessionEvent, SessionEventSchema } from './events';
import { describeIssues } from './meta';

const MAGIC = [0x54, 0x47, 0x57, 0x41, 0x4c, 0x31, 0, 0]; // TGWAL1\0\0
const FRAME_MAGIC = 0x46574754; // "TGWF"
const FRAME_HEADER = 24;
const EVENT_MAGIC = 0x45574754; // "TGWE"
const EVENT_HEADER = 16;
/** An event frame's JSON is one event (text ≤ 500 characters): more is damage. */
const MAX_EVENT_JSON = 8192;

export const WalInfoSchema = z.object({
  id: z.string().min(1).max(200),
  pid: z.number().int().nonnegative(),
  startedAt: z.number(),
  /**
   * When the writing process started, as its platform tells it (Linux: boot id and start
   * time), so a pid reused by another process is not taken for the writer. Absent elsewhere.
   */
  procStart: z.string().max(100).optional(),
});
export type WalInfo = z.infer<typeof WalInfoSchema>;

export interface WalRow {
  readonly row: number;
  readonly t: number;
  readonly diagnostics: boolean;
  readonly values: Float64Array;
}

export { crc32 };

export function walFrameSize(width: number): number {
  return FRAME_HEADER + 8 * width;
}

export function encodeWalHeader(width: number, info: WalInfo): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(info));
  const len = (16 + json.length + 7) & ~7;
  const out = new Uint8Array(len);
  out.set(MAGIC, 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(8, width, true);
  dv.setUint32(12, json.length, true);
  out.set(json, 16);
  return out;
}

/** Encode rows into `out` (which must hold rows.length frames); returns the bytes written. */
export function encodeWalFrames(
  width: number,
  rows: number,
  firstRow: number,
  t: ArrayLike<number>,
  diag: ArrayLike<number>,
  values: ArrayLike<number>,
  out: Uint8Array,
): number {
  const size = walFrameSize(width);
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let r = 0; r < rows; r++) {
    const o = r * size;
    dv.setUint32(o, FRAME_MAGIC, true);
    dv.setUint32(o + 4, firstRow + r, true);
    dv.setFloat64(o + 8, t[r] as number, true);
    dv.setUint32(o + 16, diag[r] ? 1 : 0, true);
    for (let i = 0; i < width; i++) dv.setFloat64(o + FRAME_HEADER + 8 * i, values[r * width + i] as number, true);
    // CRC over everything in the frame but the magic and the CRC itself.
    const c1 = crc32(out, o + 4, o + 20);
    const c2 = crc32(out, o + FRAME_HEADER, o + size);
    dv.setUint32(o + 20, (c1 ^ c2) >>> 0, true);
  }
  return rows * size;
}

/** One event as a journal frame. */
export function encodeWalEvent(event: SessionEvent): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(event));
  if (json.length > MAX_EVENT_JSON) throw new RangeError(`event of ${json.length} bytes, more than ${MAX_EVENT_JSON}`);
  const out = new Uint8Array((EVENT_HEADER + json.length + 7) & ~7);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, EVENT_MAGIC, true);
  dv.setUint32(4, json.length, true);
  out.set(json, EVENT_HEADER);
  dv.setUint32(8, (crc32(out, 4, 8) ^ crc32(out, EVENT_HEADER, EVENT_HEADER + json.length)) >>> 0, true);
  return out;
}

/** Bytes of the journal that hold no good frame. */
export interface WalDamage {
  readonly start: number;
  readonly end: number;
  /** Frames that fit in those bytes (at least one): what was lost there. */
  readonly frames: number;
}

export interface DecodedWal {
  readonly info: WalInfo;
  readonly width: number;
  /** Every frame whose CRC holds, in file order (the journal is in row order unless damaged). */
  readonly rows: WalRow[];
  /** Every event frame whose CRC holds and whose event is valid, in file order. */
  readonly events: SessionEvent[];
  /** Event frames whose CRC holds but whose event is not one (what is wrong, by field). */
  readonly badEvents: readonly string[];
  /** Offset just after the last good frame. */
  readonly validBytes: number;
  /** What could not be read, in file order; a torn last frame (normal after a crash) is the last entry. */
  readonly damaged: readonly WalDamage[];
  /** Frames lost in `damaged`, summed. */
  readonly lostFrames: number;
  /** One line for the user, or null when every byte was read. */
  readonly problem: string | null;
}

/** A journal whose header could not be read, its frames found by their magic and CRC alone. */
export interface SalvagedWal extends Omit<DecodedWal, 'info'> {
  readonly info: null;
  /** Why the header is unusable. */
  readonly header: string;
}

export class WalFormatError extends Error {}

function frameOk(b: Uint8Array, dv: DataView, o: number, size: number): boolean {
  if (o + size > b.length || dv.getUint32(o, true) !== FRAME_MAGIC) return false;
  const crc = (crc32(b, o + 4, o + 20) ^ crc32(b, o + FRAME_HEADER, o + size)) >>> 0;
  return dv.getUint32(o + 20, true) === crc;
}

/** The size of the good event frame at o, or 0. */
function eventFrameAt(b: Uint8Array, dv: DataView, o: number): number {
  if (o + EVENT_HEADER > b.length || dv.getUint32(o, true) !== EVENT_MAGIC) return 0;
  const len = dv.getUint32(o + 4, true);
  if (len > MAX_EVENT_JSON || o + EVENT_HEADER + len > b.length) return 0;
  const crc = (crc32(b, o + 4, o + 8) ^ crc32(b, o + EVENT_HEADER, o + EVENT_HEADER + len)) >>> 0;
  if (dv.getUint32(o + 8, true) !== crc) return 0;
  return Math.min(b.length - o, (EVENT_HEADER + len + 7) & ~7);
}

// "TG" then "WF" (a sample frame) or "WE" (an event frame), little-endian.
const MAGIC_BYTES = [0x54, 0x47, 0x57];

/** The next offset from `from` on where a good frame (samples or an event) starts, or -1. */
function nextFrame(b: Uint8Array, dv: DataView, from: number, size: number): number {
  for (let p = b.indexOf(MAGIC_BYTES[0] as number, from); p >= 0; p = b.indexOf(MAGIC_BYTES[0] as number, p + 1)) {
    if (p + EVENT_HEADER > b.length) return -1;
    if (b[p + 1] !== MAGIC_BYTES[1] || b[p + 2] !== MAGIC_BYTES[2]) continue;
    if ((b[p + 3] === 0x46 && frameOk(b, dv, p, size)) || (b[p + 3] === 0x45 && eventFrameAt(b, dv, p) > 0)) return p;
  }
  return -1;
}

/** The event in a good event frame, or what is wrong with it. */
function readEvent(b: Uint8Array, dv: DataView, o: number): SessionEvent | string {
  const len = dv.getUint32(o + 4, true);
  try {
    const r = SessionEventSchema.safeParse(
      JSON.parse(new TextDecoder().decode(b.subarray(o + EVENT_HEADER, o + EVENT_HEADER + len))),
    );
    return r.success ? r.data : `the event at byte ${o}: ${describeIssues(r.error, 'event')}`;
  } catch (e) {
    return `the event at byte ${o} is not valid JSON (${(e as Error).message})`;
  }
}

/**
 * Every good frame from byte `o` on: after a bad one, the next good frame is looked for byte
 * by byte (bytes may have been lost or inserted), so one bad byte costs one sample.
 */
function readFrames(b: Uint8Array, o: number, width: number): Omit<DecodedWal, 'info' | 'width' | 'problem'> {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const size = walFrameSize(width);
  const rows: WalRow[] = [];
  const events: SessionEvent[] = [];
  const badEvents: string[] = [];
  const damaged: WalDamage[] = [];
  let validBytes = o;
  while (o < b.length) {
    let p = o;
    if (!frameOk(b, dv, o, size) && eventFrameAt(b, dv, o) === 0) {
      p = nextFrame(b, dv, o + 1, size);
      const end = p < 0 ? b.length : p;
      damaged.push({ start: o, end, frames: Math.max(1, Math.round((end - o) / size)) });
      if (p < 0) break;
    }
    const eventSize = dv.getUint32(p, true) === EVENT_MAGIC ? eventFrameAt(b, dv, p) : 0;
    if (eventSize > 0) {
      const e = readEvent(b, dv, p);
      if (typeof e === 'string') badEvents.push(e);
      else if (events.length < MAX_SESSION_EVENTS) events.push(e);
      o = validBytes = p + eventSize;
      continue;
    }
    const values = new Float64Array(width);
    for (let i = 0; i < width; i++) values[i] = dv.getFloat64(p + FRAME_HEADER + 8 * i, true);
    rows.push({
      row: dv.getUint32(p + 4, true),
      t: dv.getFloat64(p + 8, true),
      diagnostics: dv.getUint32(p + 16, true) === 1,
      values,
    });
    o = validBytes = p + size;
  }
  return { rows, events, badEvents, validBytes, damaged, lostFrames: damaged.reduce((n, d) => n + d.frames, 0) };
}

function damageSummary(damaged: readonly WalDamage[], size: number, length: number): string | null {
  if (!damaged.length) return null;
  const last = damaged[damaged.length - 1] as WalDamage;
  const torn = last.end === length && last.end - last.start < size;
  const parts = damaged.map((d) =>
    torn && d === last
      ? `the last frame is cut off (${d.end - d.start} of ${size} bytes)`
      : `bytes ${d.start}–${d.end} are damaged (${d.frames} ${d.frames === 1 ? 'frame' : 'frames'})`,
  );
  return parts.join('; ');
}

/** The header: width, and who wrote the journal. Throws WalFormatError saying what is wrong. */
function readHeader(b: Uint8Array): { width: number; info: WalInfo; end: number } {
  if (b.length < 16 || !MAGIC.every((x, i) => b[i] === x)) throw new WalFormatError('not a Tidegauge journal');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const width = dv.getUint32(8, true);
  const jsonLen = dv.getUint32(12, true);
  if (width < 1 || width > 4096) throw new WalFormatError(`journal header declares ${width} metrics`);
  if (16 + jsonLen > b.length) throw new WalFormatError('journal header is cut off');
  try {
    const parsed = WalInfoSchema.safeParse(JSON.parse(new TextDecoder().decode(b.subarray(16, 16 + jsonLen))));
    if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'bad header');
    return { width, info: parsed.data, end: (16 + jsonLen + 7) & ~7 };
  } catch (e) {
    throw new WalFormatError(`journal header is damaged (${(e as Error).message})`);
  }
}

/** Read the journal's header and every frame whose CRC holds, stepping over damaged ones. */
export function decodeWal(b: Uint8Array): DecodedWal {
  const { width, info, end } = readHeader(b);
  const r = readFrames(b, end, width);
  return { info, width, ...r, problem: damageSummary(r.damaged, walFrameSize(width), b.length) };
}

/**
 * For a journal whose header cannot be read: its frames, found with the width of the session
 * beside it (frames carry their own magic, row number and CRC). Null when the header is fine.
 */
export function salvageWal(b: Uint8Array, width: number): SalvagedWal | null {
  let header: string;
  try {
    readHeader(b);
    return null;
  } catch (e) {
    header = (e as Error).message;
  }
  const r = readFrames(b, 0, width);
  // The unreadable header (the first damaged stretch) is not a lost frame.
  const damaged = r.damaged[0]?.start === 0 ? r.damaged.slice(1) : r.damaged;
  return {
    info: null,
    header,
    width,
    ...r,
    damaged,
    lostFrames: damaged.reduce((n, d) => n + d.frames, 0),
    problem: damageSummary(damaged, walFrameSize(width), b.length),
  };
}

/**
 * The journal rows that continue a file holding `fileRows` samples: rows from fileRows on,
 * in row order, each once (frames swapped by damage are put back in order; a missing row is
 * a gap in time, not the end). Rows before fileRows were already written as a batch. When
 * the file's row count is unknown (fileRows null), rows after the file's last time `lastT`.
 */
export function walContinuation(
  wal: Pick<DecodedWal, 'rows'>,
  fileRows: number | null,
  lastT = Number.NEGATIVE_INFINITY,
): WalRow[] {
  const rows = wal.rows.filter((r) => (fileRows === null ? r.t > lastT : r.row >= fileRows));
  rows.sort((x, y) => x.row - y.row);
  return rows.filter((r, i) => i === 0 || (rows[i - 1] as WalRow).row !== r.row);
}
