import { inflateSync } from 'node:zlib';

/*
 * Just enough PNG for reports: add and read tEXt chunks (provenance: app version, session ids,
 * generation time), read the size, and decode 8-bit RGB/RGBA pixels to check a report is not blank.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface Chunk {
  type: string;
  data: Buffer;
  /** Offset of the chunk's length field in the file. */
  at: number;
}

export class PngError extends Error {}

function chunks(png: Uint8Array): Chunk[] {
  const b = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (b.length < 8 || !b.subarray(0, 8).equals(SIGNATURE)) throw new PngError('not a PNG file (bad signature)');
  const out: Chunk[] = [];
  let p = 8;
  while (p + 12 <= b.length) {
    const len = b.readUInt32BE(p);
    const type = b.toString('latin1', p + 4, p + 8);
    if (p + 12 + len > b.length) throw new PngError(`PNG chunk ${type} at byte ${p} runs past the end of the file`);
    out.push({ type, data: b.subarray(p + 8, p + 8 + len), at: p });
    p += 12 + len;
    if (type === 'IEND') break;
  }
  if (out[out.length - 1]?.type !== 'IEND') throw new PngError('PNG file is truncated (no IEND chunk)');
  return out;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Insert tEXt chunks (Latin-1 keyword, text) before IEND. */
export function addTextChunks(png: Uint8Array, entries: Record<string, string>): Buffer {
  const list = chunks(png);
  const iend = list[list.length - 1] as Chunk;
  const b = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const added = Object.entries(entries).map(([k, v]) => {
    if (!/^[\x20-\x7e]{1,79}$/.test(k))
      throw new PngError(`PNG text keyword "${k}" must be 1-79 printable Latin-1 characters`);
    return chunk('tEXt', Buffer.concat([Buffer.from(k, 'latin1'), Buffer.from([0]), Buffer.from(v, 'latin1')]));
  });
  return Buffer.concat([b.subarray(0, iend.at), ...added, b.subarray(iend.at)]);
}

export function readTextChunks(png: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of chunks(png)) {
    if (c.type !== 'tEXt') continue;
    const z = c.data.indexOf(0);
    if (z > 0) out[c.data.toString('latin1', 0, z)] = c.data.toString('latin1', z + 1);
  }
  return out;
}

export interface PngImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  pixels: Uint8Array;
}

export function pngSize(png: Uint8Array): { width: number; height: number } {
  const ihdr = chunks(png)[0];
  if (ihdr?.type !== 'IHDR') throw new PngError('PNG does not start with IHDR');
  return { width: ihdr.data.readUInt32BE(0), height: ihdr.data.readUInt32BE(4) };
}

/** Decode an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes). */
export function decodePng(png: Uint8Array): PngImage {
  const list = chunks(png);
  const ihdr = list[0] as Chunk;
  const width = ihdr.data.readUInt32BE(0);
  const height = ihdr.data.readUInt32BE(4);
  const depth = ihdr.data[8];
  const color = ihdr.data[9];
  const interlace = ihdr.data[12];
  if (depth !== 8 || (color !== 2 && color !== 6) || interlace !== 0) {
    throw new PngError(`unsupported PNG (bit depth ${depth}, colour type ${color}, interlace ${interlace})`);
  }
  const bpp = color === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(list.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * bpp;
  const cur = new Uint8Array(stride);
  let prev = new Uint8Array(stride);
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? (cur[x - bpp] as number) : 0;
      const b = prev[x] as number;
      const c = x >= bpp ? (prev[x - bpp] as number) : 0;
      let v = line[x] as number;
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[x] = v & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      pixels[o] = cur[x * bpp] as number;
      pixels[o + 1] = cur[x * bpp + 1] as number;
      pixels[o + 2] = cur[x * bpp + 2] as number;
      pixels[o + 3] = bpp === 4 ? (cur[x * bpp + 3] as number) : 255;
    }
    prev = Uint8Array.from(cur);
  }
  return { width, height, pixels };
}

/** How many distinct colours (a blank page has one or two). */
export function distinctColours(img: PngImage, limit = 10_000): number {
  const seen = new Set<number>();
  const v = new DataView(img.pixels.buffer, img.pixels.byteOffset, img.pixels.byteLength);
  for (let o = 0; o < img.pixels.length && seen.size < limit; o += 4) seen.add(v.getUint32(o));
  return seen.size;
}
