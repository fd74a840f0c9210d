import { DamagedFileError, LibraryError } from './libraryError';
import { fileStamp } from './libraryPaths';
import { LruCache } from './lruCache';
import { type OpenedSession, SessionFileError } from './sessionFiles';
import type { SessionReader } from './sessionReader';

/**
 * Decoded library sessions: a few kept in memory for the next open (a comparison's worth by
 * default), valid while the file's size and time hold; a session with a journal beside it (being
 * recorded, or not yet folded) is decoded afresh each time.
 */
export class DecodeCache {
  private readonly cache: LruCache<OpenedSession>;

  constructor(
    private readonly reader: SessionReader,
    keep: number,
  ) {
    this.cache = new LruCache(keep);
  }

  /** Decode a session, or take it from memory (or from a decode under way). */
  async load(id: string, file: string): Promise<OpenedSession> {
    const stamp = await fileStamp(file);
    return this.cache.get(
      id,
      stamp,
      async () => {
        try {
          return await this.reader.read(file);
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          if (e instanceof SessionFileError && e.kind === 'content') throw new DamagedFileError(message);
          throw new LibraryError(422, message);
        }
      },
      // A file with no journal beside it does not change (the stamp would say if it did).
      (opened) => opened.state !== 'recording' && opened.journal === null,
    );
  }

  /** Whether the session is in memory (or being decoded) at the file's current stamp. */
  async has(id: string, file: string): Promise<boolean> {
    return this.cache.has(id, await fileStamp(file));
  }

  /** Keep a session decoded elsewhere (a copy just added holds the same bytes). */
  async remember(id: string, opened: OpenedSession): Promise<void> {
    const stamp = await fileStamp(opened.path);
    if (stamp !== null && opened.state !== 'recording') this.cache.set(id, stamp, opened);
  }
}
