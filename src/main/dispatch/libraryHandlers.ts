import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ImportFields, LibraryOp, LibraryRequestOf, LibraryValues } from '../../shared/library';
import type { SessionData } from '../../shared/session/data';
import { queryData } from '../../shared/session/wire';
import type { Recorder } from '../live/recorder';
import type { SessionLibrary } from '../storage/sessionLibrary';
import { failure, RequestError } from './failure';

/** What the handlers answer: LibraryValues, except data stays SessionData (each shell encodes it its own way). */
export interface HandlerValues extends Omit<LibraryValues, 'data'> {
  data: SessionData;
}

/** An import: its fields, and how the file's bytes get onto disk (IPC has them in hand; HTTP streams its body). */
export interface ImportCall extends ImportFields {
  readonly op: 'import';
  write(file: string): Promise<void>;
}

export type HandlerInput<K extends LibraryOp> = K extends 'import' ? ImportCall : LibraryRequestOf<K>;
export type LibraryHandlers = { [K in LibraryOp]: (req: HandlerInput<K>) => Promise<HandlerValues[K]> };

/** The library's own name for a dropped file: no folders, never "." or "..". */
function stagedName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'));
  return base === '' || base === '.' || base === '..' ? 'upload' : base;
}

export function libraryHandlers(library: SessionLibrary, recorder: Recorder | null): LibraryHandlers {
  return {
    list: async () => ({
      dir: library.dir,
      recording: recorder?.current?.id ?? null,
      stopped: recorder?.stopped ?? [],
      sessions: await library.list(),
    }),
    get: async (req) => {
      const { summary, opened } = await library.open(req.id);
      return { ...summary, registry: opened.data.meta.registry, notReported: opened.data.meta.notReported };
    },
    update: (req) => library.update(req.id, req.fields),
    remove: async (req) => {
      await library.delete(req.id);
      return null;
    },
    quarantine: (req) => library.quarantine(req.id),
    data: async (req) => queryData((await library.open(req.id)).opened.data, req),
    figures: (req) => library.figures(req.id),
    compare: (req) =>
      library.compare({ ids: req.ids, baseline: req.baseline, alignment: req.alignment, nudges: req.nudges }),
    import: async (req) => {
      // The library imports from a path: stage the bytes in a folder of our own, removed after.
      const dir = await mkdtemp(join(tmpdir(), 'tidegauge-import-'));
      const file = join(dir, stagedName(req.name));
      try {
        await req.write(file);
        if ((await stat(file)).size === 0) throw new RequestError(400, `${req.name}: the file is empty`);
        return await library.add(file, { format: req.format, intervalS: req.interval });
      } catch (e) {
        // Name the file the user dropped, not our temporary copy.
        const f = failure(e);
        if (f.status === 500) throw e;
        throw new RequestError(f.status, f.error.split(file).join(req.name));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
