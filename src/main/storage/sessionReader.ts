import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Alignment, Marker } from '../../shared/compare/align';
import type { SessionFigures } from '../../shared/compare/compareSessions';
import { sessionHalf } from '../../shared/compare/halves';
import type { SessionData } from '../../shared/session/data';
import { startWorker } from '../workers/start';
import { type OpenedSession, readSessionFile, SessionFileError } from './sessionFiles';

/*
 * How the host opens session files. Decoding a day-long session is ~150 ms of ZSTD and Arrow
 * work; done on the host's own thread it stalls the snapshot stream, and the files of a
 * comparison decode one after the other. WorkerSessionReader decodes in a small pool of
 * worker threads (one per core, at most 4) into shared memory: the files of a comparison
 * decode in parallel, the host serves the columns as soon as they are decoded, and each
 * session's half of the comparison summary is computed by a worker reading the same memory.
 */

/** What a session contributes to a comparison, besides its data. */
export interface HalfRequest {
  readonly id: string;
  readonly title: string;
  readonly markers: readonly Marker[];
  readonly alignment: Alignment;
  readonly nudgeMs: number;
}

export interface ReadOptions {
  /** Fold in the journal beside the file (default true; false when importing a copy). */
  readonly journal?: boolean;
}

export interface SessionReader {
  read(file: string, options?: ReadOptions): Promise<OpenedSession>;
  /** The session's half of a comparison (compareSessions' figures and the derived series). */
  half(data: SessionData, request: HalfRequest): Promise<SessionFigures>;
  close(): Promise<void>;
}

export function halfOf(data: SessionData, h: HalfRequest): SessionFigures {
  return sessionHalf({ id: h.id, title: h.title, data, markers: h.markers, nudgeMs: h.nudgeMs }, h.alignment);
}

/** The plain reader: everything on the calling thread (tests, one-shot CLI commands). */
export const inThreadReader: SessionReader = {
  read: (file, options) => readSessionFile(file, options),
  half: async (data, h) => halfOf(data, h),
  async close() {},
};

export type ReaderTask =
  | { readonly seq: number; readonly op: 'read'; readonly file: string; readonly journal: boolean }
  | { readonly seq: number; readonly op: 'half'; readonly data: SessionData; readonly half: HalfRequest };

export type ReaderReply =
  | { readonly seq: number; readonly ok: true; readonly opened?: OpenedSession; readonly half?: SessionFigures }
  | { readonly seq: number; readonly ok: false; readonly file: string | null; readonly message: string };

/**
 * The same columns in one SharedArrayBuffer: posted to another thread they are shared, not
 * copied, and the thread that decoded them can go on reading them.
 */
export function shareData(data: SessionData): SessionData {
  const n = data.length;
  const buf = data.t.buffer;
  // Decoded into shared memory already (the usual case): nothing to copy.
  if (buf instanceof SharedArrayBuffer && [data.diagnostics, ...data.columns].every((a) => a.buffer === buf))
    return data;
  const m = data.columns.length;
  const sab = new SharedArrayBuffer(8 * n * (m + 1) + n);
  const t = new Float64Array(sab, 0, n);
  t.set(data.t.subarray(0, n));
  const columns = data.columns.map((c, i) => {
    const col = new Float64Array(sab, 8 * n * (i + 1), n);
    col.set(c.subarray(0, n));
    return col;
  });
  const diagnostics = new Uint8Array(sab, 8 * n * (m + 1), n);
  diagnostics.set(data.diagnostics.subarray(0, n));
  return { meta: data.meta, length: n, t, diagnostics, columns };
}

interface Slot {
  readonly worker: Worker;
  /** Tasks sent to this worker and not answered yet. */
  readonly tasks: Set<number>;
}

export class WorkerSessionReader implements SessionReader {
  private slots: Slot[] = [];
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: ReaderReply) => void; reject: (e: Error) => void }>();
  private closed = false;

  constructor(readonly size = Math.max(1, Math.min(4, availableParallelism()))) {}

  /** Start the workers now (a host does this at start, so the first open does not pay for it). */
  warm(): this {
    this.ensure();
    return this;
  }

  private ensure(): void {
    if (this.closed) throw new Error('the session reader is closed');
    while (this.slots.length < this.size) {
      const worker = startWorker('session-reader', 'src/main/storage/sessionReaderWorker.ts');
      worker.unref(); // idle readers never keep a CLI process alive
      const slot: Slot = { worker, tasks: new Set() };
      worker.on('message', (r: ReaderReply) => {
        slot.tasks.delete(r.seq);
        const p = this.pending.get(r.seq);
        this.pending.delete(r.seq);
        p?.resolve(r);
      });
      worker.on('error', (e) => this.fail(slot, e));
      worker.on('exit', (code) => this.fail(slot, new Error(`a session reader worker exited (code ${code})`)));
      this.slots.push(slot);
    }
  }

  /**
   * A worker died (out of memory on a huge file, a crash): its tasks fail with the reason, the
   * others carry on, and the next request starts a replacement. Events of a worker already
   * dropped change nothing.
   */
  private fail(slot: Slot, e: Error): void {
    if (!this.slots.includes(slot)) return;
    this.slots = this.slots.filter((s) => s !== slot);
    for (const seq of slot.tasks) {
      this.pending.get(seq)?.reject(e);
      this.pending.delete(seq);
    }
    slot.tasks.clear();
    slot.worker.terminate().catch(() => {});
  }

  private run(
    task: ReaderTask extends infer T ? (T extends unknown ? Omit<T, 'seq'> : never) : never,
  ): Promise<ReaderReply> {
    this.ensure();
    const slot = this.slots.reduce((a, b) => (b.tasks.size < a.tasks.size ? b : a));
    const seq = ++this.seq;
    slot.tasks.add(seq);
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      slot.worker.postMessage({ ...task, seq });
    });
  }

  private static unwrap(r: ReaderReply): Extract<ReaderReply, { ok: true }> {
    if (r.ok) return r;
    throw r.file === null ? new Error(r.message) : new SessionFileError(r.file, r.message.replace(`${r.file}: `, ''));
  }

  async read(file: string, options: ReadOptions = {}): Promise<OpenedSession> {
    const r = WorkerSessionReader.unwrap(await this.run({ op: 'read', file, journal: options.journal !== false }));
    if (!r.opened) throw new Error('the session reader sent no session');
    return r.opened;
  }

  async half(data: SessionData, half: HalfRequest): Promise<SessionFigures> {
    // Columns in shared memory go to the worker as they are; others are copied there.
    const r = WorkerSessionReader.unwrap(await this.run({ op: 'half', data, half }));
    if (!r.half) throw new Error('the session reader sent no summary');
    return r.half;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots;
    this.slots = [];
    for (const p of this.pending.values()) p.reject(new Error('the session reader is closed'));
    this.pending.clear();
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
