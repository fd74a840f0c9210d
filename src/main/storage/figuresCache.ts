import type { Alignment } from '../../shared/compare/align';
import type { SessionFigures } from '../../shared/compare/compareSessions';
import type { DecodeCache } from './decodeCache';
import { fileStamp } from './libraryPaths';
import { LruCache } from './lruCache';
import type { FiguresRequest, SessionReader } from './sessionReader';
import { fileTitle } from './sessionSummary';
import type { Sidecars } from './sidecar';

interface Entry {
  readonly figures: SessionFigures;
  /** The file's own title, for when the user has set none. */
  readonly fileTitle: string;
}

/**
 * Sessions' figures for comparisons and reports, computed by the reader (in a worker with a
 * WorkerSessionReader), kept by session, file stamp and what they depend on (alignment, nudge,
 * markers) so a report's prefetch and its page's request compute them once.
 */
export class FiguresCache {
  private readonly cache = new LruCache<Entry>(32);

  constructor(
    private readonly reader: SessionReader,
    private readonly decoded: DecodeCache,
    private readonly sidecars: Sidecars,
  ) {}

  async figures(
    id: string,
    file: string,
    alignment: Alignment,
    nudgeMs: number,
    spanS?: number,
  ): Promise<SessionFigures> {
    const side = await this.sidecars.read(id);
    const request: FiguresRequest = {
      id,
      title: side.title ?? id,
      markers: side.markers ?? [],
      alignment,
      nudgeMs,
      ...(spanS === undefined ? {} : { spanS }),
    };
    const key = JSON.stringify([id, alignment, nudgeMs, request.markers, spanS ?? null]);
    const entry = await this.cache.get(key, await fileStamp(file), async () => {
      const opened = await this.decoded.load(id, file);
      // No sidecar is written here: an edit made meanwhile must not be overwritten by what was
      // read before it.
      return { figures: await this.reader.figures(opened.data, request), fileTitle: fileTitle(opened.data) };
    });
    // The title as the library shows it now (a rename changes the sidecar, not the file).
    const title = (await this.sidecars.read(id)).title ?? entry.fileTitle;
    const f = entry.figures;
    return title === f.info.title ? f : { ...f, info: { ...f.info, title } };
  }
}
