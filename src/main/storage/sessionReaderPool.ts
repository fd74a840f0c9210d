import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { SessionFigures } from '../../shared/compare/compareSessions';
import type { SessionData } from '../../shared/session/data';
import { workerEndpoint } from '../workers/endpoint';
import { startWorker } from '../workers/start';
import { WorkerLink } from '../workers/workerLink';
import { type OpenedSession, SessionFileError } from './sessionFiles';
import type { FiguresRequest, ReadOptions, SessionReader } from './sessionReader';
import { ReaderReply } from './sessionReaderProtocol';

/*
 * WorkerSessionReader decodes in a small pool of worker threads (one per core, at most 4)
 * into shared memory: the files of a comparison decode in parallel, the host serves the
 * columns as soon as they are decoded, and each session's figures for a comparison are
 * computed by a worker reading the same memory. Each worker is spoken to through a WorkerLink,
 * which validates its replies; an idle pool never keeps the process alive.
 */

const NAME = 'session reader worker';

interface Slot {
  readonly worker: Worker;
  readonly link: WorkerLink<ReaderReply>;
}

function errorOf(ev: ReaderReply): Error {
  if (ev.type !== 'reply-error') return new Error(`${NAME} sent an unexpected reply`);
  return ev.file === null
    ? new Error(ev.message)
    : new SessionFileError(ev.file, ev.message.replace(`${ev.file}: `, ''));
}

export class WorkerSessionReader implements SessionReader {
  private slots: Slot[] = [];
  private closed = false;

  constructor(readonly size = Math.max(1, Math.min(4, availableParallelism()))) {}

  /** Start the workers now (a host does this at start, so the first open does not pay for it). */
  warm(): this {
    this.ensure();
    return this;
  }

  private ensure(): void {
    if (this.closed) throw new Error('the session reader is closed');
    // A worker that died (out of memory on a huge file, a crash) failed only its own tasks;
    // the next request starts a replacement.
    this.slots = this.slots.filter((s) => s.link.alive);
    while (this.slots.length < this.size) {
      const worker = startWorker('session-reader', 'src/main/storage/sessionReaderWorker.ts');
      const link: WorkerLink<ReaderReply> = new WorkerLink(
        workerEndpoint(worker),
        NAME,
        ReaderReply,
        () => {},
        (e) => this.drop(slot, e),
        { errorOf, holdWhileBusy: true },
      );
      const slot: Slot = { worker, link };
      this.slots.push(slot);
    }
  }

  /** A worker that died or spoke nonsense: its tasks fail with the reason, the others carry on. */
  private drop(slot: Slot, e: Error): void {
    this.slots = this.slots.filter((s) => s !== slot);
    slot.link.terminate(e).catch(() => {});
  }

  /** Send a task to the least busy worker and wait for its reply (no time limit: files can be large). */
  private run(build: (req: number) => object): Promise<ReaderReply> {
    this.ensure();
    const slot = this.slots.reduce((a, b) => (b.link.busy < a.link.busy ? b : a));
    return slot.link.request(build, null);
  }

  async read(file: string, options: ReadOptions = {}): Promise<OpenedSession> {
    const r = await this.run((req) => ({ type: 'read', req, file, journal: options.journal !== false }));
    if (r.type !== 'opened') throw new Error(`${NAME} sent no session`);
    return r.opened;
  }

  async figures(data: SessionData, request: FiguresRequest): Promise<SessionFigures> {
    // Columns in shared memory go to the worker as they are; others are copied there.
    const r = await this.run((req) => ({ type: 'figures', req, data, request }));
    if (r.type !== 'figures') throw new Error(`${NAME} sent no figures`);
    return r.figures;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.link.terminate(new Error('the session reader is closed'))));
  }
}
