/*
 * The recording journal (<id>.wal beside <id>.arrow). Arrow batches are written every ~15
 * minutes of samples (small batches would cost ~5 KB of metadata each); the journal holds the
 * samples since the last batch, appended every ~1 s, so a killed recorder loses at most the
 * last second. Fixed-size frames with a CRC: a torn last frame is simply not counted.
 *
 * Layout, little-endian:
 *   header: "TGWAL1\0\0" | u32 width | u32 jsonLength | JSON {id, pid, startedAt} | zero pad to 8
 *   frame:  u32 FRAME_MAGIC | u32 row | f64 t | u32 diagnostics | u32 crc32(row..values) | f64 x width
 * `row` is the sample's index in the whole session; rows already in the Arrow file are skipped
 * on recovery (the journal is cut back after each batch is written, so at most one batch's
 * worth can be duplicated by a crash in between).
 */

import { z } from 'zod';

const MAGIC = [0x54, 0x47, 0x57, 0x41, 0x4c, 0x31, 0, 0]; // TGWAL1\0\0
const FRAME_MAGIC = 0x46574754; // "TGWF"
const FRAME_HEADER = 24;

export const WalInfoSchema = z.object({
  id: z.string().min(1).max(200),
  pid: z.number().int().nonnegative(),
  startedAt: z.number(),
});
export type WalInfo = z.infer<typeof WalInfoSchema>;

export interface WalRow {
  readonly row: number;
  readonly t: number;
  readonly diagnostics: boolean;
  readonly values: Float64Array;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(b: Uint8Array, start = 0, end = b.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (CRC_TABLE[(c ^ (b[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

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

export interface DecodedWal {
  readonly info: WalInfo;
  readonly width: number;
  readonly rows: WalRow[];
  /** Byte length of the header plus every intact frame. */
  readonly validBytes: number;
  /** Why reading stopped early (a torn last frame is normal after a crash). */
  readonly problem: string | null;
}

export class WalFormatError extends Error {}

/** Read the journal's header and its intact frames, in order, stopping at the first bad one. */
export function decodeWal(b: Uint8Array): DecodedWal {
  if (b.length < 16 || !MAGIC.every((x, i) => b[i] === x)) throw new WalFormatError('not a Tidegauge journal');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const width = dv.getUint32(8, true);
  const jsonLen = dv.getUint32(12, true);
  if (width < 1 || width > 4096) throw new WalFormatError(`journal header declares ${width} metrics`);
  if (16 + jsonLen > b.length) throw new WalFormatError('journal header is cut off');
  let info: WalInfo;
  try {
    const parsed = WalInfoSchema.safeParse(JSON.parse(new TextDecoder().decode(b.subarray(16, 16 + jsonLen))));
    if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'bad header');
    info = parsed.data;
  } catch (e) {
    throw new WalFormatError(`journal header is damaged (${(e as Error).message})`);
  }
  const size = walFrameSize(width);
  let o = (16 + jsonLen + 7) & ~7;
  const rows: WalRow[] = [];
  let problem: string | null = null;
  while (o < b.length) {
    if (o + size > b.length) {
      problem = `the last frame is cut off (${b.length - o} of ${size} bytes)`;
      break;
    }
    const crc = (crc32(b, o + 4, o + 20) ^ crc32(b, o + FRAME_HEADER, o + size)) >>> 0;
    if (dv.getUint32(o, true) !== FRAME_MAGIC || dv.getUint32(o + 20, true) !== crc) {
      problem = `frame at byte ${o} is damaged`;
      break;
    }
    const values = new Float64Array(width);
    for (let i = 0; i < width; i++) values[i] = dv.getFloat64(o + FRAME_HEADER + 8 * i, true);
    rows.push({
      row: dv.getUint32(o + 4, true),
      t: dv.getFloat64(o + 8, true),
      diagnostics: dv.getUint32(o + 16, true) === 1,
      values,
    });
    o += size;
  }
  return { info, width, rows, validBytes: o, problem };
}

/**
 * The journal rows that continue a file holding `fileRows` samples: from row fileRows on,
 * consecutive. Rows before it were already written as a batch.
 */
export function walContinuation(wal: DecodedWal, fileRows: number): WalRow[] {
  const out: WalRow[] = [];
  let next = fileRows;
  for (const r of wal.rows) {
    if (r.row < next) continue;
    if (r.row !== next) break;
    out.push(r);
    next++;
  }
  return out;
}
