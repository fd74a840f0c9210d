/*
 * CRC-32 (IEEE 802.3, the one zlib.crc32 and Python's binascii.crc32 compute), used by the
 * journal's frames and the session file's record batch checksums. Slicing-by-8 over 32-bit
 * reads: ~3 ms for a day-long session's 5 MB of batch bodies (the byte-at-a-time loop took
 * 12 ms), against a ~100 ms decode.
 */

const TABLES = (() => {
  const t = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n] as number;
    for (let k = 1; k < 8; k++) {
      c = (t[c & 0xff] as number) ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
})();

type Crc32 = (b: Uint8Array, start: number, end: number) => number;
let native: Crc32 | null = null;

/**
 * Use a native CRC-32 where the platform has one (Node's zlib.crc32 is ~4x this loop); the
 * host registers it at start, like the ZSTD codec. Same results either way.
 */
export function setNativeCrc32(f: ((b: Uint8Array) => number) | null): void {
  native = f ? (b, start, end) => f(start === 0 && end === b.length ? b : b.subarray(start, end)) : null;
}

/** CRC-32 of b[start, end). */
export function crc32(b: Uint8Array, start = 0, end = b.length): number {
  return native ? native(b, start, end) : crc32js(b, start, end);
}

function crc32js(b: Uint8Array, start: number, end: number): number {
  const T = TABLES;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let c = -1;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const a = c ^ dv.getInt32(i, true);
    const d = dv.getInt32(i + 4, true);
    c =
      (T[1792 + (a & 0xff)] as number) ^
      (T[1536 + ((a >>> 8) & 0xff)] as number) ^
      (T[1280 + ((a >>> 16) & 0xff)] as number) ^
      (T[1024 + (a >>> 24)] as number) ^
      (T[768 + (d & 0xff)] as number) ^
      (T[512 + ((d >>> 8) & 0xff)] as number) ^
      (T[256 + ((d >>> 16) & 0xff)] as number) ^
      (T[d >>> 24] as number);
  }
  for (; i < end; i++) c = (T[(c ^ (b[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
