import { workerEndpoint } from '../workers/endpoint';
import { startWorker } from '../workers/start';
import { WorkerLink } from '../workers/workerLink';
import { SessionFileError } from './sessionFiles';
import { type EncodedImport, type ImportOptions, importToBytes } from './sessionImport';
import { ImportReply } from './sessionImportProtocol';
import { replyErrorOf } from './workerTasks';

/*
 * How the library turns a CSV, dump or log into a session file's bytes. Parsing a 200 MiB CSV
 * and encoding it takes seconds of CPU: on the host's thread that stalls the live stream, so
 * the hosts (serve, the desktop app) import in a worker thread, one per import, spoken to
 * through a WorkerLink like every other worker. `tidegauge import` runs in its own process
 * and imports on its thread.
 */

export interface SessionImporter {
  /** The checked bytes of the session `file` becomes, or a SessionFileError naming `file`. */
  import(file: string, options: ImportOptions): Promise<EncodedImport>;
}

export const inThreadImporter: SessionImporter = { import: importToBytes };

const NAME = 'session import worker';
/** A worker's heap: the columns live outside it; text, names and the report inside. */
const HEAP_MB = 1024;

export class WorkerSessionImporter implements SessionImporter {
  /** Imports under way: a host that shuts down ends them instead of waiting for them. */
  private readonly running = new Set<WorkerLink<ImportReply>>();
  private closed = false;

  async import(file: string, options: ImportOptions): Promise<EncodedImport> {
    if (this.closed) throw new SessionFileError(file, 'could not be imported (Tidegauge is shutting down)');
    const worker = startWorker('session-import', 'src/main/storage/sessionImportWorker.ts', {
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
    });
    const link: WorkerLink<ImportReply> = new WorkerLink(
      workerEndpoint(worker),
      NAME,
      ImportReply,
      () => {},
      () => {},
      { errorOf: replyErrorOf(NAME), holdWhileBusy: true },
    );
    this.running.add(link);
    try {
      const r = await link.request((req) => ({ type: 'import', req, file, options }), null);
      if (r.type !== 'imported') throw new Error(`${NAME} sent no session`);
      return { bytes: r.bytes, report: r.report, samples: r.samples, metrics: r.metrics };
    } catch (e) {
      if (e instanceof SessionFileError) throw e;
      const why = (e as Error).message;
      // The worker ran out of memory or died: this import fails, the host carries on.
      throw new SessionFileError(
        file,
        /memory limit/i.test(why)
          ? `needs more than ${HEAP_MB} MiB of memory to import; split it`
          : `could not be imported (${why})`,
      );
    } finally {
      this.running.delete(link);
      await link.terminate(new Error(`${NAME} finished`));
    }
  }

  /** End the imports under way (they fail) and refuse new ones. */
  async close(): Promise<void> {
    this.closed = true;
    const links = [...this.running];
    this.running.clear();
    await Promise.all(links.map((l) => l.terminate(new Error('Tidegauge is shutting down'))));
  }
}
