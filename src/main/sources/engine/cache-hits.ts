import type { ChunkStore, Torrent } from 'webtorrent';
import type { SessionCounters } from '../../../shared/counters';
import { M } from '../../../shared/registry-data';

/*
 * Cache hits and misses of a torrent's store. webtorrent builds it as
 *   ImmediateChunkStore(write buffer) -> CacheChunkStore(LRU of pieces) -> disk (store.ts)
 * A read is a hit when a memory layer answers it and a miss when it goes on to the disk store
 * (or joins a disk read in flight). Reads before 'ready' are webtorrent's startup check: each
 * piece read there is hashed.
 */

interface CacheLayer {
  readonly inProgressGets: Map<number, unknown>;
  readonly store: { gets?: number };
}

interface ImmediateLayer extends ChunkStore {
  readonly mem: Array<Uint8Array | null | undefined>;
  readonly store: ChunkStore & Partial<CacheLayer> & { gets?: number };
}

/** Count the store's hits and misses (call once the torrent has metadata and a store). */
export function watchCacheHits(c: SessionCounters, t: Torrent): void {
  const imm = t.store as ImmediateLayer | null;
  if (!imm || !Array.isArray(imm.mem)) return;
  const cache = imm.store.inProgressGets instanceof Map ? (imm.store as CacheLayer & ChunkStore) : null;
  const disk = cache ? cache.store : imm.store;
  const get = imm.get;
  imm.get = function (this: ImmediateLayer, index, opts, cb): void {
    if (typeof opts === 'function') {
      imm.get(index, null, opts);
      return;
    }
    const done: typeof cb = t.ready
      ? cb
      : (err, buf) => {
          if (!err && buf) c.inc(M.DISK_HASH_COUNT);
          cb(err, buf);
        };
    if (this.mem[index]) {
      c.inc(M.DISK_CACHE_HITS);
      get.call(this, index, opts, done);
      return;
    }
    const gets = disk.gets ?? 0;
    const joined = cache ? cache.inProgressGets.has(index) : false;
    get.call(this, index, opts, done);
    // CacheChunkStore goes to disk synchronously on a miss, or joins a read in flight.
    if ((disk.gets ?? 0) > gets || joined) c.inc(M.DISK_CACHE_MISSES);
    else c.inc(M.DISK_CACHE_HITS);
  };
}
