import { basename } from 'node:path';
import type { ImportFields, LibraryOp, LibraryRequestOf, LibraryValues } from '../../shared/library';
import type { SessionData } from '../../shared/session/data';
import type { Recorder } from '../live/recorder';
import type { SessionLibrary } from '../storage/sessionLibrary';
import { RequestError } from './failure';
import { fleetHandlers } from './fleetHandlers';
import { withStagedUpload } from './uploadStaging';

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

export function libraryHandlers(library: SessionLibrary, recorder: Recorder | null): LibraryHandlers {
  return {
    ...fleetHandlers(library),
    list: async () => ({
      dir: library.dir,
      recording: recorder?.current?.id ?? null,
      stopped: recorder?.stopped ?? [],
      sessions: await library.list(),
    }),
    get: async (req) => {
      const { summary, opened } = await library.open(req.id);
      const { registry, notReported } = opened.data.meta;
      return { ...summary, registry, notReported, events: opened.data.events ?? [] };
    },
    update: (req) => library.update(req.id, req.fields),
    remove: async (req) => {
      await library.delete(req.id);
      return null;
    },
    quarantine: (req) => library.quarantine(req.id),
    data: (req) => library.data(req.id, req),
    figures: (req) => library.figures(req.id, req.span),
    totals: ({ op: _op, ...query }) => library.totals(query),
    compare: (req) =>
      library.compare({
        ids: req.ids,
        baseline: req.baseline,
        alignment: req.alignment,
        nudges: req.nudges,
        span: req.span,
      }),
    import: (req) =>
      withStagedUpload(req.name, req.write, async (file) => {
        const added = await library.add(file, { format: req.format, intervalS: req.interval });
        // Never "imported" for a session that cannot be opened: it is taken out again.
        if (added.summary.state === 'unreadable') {
          await library.delete(added.summary.id).catch(() => {});
          throw new RequestError(422, `${basename(file)}: the imported session does not open (${added.summary.error})`);
        }
        return added;
      }),
  };
}
