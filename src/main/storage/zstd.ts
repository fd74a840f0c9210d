import { compress, decompress, init } from '@bokuweb/zstd-wasm';
import { CompressionType, compressionRegistry } from 'apache-arrow';

/** ZSTD level for record batch bodies: 3 is zstd's default, the best trade of speed for size here. */
const LEVEL = 3;
/**
 * One column of one batch: ours hold at most a few thousand samples (tens of KB); 64 MB is
 * 8 M doubles, room for large batches written by other tools. A frame that claims more is
 * damaged, and is refused before the decoder allocates for it.
 */
const MAX_FRAME = 64 * 1024 * 1024;

let ready: Promise<void> | null = null;

/**
 * Read the content size from a zstd frame header (RFC 8878, 3.1.1.1), or null when the frame
 * does not state it. The wasm decoder sizes its output from this, so it is checked first.
 */
export function zstdContentSize(b: Uint8Array): number | null {
  if (b.length < 6 || b[0] !== 0x28 || b[1] !== 0xb5 || b[2] !== 0x2f || b[3] !== 0xfd) return null;
  const fhd = b[4] as number;
  const fcsFlag = fhd >> 6;
  const single = (fhd >> 5) & 1;
  const dictFlag = fhd & 3;
  let o = 5 + (single ? 0 : 1) + [0, 1, 2, 4][dictFlag]!;
  const size = fcsFlag === 0 ? (single ? 1 : 0) : [0, 2, 4, 8][fcsFlag]!;
  if (size === 0 || o + size > b.length) return null;
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + (b[o + i] as number);
  o += size;
  return size === 2 ? v + 256 : v;
}

/**
 * Register the ZSTD codec Arrow uses for session files (once per process). Must resolve
 * before a session file is written or read.
 */
export function ensureZstd(): Promise<void> {
  ready ??= (async () => {
    await init();
    compressionRegistry.set(CompressionType.ZSTD, {
      encode: (data) => compress(data, LEVEL),
      decode: (data) => {
        const size = zstdContentSize(data);
        if (size === null) throw new Error('ZSTD frame without a content size (damaged or not ours)');
        if (size > MAX_FRAME) throw new Error(`ZSTD frame claims ${size} bytes, more than a session column can hold`);
        if (size === 0) return new Uint8Array(0);
        return decompress(data, { defaultHeapSize: size });
      },
    });
  })();
  return ready;
}
