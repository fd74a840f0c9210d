import { deflateSync, inflateSync } from 'node:zlib';
import { crc32, type PngChunk, PngError, pngChunks } from '../../shared/pngText';

/*
 * Decoding 8-bit RGB/RGBA pixels (host side, zlib), to check that a report is not blank; encoding
 * RGBA, to join the slices of a report captured a viewport at a time (the Electron capture).
 */

export interface PngImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  pixels: Uint8Array;
}

/** Decode an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes). */
export function decodePng(png: Uint8Array): PngImage {
  const list = pngChunks(png);
  const ihdr = list[0] as PngChunk;
  const head = Buffer.from(ihdr.data);
  const width = head.readUInt32BE(0);
  const height = head.readUInt32BE(4);
  const depth = head[8];
  const color = head[9];
  const interlace = head[12];
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

function pngChunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encode RGBA pixels as an 8-bit RGBA PNG (no filtering: flat report backgrounds deflate well as they are). */
export function encodePng(img: PngImage): Uint8Array {
  const { width, height, pixels } = img;
  if (pixels.length !== width * height * 4)
    throw new PngError(`${pixels.length} bytes are not ${width}x${height} RGBA`);
  const stride = width * 4;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const head = Buffer.alloc(13);
  head.writeUInt32BE(width, 0);
  head.writeUInt32BE(height, 4);
  head.set([8, 6, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', head),
      pngChunk('IDAT', deflateSync(raw)),
      pngChunk('IEND', new Uint8Array(0)),
    ]),
  );
}

/** Stack PNGs of the same width top to bottom into one. */
export function stackPngs(pngs: readonly Uint8Array[]): Uint8Array {
  const imgs = pngs.map(decodePng);
  const width = imgs[0]?.width;
  if (width === undefined) throw new PngError('nothing to stack');
  const odd = imgs.find((i) => i.width !== width);
  if (odd) throw new PngError(`cannot stack a ${odd.width} px wide slice under ${width} px wide ones`);
  const height = imgs.reduce((n, i) => n + i.height, 0);
  const pixels = new Uint8Array(width * height * 4);
  let at = 0;
  for (const i of imgs) {
    pixels.set(i.pixels, at);
    at += i.pixels.length;
  }
  return encodePng({ width, height, pixels });
}
