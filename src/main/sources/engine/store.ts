import { performance } from 'node:perf_hooks';
import FSChunkStore from 'fs-chunk-store';
import type { ChunkStore, ChunkStoreConstructor, ChunkStoreOptions } from 'webtorrent';
import type { SessionCounters } from '../../../shared/counters';
import { M } from '../../../shared/registry-data';

/*
 * The disk layer of the session, measured. webtorrent builds its store as
 *   ImmediateChunkStore( CacheChunkStore( new opts.store(...) ) )
 * so the class made here is the bottom layer: every call that reaches it is a real file
 * read or write (fs-chunk-store over random-access-file). Cache hits are counted one layer
 * up, in instrument.ts, where the cache decides.
 */

/** Disk job bookkeeping: queue depth and call -> callback time. */
export class DiskJobs {
  constructor(readonly c: SessionCounters) {}

  /** A disk job starts: it joins the queue (in flight until its callback). */
  jobStart(): number {
    this.c.inc(M.DISK_QUEUE_DEPTH, 1);
    return performance.now();
  }

  jobEnd(started: number): void {
    this.c.inc(M.DISK_QUEUE_DEPTH, -1);
    this.c.inc(M.DISK_JOB_TIME_US, Math.round((performance.now() - started) * 1000));
  }
}

/** A chunk-store class that counts real disk jobs into `meters`. */
export function measuredFsStore(meters: DiskJobs): ChunkStoreConstructor {
  return class MeasuredFsStore implements ChunkStore {
    readonly chunkLength: number;
    private readonly inner: ChunkStore;
    /** Disk reads issued so far; the cache layer compares it to see whether a get hit the disk. */
    gets = 0;

    constructor(chunkLength: number, opts: ChunkStoreOptions) {
      this.inner = new FSChunkStore(chunkLength, opts);
      this.chunkLength = this.inner.chunkLength;
    }

    put(index: number, buf: Uint8Array, cb?: (err?: Error | null) => void): void {
      const started = meters.jobStart();
      const bytes = buf.length;
      // Bytes handed to the store and not yet on disk: webtorrent's write buffer
      // (ImmediateChunkStore keeps them in memory until this callback).
      meters.c.inc(M.DISK_WRITE_BUFFER_BYTES, bytes);
      this.inner.put(index, buf, (err) => {
        meters.jobEnd(started);
        meters.c.inc(M.DISK_WRITE_BUFFER_BYTES, -bytes);
        if (!err) {
          meters.c.inc(M.DISK_WRITE_COUNT);
          meters.c.inc(M.DISK_WRITE_BYTES, bytes);
        }
        cb?.(err);
      });
    }

    get(
      index: number,
      opts: { offset?: number; length?: number } | null | undefined,
      cb: (err: Error | null, buf?: Uint8Array) => void,
    ): void {
      if (typeof opts === 'function') {
        this.get(index, null, opts);
        return;
      }
      this.gets++;
      const started = meters.jobStart();
      this.inner.get(index, opts, (err, buf) => {
        meters.jobEnd(started);
        if (!err && buf) {
          meters.c.inc(M.DISK_READ_COUNT);
          meters.c.inc(M.DISK_READ_BYTES, buf.length);
        }
        cb(err, buf);
      });
    }

    close(cb?: (err?: Error | null) => void): void {
      this.inner.close(cb);
    }

    destroy(cb?: (err?: Error | null) => void): void {
      this.inner.destroy(cb);
    }
  };
}
