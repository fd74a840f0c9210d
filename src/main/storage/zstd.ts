import * as zlib from 'node:zlib';
import { compress, decompress, init } from '@bokuweb/zstd-wasm';
import { CompressionType, compressionRegistry } from 'apache-arrow';
import { zstdContentSize } from '../../shared/session/batchChecks';
import { setNativeCrc32 } from '../../shared/session/crc32';

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
 * Register the ZSTD codec Arrow uses for session files (once per thread), and Node's native
 * CRC-32 for the checksums where it has one. Must resolve before a session file is written or read.
 */
export function ensureZstd(): Promise<void> {
  ready ??= (async () => {
    if (typeof zlib.crc32 === 'function') setNativeCrc32((b) => zlib.crc32(b));
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
