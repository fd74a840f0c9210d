import { availableParallelism } from 'node:os';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { SessionFigures } from '../../shared/compare/compareSessions';
import type { SessionData } from '../../shared/session/data';
import type { DataQuery } from '../../shared/session/wire';
import { workerEndpoint } from '../workers/endpoint';
import { startWorker } from '../workers/start';
import { WorkerLink } from '../workers/workerLink';
import { isWritingHere } from './journalOwner';
import { READER_RESOURCE_LIMITS } from './readerLimits';
import { journalPath, type OpenedSession, SessionFileError } from './sessionFiles';
import type { LevelsSummary } from './sessionLevels';
import type { FiguresRequest, ReadOptions, SessionReader } from './sessionReader';
import { ReaderReply } from './sessionReaderProtocol';

/*
 * WorkerSessionReader decodes in a small pool of worker threads (one per core, at most 4)
 * into shared memory: the files of a comparison decode in parallel, the host serves the
 * columns as soon as they are decoded, and each session's figures for a comparison are
 * computed by a worker reading the same memory. Each worker is spoken to through a WorkerLink,
 * which validates its replies; an idle pool never keeps the process alive. A worker runs one
 * task at a time, within READER_RESOURCE_LIMITS: a file that exhausts them ends its worker and
 * fails its own task only (as damaged), the tasks queued behind it go to a fresh worker.
 */

const NAME = 'session reader worker';

interface Slot {
  readonly worker: Worker;
  readonly link: WorkerLink<ReaderReply>;
}

interface Job {
  readonly build: (req: number) => object;
  readonly resolve: (r: ReaderReply) => void;
  readonly reject: (e: Error) => void;
}

/** How a worker that ran out of its memory limit is reported (Node's ERR_WORKER_OUT_OF_MEMORY). */
const OUT_OF_MEMORY = /memory limit|out of memory/i;

function errorOf(ev: ReaderReply): Error {
  if (ev.type !== 'reply-error') return new Error(`${NAME} sent an unexpected reply`);
  return ev.file === null
    ? new Error(ev.message)
    : new SessionFileError(ev.file, ev.message.replace(`${ev.file}: `, ''), ev.kind);
}

export interface WorkerReaderOptions {
  /** Each worker's limits (default READER_RESOURCE_LIMITS). */
  readonly resourceLimits?: ResourceLimits;
}

export class WorkerSessionReader implements SessionReader {
  private slots: Slot[] = [];
  private readonly waiting: Job[] = [];
  private closed = false;
  private readonly limits: ResourceLimits;

  constructor(
    readonly size = Math.max(1, Math.min(4, availableParallelism())),
    options: WorkerReaderOptions = {},
  ) {
    this.limits = options.resourceLimits ?? READER_RESOURCE_LIMITS;
  }

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
      const worker = startWorker('session-reader', 'src/main/storage/sessionReaderWorker.ts', {
        resourceLimits: this.limits,
      });
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

  /** Queue a task for the next idle worker and wait for its reply (no time limit: files can be large). */
  private run(build: (req: number) => object): Promise<ReaderReply> {
    this.ensure();
    return new Promise((resolve, reject) => {
      this.waiting.push({ build, resolve, reject });
      this.pump();
    });
  }

  /** Hand queued tasks to idle workers (replacing dead ones first). */
  private pump(): void {
    if (this.closed) return;
    this.ensure();
    for (const slot of this.slots) {
      const job = slot.link.busy === 0 ? this.waiting.shift() : undefined;
      if (!job) continue;
      slot.link
        .request(job.build, null)
        .then(job.resolve, job.reject)
        .finally(() => this.pump());
    }
  }

  async read(file: string, options: ReadOptions = {}): Promise<OpenedSession> {
    let r: ReaderReply;
    try {
      r = await this.run((req) => ({
        type: 'read',
        req,
        file,
        journal: options.journal !== false,
        writing: isWritingHere(journalPath(file)),
      }));
    } catch (e) {
      if (!(e instanceof SessionFileError) && OUT_OF_MEMORY.test((e as Error).message))
        throw new SessionFileError(
          file,
          `cannot be decoded within the reader's memory limit (${this.limits.maxOldGenerationSizeMb} MiB of heap): damaged or hostile`,
        );
      throw e;
    }
    if (r.type !== 'opened') throw new Error(`${NAME} sent no session`);
    return r.opened;
  }

  async figures(data: SessionData, request: FiguresRequest): Promise<SessionFigures> {
    // Columns in shared memory go to the worker as they are; others are copied there.
    const r = await this.run((req) => ({ type: 'figures', req, data, request }));
    if (r.type !== 'figures') throw new Error(`${NAME} sent no figures`);
    return r.figures;
  }

  async query(file: string, query: DataQuery): Promise<SessionData | null> {
    const q = { ...query, names: query.names ? [...query.names] : undefined };
    const r = await this.run((req) => ({ type: 'query', req, file, query: q }));
    if (r.type !== 'data') throw new Error(`${NAME} sent no data`);
    return r.data;
  }

  async summary(file: string): Promise<LevelsSummary | null> {
    const r = await this.run((req) => ({ type: 'summary', req, file }));
    if (r.type !== 'summary') throw new Error(`${NAME} sent no summary`);
    return r.summary;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0)) job.reject(new Error('the session reader is closed'));
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.link.terminate(new Error('the session reader is closed'))));
  }
}
