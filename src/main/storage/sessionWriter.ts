import { closeSync, fdatasyncSync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { EOS, SessionStreamEncoder } from '../../shared/session/arrow';
import type { SessionMeta } from '../../shared/session/meta';
import { encodeWalFrames, encodeWalHeader, walFrameSize } from '../../shared/session/wal';
import { journalPath } from './sessionFiles';

export interface SessionWriterOptions {
  /** Keep a journal (foo.wal) so a crash loses at most the last flush. Recordings: yes. */
  readonly journal?: boolean;
  /** Samples per Arrow record batch (default 900: 15 min at 1 Hz). */
  readonly batchRows?: number;
  /** Start a new batch once the buffered samples span this long (default 15 min). */
  readonly batchMs?: number;
}

/**
 * Appends samples to a session file: an Arrow IPC stream written a record batch at a time,
 * with a journal of the not-yet-batched samples beside it. Only ever appends (the journal is
 * cut back after each batch); `close` writes the last batch and the end-of-stream marker and
 * removes the journal. Creating refuses to overwrite an existing file.
 */
export class SessionWriter {
  readonly width: number;
  private readonly enc: SessionStreamEncoder;
  private fd: number | null;
  private walFd: number | null = null;
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

  constructor(
    readonly path: string,
    readonly meta: SessionMeta,
    options: SessionWriterOptions = {},
  ) {
    this.width = meta.registry.length;
    this.batchRows = Math.max(1, options.batchRows ?? 900);
    this.batchMs = options.batchMs ?? 15 * 60 * 1000;
    this.enc = new SessionStreamEncoder(meta);
    const cap = this.batchRows;
    this.t = new Float64Array(cap);
    this.diag = new Uint8Array(cap);
    this.values = new Float64Array(cap * this.width);
    this.frameBuf = new Uint8Array(walFrameSize(this.width) * 16);
    this.fd = openSync(path, 'wx');
    try {
      writeSync(this.fd, this.enc.header());
      if (options.journal) {
        this.walFd = openSync(journalPath(path), 'wx');
        const h = encodeWalHeader(this.width, { id: meta.id, pid: process.pid, startedAt: meta.startedAt });
        writeSync(this.walFd, h, 0, h.length, 0);
        this.walHeader = this.walPos = h.length;
      }
    } catch (e) {
      this.abandon();
      throw e;
    }
  }

  /** Samples written or buffered so far. */
  get rows(): number {
    return this.committed + this.buffered;
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
    writeSync(this.walFd, this.frameBuf, 0, len, this.walPos);
    this.walPos += len;
    this.journaled = this.buffered;
  }

  /** Write the buffered samples as one record batch, then cut the journal back. */
  commitBatch(): void {
    if (this.fd === null || this.buffered === 0) return;
    const n = this.buffered;
    const msg = this.enc.batch({
      length: n,
      t: this.t.subarray(0, n),
      diagnostics: this.diag.subarray(0, n),
      values: this.values.subarray(0, n * this.width),
    });
    writeSync(this.fd, msg);
    fdatasyncSync(this.fd);
    this.committed += n;
    this.buffered = 0;
    this.journaled = 0;
    if (this.walFd !== null) {
      ftruncateSync(this.walFd, this.walHeader);
      this.walPos = this.walHeader;
    }
  }

  /** Finish the file: last batch, end-of-stream marker, journal removed. */
  close(): void {
    if (this.fd === null) return;
    this.commitBatch();
    writeSync(this.fd, EOS);
    fdatasyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
    if (this.walFd !== null) {
      closeSync(this.walFd);
      this.walFd = null;
      unlinkSync(journalPath(this.path));
    }
  }

  /** Close the descriptors without finishing (after a write error); what is on disk stays readable. */
  abandon(): void {
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
