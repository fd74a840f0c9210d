import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { HostStatus, SourceInfo } from '../../shared/api';
import type { SessionEvent } from '../../shared/session/events';
import { ExtraColumns, extraEntries } from '../../shared/session/extras';
import type { SessionMeta } from '../../shared/session/meta';
import type { Snapshot } from '../../shared/snapshot';
import { SessionWriter, type SessionWriterOptions } from '../storage/sessionWriter';
import { ensureZstd } from '../storage/zstd';
import { APP_VERSION } from '../version';
import { recordingProvenance } from './provenance';
import type { StatsHost } from './statsHost';

export interface RecorderOptions extends SessionWriterOptions {
  /** Folder the session files go to (the library's sessions folder). */
  readonly dir: string;
  /** Journal flush period in ms (default 1000): the most a crash can lose. */
  readonly flushMs?: number;
  /** After a write error (a full disk), how often a new file is tried (default 5000 ms). */
  readonly retryMs?: number;
  /**
   * Free space a new file waits for after a write error (default 1 MiB), so a disk with a few
   * KB back does not fill up with sessions of a handful of samples each.
   */
  readonly minFreeBytes?: number;
}

/** A session whose recording stopped on a write error: which, and why (the error names the file). */
export interface StoppedRecording {
  readonly id: string;
  readonly error: string;
}

export interface RecordingInfo {
  readonly id: string;
  readonly path: string;
  readonly startedAt: number;
  readonly rows: number;
}

export interface RecorderEvents {
  started: [RecordingInfo];
  stopped: [RecordingInfo];
  /** A write failed (disk full, folder gone): recording stops, retried in a new file; the host keeps running. */
  error: [Error];
  /** Recording was switched on (start) or off (stop). */
  switched: [boolean];
}

/** A file name that sorts by time and says what it is: 20250101-120000-engine-1a2b.arrow. */
export function recordingId(startedAt: number, source: SourceInfo | null): string {
  const d = new Date(startedAt);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
  const kind = (source?.kind ?? 'none').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 24) || 'source';
  return `${stamp}-${kind}-${randomBytes(2).toString('hex')}`;
}

function sameSource(a: SourceInfo | null, b: SourceInfo | null): boolean {
  return a?.kind === b?.kind && a?.label === b?.label && a?.detail === b?.detail;
}

/**
 * Records every snapshot of a StatsHost into the sessions folder, one file per source: a
 * new source starts a new file, no source records nothing (there is nothing to keep).
 */
export class Recorder extends EventEmitter<RecorderEvents> {
  private writer: SessionWriter | null = null;
  private info: Omit<RecordingInfo, 'rows'> | null = null;
  private source: SourceInfo | null = null;
  private notReported = new Set<number>();
  private lastFlush = 0;
  private row: Float64Array;
  /** The current file's extra columns (an engine's own metrics, after ours). */
  private extras = new ExtraColumns([]);
  private running = false;
  private readonly flushMs: number;
  private readonly retryMs: number;
  /** The write error recording stopped on (null while it records, or once switched on again). */
  private failure: Error | null = null;
  private failureCode: string | null = null;
  private retryAt = 0;
  private readonly stoppedOn: StoppedRecording[] = [];

  constructor(
    private readonly host: StatsHost,
    private readonly options: RecorderOptions,
  ) {
    super();
    this.row = new Float64Array(host.registry.length);
    this.flushMs = options.flushMs ?? 1000;
    this.retryMs = options.retryMs ?? 5000;
  }

  private readonly onSnapshot = (s: Snapshot) => this.record(s);
  private readonly onStatus = (s: HostStatus) => this.status(s.source);
  private readonly onEvent = (e: SessionEvent) => this.event(e);

  /** Start listening; the first file opens with the next snapshot from a source. */
  async start(): Promise<void> {
    if (this.running) {
      // Switched on again after a write error: try a new file with the next sample.
      this.retryAt = 0;
      return;
    }
    await ensureZstd();
    mkdirSync(this.options.dir, { recursive: true });
    this.failure = null;
    this.running = true;
    this.source = this.host.sourceInfo;
    this.host.on('snapshot', this.onSnapshot);
    this.host.on('status', this.onStatus);
    this.host.on('event', this.onEvent);
    this.emit('switched', true);
  }

  /** Stop and close the current file properly (last batch, end marker, journal removed). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.host.off('snapshot', this.onSnapshot);
    this.host.off('status', this.onStatus);
    this.host.off('event', this.onEvent);
    this.finish();
    this.emit('switched', false);
  }

  get enabled(): boolean {
    return this.running;
  }

  get current(): RecordingInfo | null {
    return this.info && this.writer ? { ...this.info, rows: this.writer.rows } : null;
  }

  /** Why recording stopped (a write error: a full disk...), until a new file records or it is switched on again; else null. */
  get error(): string | null {
    return this.failure?.message ?? null;
  }

  /** Sessions of this run whose recording stopped on a write error, most recent last. */
  get stopped(): readonly StoppedRecording[] {
    return this.stoppedOn;
  }

  private status(source: SourceInfo | null): void {
    if (!sameSource(source, this.source)) this.finish();
    this.source = source;
    this.notReported = new Set(Object.keys(this.host.notReported()).map(Number));
  }

  private open(s: Snapshot): void {
    const source = this.host.sourceInfo;
    const startedAt = s.t;
    const id = recordingId(startedAt, source);
    const path = join(this.options.dir, `${id}.arrow`);
    const notReported = this.host.notReported();
    this.notReported = new Set(Object.keys(notReported).map(Number));
    const sx = this.host.sourceExtras();
    this.extras = new ExtraColumns(sx ? extraEntries(sx, new Set(this.host.registry.map((e) => e.name))) : []);
    this.row = new Float64Array(this.host.registry.length + this.extras.entries.length);
    const meta: SessionMeta = {
      format: 'tidegauge-session',
      version: 1,
      id,
      appVersion: APP_VERSION,
      startedAt,
      intervalMs: this.host.intervalMs,
      source,
      ...(this.host.sourceProvenance ? { sourceProvenance: this.host.sourceProvenance } : {}),
      registry: [...this.host.registry, ...this.extras.entries],
      notReported: Object.fromEntries(Object.entries(notReported).map(([k, v]) => [String(k), v])),
      origin: { type: 'recording' },
      provenance: recordingProvenance(),
    };
    this.writer = new SessionWriter(path, meta, { ...this.options, journal: true, levels: true });
    // What happened since the source started (its switch, an outage before its first sample)
    // opens the file: the host keeps it until there is a file to write it to.
    for (const e of this.host.sessionEvents()) this.writer.event(e);
    this.info = { id, path, startedAt };
    this.lastFlush = s.t;
    this.failure = null;
    this.emit('started', { ...this.info, rows: 0 });
  }

  private record(s: Snapshot): void {
    if (!this.running || !this.host.sourceInfo) return;
    // After a write error, a new file is tried every retryMs (or at once when switched on again).
    if (!this.writer && this.failure && !this.mayRetry()) return;
    // A file opens with the source's first real sample (it knows its engine by then); later
    // gaps are rows of nulls in it.
    if (!this.writer && s.gap) return;
    try {
      if (!this.writer) this.open(s);
      const w = this.writer as SessionWriter;
      const row = this.row;
      const ours = this.host.registry.length;
      for (let i = 0; i < ours; i++) row[i] = this.notReported.has(i) ? Number.NaN : (s.values[i] as number);
      this.extras.fill(row, ours, this.host.sourceExtras(), s.gap === true);
      w.append(s.t, s.diagnostics, row);
      // Flush once the unflushed samples span about flushMs (every sample at 1 Hz and slower).
      if (s.t - this.lastFlush >= this.flushMs - this.host.intervalMs / 2) {
        w.flush();
        this.lastFlush = s.t;
      }
    } catch (e) {
      this.failed(e as Error);
    }
  }

  /** An event of the session: into the open file (journaled at once); before a file opens, open() takes it from the host. */
  private event(e: SessionEvent): void {
    if (!this.writer) return;
    try {
      this.writer.event(e);
    } catch (err) {
      this.failed(err as Error);
    }
  }

  /**
   * A write failed: keep what reached the disk (the library folds the journal in), let go of
   * the file so it can be closed or deleted, and say so; the next file is tried in retryMs.
   */
  private failed(e: Error): void {
    const w = this.writer;
    const info = this.info;
    this.writer = null;
    this.info = null;
    const kept = w ? w.salvage() : 0;
    const code = (e as NodeJS.ErrnoException).code ?? null;
    // A retry that fails the same way is not news.
    const news = info !== null || this.failure === null || this.failureCode !== code;
    const notes: string[] = [];
    if (info) notes.push(`${kept} samples of ${info.id} are saved`);
    const every = this.retryMs >= 1000 ? `${Math.round(this.retryMs / 1000)} s` : `${this.retryMs} ms`;
    if (this.running) notes.push(`trying again every ${every}`);
    this.failure = new Error(notes.length ? `${e.message} (${notes.join('; ')})` : e.message, { cause: e });
    this.failureCode = code;
    this.retryAt = Date.now() + this.retryMs;
    if (info) {
      this.stoppedOn.push({ id: info.id, error: this.failure.message });
      if (this.stoppedOn.length > 20) this.stoppedOn.shift();
      this.emit('stopped', { ...info, rows: kept });
    }
    if (news) this.fail(this.failure);
  }

  /** Time for a new file after a write error, and room for it. */
  private mayRetry(): boolean {
    if (Date.now() < this.retryAt) return false;
    let free = Number.POSITIVE_INFINITY;
    try {
      const st = statfsSync(this.options.dir);
      free = st.bavail * st.bsize;
    } catch {
      // Cannot tell: try the file.
    }
    if (free >= (this.options.minFreeBytes ?? 1024 * 1024)) return true;
    this.retryAt = Date.now() + this.retryMs;
    return false;
  }

  /** Report a write failure without ever throwing into the host's snapshot loop. */
  private fail(e: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', e);
    else console.error(`tidegauge: recording stopped: ${e.message}`);
  }

  private finish(): void {
    const w = this.writer;
    const info = this.info;
    if (!w || !info) return;
    try {
      w.close();
      this.writer = null;
      this.info = null;
      this.emit('stopped', { ...info, rows: w.rows });
    } catch (e) {
      this.failed(e as Error);
    }
  }
}
