import { closeSync, fdatasyncSync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { EOS, SessionStreamEncoder } from '../../shared/session/arrow';
import { MAX_SESSION_EVENTS, type SessionEvent } from '../../shared/session/events';
import type { SessionMeta } from '../../shared/session/meta';
import { encodeWalEvent, encodeWalFrames, encodeWalHeader, walFrameSize } from '../../shared/session/wal';
import { markWriting, ownerFields } from './journalOwner';
import { journalPath } from './sessionFiles';
import { LevelsRecorder } from './sessionLevels';

export interface SessionWriterOptions {
  /** Keep a journal (foo.wal) so a crash loses at most the last flush. Recordings: yes. */
  readonly journal?: boolean;
  /** Samples per Arrow record batch (default 900: 15 min at 1 Hz). */
  readonly batchRows?: number;
  /** Start a new batch once the buffered samples span this long (default 15 min). */
  readonly batchMs?: number;
  /** Fold overview levels and a batch index into <name>.levels as batches are written (sessionLevels.ts). */
  readonly levels?: boolean;
}

/** A write that did not reach the disk: what, where, and the system's code (ENOSPC: the disk is full). */
export class SessionWriteError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    super(`${SessionWriteError.what(code)} writing ${path}`);
  }

  static what(code: string): string {
    if (code === 'ENOSPC') return 'disk full';
    if (code === 'EDQUOT') return 'disk quota exceeded';
    if (code === 'EROFS') return 'the disk is read-only';
    if (code === 'EIO') return 'an I/O error';
    if (code === 'ENOENT') return 'the folder is gone';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    return `error ${code}`;
  }
}

/** Write all of `buf` at `pos` (a short write is followed by the rest, or by the error that stopped it). */
function writeAll(fd: number, path: string, buf: Uint8Array, len: number, pos: number): void {
  for (let o = 0; o < len; ) {
    let n: number;
    try {
      n = writeSync(fd, buf, o, len - o, pos + o);
    } catch (e) {
      throw new SessionWriteError(path, (e as NodeJS.ErrnoException).code ?? 'EIO');
    }
    // No progress and no error: treat as full rather than loop.
    if (n <= 0) throw new SessionWriteError(path, 'ENOSPC');
    o += n;
  }
}

function syncOrThrow(fd: number, path: string): void {
  try {
    fdatasyncSync(fd);
  } catch (e) {
    throw new SessionWriteError(path, (e as NodeJS.ErrnoException).code ?? 'EIO');
  }
}

/** Cut a file back to `len` after a failed write (freeing space never needs space). */
function cutBack(fd: number, len: number): void {
  try {
    ftruncateSync(fd, len);
  } catch {
    // The next reader stops at the torn bytes anyway.
  }
}

/**
 * Appends samples to a session file: an Arrow IPC stream written a record batch at a time,
 * with a journal of the not-yet-batched samples beside it. Only ever appends (the journal is
 * cut back after each batch has reached the disk); `close` writes the last batch and the
 * end-of-stream marker and removes the journal. Creating refuses to overwrite an existing
 * file. Every write is checked: a failed one (a full disk) throws a SessionWriteError and
 * leaves both files as they were before it, so everything written until then stays readable.
 */
export class SessionWriter {
  readonly width: number;
  readonly walPath: string;
  private readonly enc: SessionStreamEncoder;
  private fd: number | null;
  private walFd: number | null = null;
  /** Bytes of the session file that are whole (schema and batches). */
  private filePos = 0;
  private walHeader = 0;
  private walPos = 0;
  private readonly batchRows: number;
  private readonly batchMs: number;
  // Row-major buffer of the samples not yet in a batch.
  private t: Float64Array;
  private diag: Uint8Array;
  private values: Float64Array;
  private buffered = 0;
  /** Buffered samples already in the journal. */
  private journaled = 0;
  private committed = 0;
  private frameBuf: Uint8Array;
  /** Events since the last batch: they go into its metadata (and are in the journal until then). */
  private pendingEvents: SessionEvent[] = [];
  private eventCount = 0;
  /** Events beyond MAX_SESSION_EVENTS, counted and not kept. */
  droppedEvents = 0;
  private levels: LevelsRecorder | null = null;

  constructor(
    readonly path: string,
    readonly meta: SessionMeta,
    options: SessionWriterOptions = {},
  ) {
    this.fd = null;
    this.width = meta.registry.length;
    this.walPath = journalPath(path);
    this.batchRows = Math.max(1, options.batchRows ?? 900);
    this.batchMs = options.batchMs ?? 15 * 60 * 1000;
    this.enc = new SessionStreamEncoder(meta);
    const cap = this.batchRows;
    this.t = new Float64Array(cap);
    this.diag = new Uint8Array(cap);
    this.values = new Float64Array(cap * this.width);
    this.frameBuf = new Uint8Array(walFrameSize(this.width) * 16);
    const created: string[] = [];
    let at = path;
    try {
      this.fd = openSync(path, 'wx');
      created.push(path);
      const head = this.enc.header();
      writeAll(this.fd, path, head, head.length, 0);
      this.filePos = head.length;
      if (options.journal) {
        at = this.walPath;
        this.walFd = openSync(this.walPath, 'wx');
        created.push(this.walPath);
        const h = encodeWalHeader(this.width, { id: meta.id, ...ownerFields(), startedAt: meta.startedAt });
        writeAll(this.walFd, this.walPath, h, h.length, 0);
        this.walHeader = this.walPos = h.length;
        markWriting(this.walPath, true);
      }
      if (options.levels) this.levels = new LevelsRecorder(path, meta);
    } catch (e) {
      // Nothing was recorded yet: leave no empty or half-written file behind.
      this.abandon();
      for (const p of created) {
        try {
          unlinkSync(p);
        } catch {
          // already gone
        }
      }
      throw e instanceof SessionWriteError ? e : new SessionWriteError(at, (e as NodeJS.ErrnoException).code ?? 'EIO');
    }
  }

  /** Samples written or buffered so far. */
  get rows(): number {
    return this.committed + this.buffered;
  }

  /** Samples on disk: in the file's batches or in the journal. */
  get durableRows(): number {
    return this.committed + (this.walFd === null ? 0 : this.journaled);
  }

  /** Add one sample; NaN values are stored as nulls (not reported). */
  append(t: number, diagnostics: boolean, values: ArrayLike<number>): void {
    if (this.fd === null) throw new Error(`${this.path} is closed`);
    if (this.buffered === this.t.length) this.grow();
    const r = this.buffered++;
    this.t[r] = t;
    this.diag[r] = diagnostics ? 1 : 0;
    const o = r * this.width;
    for (let i = 0; i < this.width; i++) this.values[o + i] = i < values.length ? (values[i] as number) : Number.NaN;
    if (this.buffered >= this.batchRows || t - (this.t[0] as number) >= this.batchMs) this.commitBatch();
  }

  /**
   * Keep an event with the session: journaled at once (events are rare and each one matters,
   * a crash must not take the outage it was recording), and written with the next batch.
   * The samples buffered before it are journaled first, so the journal keeps the order.
   */
  event(e: SessionEvent): void {
    if (this.fd === null) throw new Error(`${this.path} is closed`);
    if (this.eventCount >= MAX_SESSION_EVENTS) {
      this.droppedEvents++;
      return;
    }
    if (this.walFd !== null) {
      this.flush();
      const frame = encodeWalEvent(e);
      try {
        writeAll(this.walFd, this.walPath, frame, frame.length, this.walPos);
      } catch (err) {
        cutBack(this.walFd, this.walPos);
        throw err;
      }
      this.walPos += frame.length;
    }
    this.pendingEvents.push(e);
    this.eventCount++;
  }

  /** Events kept so far (in the file's batches, or waiting for the next one). */
  get events(): number {
    return this.eventCount;
  }

  /** Write the samples not yet in the journal to it (the recorder calls this about once a second). */
  flush(): void {
    if (this.walFd === null || this.journaled === this.buffered) return;
    const n = this.buffered - this.journaled;
    const size = walFrameSize(this.width);
    if (this.frameBuf.length < n * size) this.frameBuf = new Uint8Array(n * size * 2);
    const a = this.journaled;
    const len = encodeWalFrames(
      this.width,
      n,
      this.committed + a,
      this.t.subarray(a),
      this.diag.subarray(a),
      this.values.subarray(a * this.width),
      this.frameBuf,
    );
    try {
      writeAll(this.walFd, this.walPath, this.frameBuf, len, this.walPos);
    } catch (e) {
      // A torn frame would only be skipped by the reader; cut it off so the journal ends whole.
      cutBack(this.walFd, this.walPos);
      throw e;
    }
    this.walPos += len;
    this.journaled = this.buffered;
  }

  /** Write the buffered samples as one record batch, then cut the journal back. */
  commitBatch(): void {
    if (this.fd === null || (this.buffered === 0 && this.pendingEvents.length === 0)) return;
    const n = this.buffered;
    const msg = this.enc.batch(
      {
        length: n,
        t: this.t.subarray(0, n),
        diagnostics: this.diag.subarray(0, n),
        values: this.values.subarray(0, n * this.width),
      },
      this.pendingEvents,
    );
    try {
      writeAll(this.fd, this.path, msg, msg.length, this.filePos);
      syncOrThrow(this.fd, this.path);
    } catch (e) {
      // The batch did not reach the disk: the file ends at its last whole batch, and the
      // journal keeps every sample it holds.
      cutBack(this.fd, this.filePos);
      throw e;
    }
    this.levels?.batch(this.filePos, msg.length, n, this.t, this.diag, this.values);
    this.filePos += msg.length;
    this.committed += n;
    this.buffered = 0;
    this.journaled = 0;
    this.pendingEvents = [];
    if (this.walFd !== null) {
      ftruncateSync(this.walFd, this.walHeader);
      this.walPos = this.walHeader;
    }
  }

  /** Finish the file: last batch, end-of-stream marker, journal removed. */
  close(): void {
    if (this.fd === null) return;
    this.commitBatch();
    writeAll(this.fd, this.path, EOS, EOS.length, this.filePos);
    syncOrThrow(this.fd, this.path);
    this.filePos += EOS.length;
    closeSync(this.fd);
    this.fd = null;
    this.levels?.close(this.filePos);
    this.levels = null;
    if (this.walFd !== null) {
      closeSync(this.walFd);
      this.walFd = null;
      markWriting(this.walPath, false);
      unlinkSync(this.walPath);
    }
  }

  /**
   * After a write error: journal what the disk still takes, then let go of the files (the
   * library folds the journal in once no one writes it). Returns the samples on disk.
   */
  salvage(): number {
    try {
      this.flush();
    } catch {
      // The disk is full: the journal holds what it held.
    }
    const kept = this.durableRows;
    this.abandon();
    return kept;
  }

  /** Close the descriptors without finishing (after a write error); what is on disk stays readable. */
  abandon(): void {
    // The file may still grow (a journal fold): its levels are built when it is next opened.
    this.levels?.drop();
    this.levels = null;
    for (const fd of [this.fd, this.walFd]) {
      if (fd === null) continue;
      try {
        closeSync(fd);
      } catch {
        // already gone
      }
    }
    this.fd = null;
    this.walFd = null;
    markWriting(this.walPath, false);
  }

  private grow(): void {
    const cap = this.t.length * 2;
    const t = new Float64Array(cap);
    t.set(this.t);
    const d = new Uint8Array(cap);
    d.set(this.diag);
    const v = new Float64Array(cap * this.width);
    v.set(this.values);
    this.t = t;
    this.diag = d;
    this.values = v;
  }
}
