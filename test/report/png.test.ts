import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng, distinctColours } from '../../src/main/report/png';
import {
  addPngText as addTextChunks,
  PngError,
  pngSize,
  readPngText as readTextChunks,
} from '../../src/shared/pngText';

/** A real PNG built by hand: 3x2 RGB, filter 0, the kind any decoder reads. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(3, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('png', () => {
  it('adds provenance text chunks that read back, leaving the image intact', () => {
    const png = addTextChunks(tinyPng(), { Software: 'Tidegauge 0.1.0', 'tidegauge.sessions': 'a,b' });
    expect(readTextChunks(png)).toEqual({ Software: 'Tidegauge 0.1.0', 'tidegauge.sessions': 'a,b' });
    expect(pngSize(png)).toEqual({ width: 3, height: 2 });
    const img = decodePng(png);
    expect(Array.from(img.pixels.subarray(0, 12))).toEqual([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]);
    // Row 2 uses the Up filter with zero deltas: the same colours again.
    expect(Array.from(img.pixels.subarray(12, 16))).toEqual([255, 0, 0, 255]);
    expect(distinctColours(img)).toBe(3);
  });

  it('refuses what is not a whole PNG', () => {
    expect(() => readTextChunks(Buffer.from('hello'))).toThrow(PngError);
    const cut = tinyPng().subarray(0, 40);
    expect(() => pngSize(cut)).toThrow(/runs past the end|truncated/);
    expect(() => addTextChunks(tinyPng(), { 'bad\u0000key': 'x' })).toThrow(/keyword/);
  });
});
