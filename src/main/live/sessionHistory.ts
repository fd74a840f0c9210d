import type { RegistryEntry } from '../../shared/registry-types';
import { DEFAULT_LEVELS, SeriesStore } from '../../shared/series';
import { encodeHistory } from '../../shared/series-history';
import type { Snapshot } from '../../shared/snapshot';

/**
 * The live session's history on the host, at the pages' resolutions (raw samples, then 5 s,
 * 1 min and 10 min buckets: about 25 MB for a month at 1 Hz), so a page that connects late or
 * reloads gets "All" since the session started (src/shared/series-history.ts).
 */
export class SessionHistory {
  private readonly store: SeriesStore;
  private lastSeq = -1;

  constructor(registry: readonly RegistryEntry[]) {
    this.store = new SeriesStore(registry, DEFAULT_LEVELS);
  }

  append(s: Snapshot): void {
    // A stream that starts again (seq back to 0) is a new session.
    if (s.seq <= this.lastSeq) this.store.clear();
    if (this.store.append(s)) this.lastSeq = s.seq;
  }

  get startT(): number {
    return this.store.startT;
  }

  /** The history as frames for one client, the coarsest level first. */
  frames(): ArrayBuffer[] {
    return encodeHistory(this.store, this.lastSeq);
  }
}
