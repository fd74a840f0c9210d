/*
 * PNG tEXt chunks in pure code (renderer and host alike): reports carry their provenance (app
 * version, session ids, generation time) inside the PNG, where image viewers and `exiftool` see it.
 */

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export class PngError extends Error {}

export interface PngChunk {
  readonly type: string;
  readonly data: Uint8Array;
  /** Offset of the chunk's length field in the file. */
  readonly at: number;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function toLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) throw new PngError(`PNG text must be Latin-1; "${s.slice(0, 40)}" has character U+${c.toString(16)}`);
    out[i] = c;
  }
  return out;
}

export function pngChunks(png: Uint8Array): PngChunk[] {
  if (png.length < 8 || SIGNATURE.some((b, i) => png[i] !== b)) throw new PngError('not a PNG file (bad signature)');
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: PngChunk[] = [];
  let p = 8;
  while (p + 12 <= png.length) {
    const len = v.getUint32(p);
    const type = latin1(png.subarray(p + 4, p + 8));
    if (p + 12 + len > png.length) throw new PngError(`PNG chunk ${type} at byte ${p} runs past the end of the file`);
    out.push({ type, data: png.subarray(p + 8, p + 8 + len), at: p });
    p += 12 + len;
    if (type === 'IEND') break;
  }
  if (out[out.length - 1]?.type !== 'IEND') throw new PngError('PNG file is truncated (no IEND chunk)');
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  out.set(toLatin1(type), 4);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Insert tEXt chunks (keyword -> text, Latin-1) before IEND; returns a new PNG. */
export function addPngText(png: Uint8Array, entries: Record<string, string>): Uint8Array {
  const list = pngChunks(png);
  const iend = list[list.length - 1] as PngChunk;
  const added = Object.entries(entries).map(([k, text]) => {
    if (!/^[\x20-\x7e]{1,79}$/.test(k))
      throw new PngError(`PNG text keyword "${k}" must be 1-79 printable Latin-1 characters`);
    const key = toLatin1(k);
    const body = toLatin1(text);
    const data = new Uint8Array(key.length + 1 + body.length);
    data.set(key, 0);
    data.set(body, key.length + 1);
    return chunk('tEXt', data);
  });
  const size = png.length + added.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(size);
  out.set(png.subarray(0, iend.at), 0);
  let p = iend.at;
  for (const c of added) {
    out.set(c, p);
    p += c.length;
  }
  out.set(png.subarray(iend.at), p);
  return out;
}

export function readPngText(png: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of pngChunks(png)) {
    if (c.type !== 'tEXt') continue;
    const z = c.data.indexOf(0);
    if (z > 0) out[latin1(c.data.subarray(0, z))] = latin1(c.data.subarray(z + 1));
  }
  return out;
}

export function pngSize(png: Uint8Array): { width: number; height: number } {
  const ihdr = pngChunks(png)[0];
  if (ihdr?.type !== 'IHDR') throw new PngError('PNG does not start with IHDR');
  const v = new DataView(ihdr.data.buffer, ihdr.data.byteOffset, ihdr.data.byteLength);
  return { width: v.getUint32(0), height: v.getUint32(4) };
}
