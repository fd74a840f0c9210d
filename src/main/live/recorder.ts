import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HostStatus, SourceInfo } from '../../shared/api';
import type { SessionMeta } from '../../shared/session/meta';
import type { Snapshot } from '../../shared/snapshot';
import { SessionWriter, type SessionWriterOptions } from '../storage/sessionWriter';
import { ensureZstd } from '../storage/zstd';
import { APP_VERSION } from '../version';
import type { StatsHost } from './statsHost';

export interface RecorderOptions extends SessionWriterOptions {
  /** Folder the session files go to (the library's sessions folder). */
  readonly dir: string;
  /** Journal flush period in ms (default 1000): the most a crash can lose. */
  readonly flushMs?: number;
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
  /** A write failed (disk full, folder gone): recording stops, the host keeps running. */
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
  private running = false;
  private readonly flushMs: number;

  constructor(
    private readonly host: StatsHost,
    private readonly options: RecorderOptions,
  ) {
    super();
    this.row = new Float64Array(host.registry.length);
    this.flushMs = options.flushMs ?? 1000;
  }

  private readonly onSnapshot = (s: Snapshot) => this.record(s);
  private readonly onStatus = (s: HostStatus) => this.status(s.source);

  /** Start listening; the first file opens with the next snapshot from a source. */
  async start(): Promise<void> {
    if (this.running) return;
    await ensureZstd();
    mkdirSync(this.options.dir, { recursive: true });
    this.running = true;
    this.source = this.host.sourceInfo;
    this.host.on('snapshot', this.onSnapshot);
    this.host.on('status', this.onStatus);
    this.emit('switched', true);
  }

  /** Stop and close the current file properly (last batch, end marker, journal removed). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.host.off('snapshot', this.onSnapshot);
    this.host.off('status', this.onStatus);
    this.finish();
    this.emit('switched', false);
  }

  get enabled(): boolean {
    return this.running;
  }

  get current(): RecordingInfo | null {
    return this.info && this.writer ? { ...this.info, rows: this.writer.rows } : null;
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
    const meta: SessionMeta = {
      format: 'tidegauge-session',
      version: 1,
      id,
      appVersion: APP_VERSION,
      startedAt,
      intervalMs: this.host.intervalMs,
      source,
      registry: [...this.host.registry],
      notReported: Object.fromEntries(Object.entries(notReported).map(([k, v]) => [String(k), v])),
      origin: { type: 'recording' },
    };
    this.writer = new SessionWriter(path, meta, { ...this.options, journal: true });
    this.info = { id, path, startedAt };
    this.lastFlush = s.t;
    this.emit('started', { ...this.info, rows: 0 });
  }

  private record(s: Snapshot): void {
    if (!this.running || !this.host.sourceInfo) return;
    try {
      if (!this.writer) this.open(s);
      const w = this.writer as SessionWriter;
      const row = this.row;
      for (let i = 0; i < row.length; i++) row[i] = this.notReported.has(i) ? Number.NaN : (s.values[i] as number);
      w.append(s.t, s.diagnostics, row);
      // Flush once the unflushed samples span about flushMs (every sample at 1 Hz and slower).
      if (s.t - this.lastFlush >= this.flushMs - this.host.intervalMs / 2) {
        w.flush();
        this.lastFlush = s.t;
      }
    } catch (e) {
      this.writer?.abandon();
      this.writer = null;
      this.info = null;
      this.running = false;
      this.host.off('snapshot', this.onSnapshot);
      this.host.off('status', this.onStatus);
      this.fail(e as Error);
    }
  }

  /** Report a write failure without ever throwing into the host's snapshot loop. */
  private fail(e: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', e);
    else console.error(`tidegauge: recording stopped: ${e.message}`);
  }

  private finish(): void {
    const w = this.writer;
    const info = this.info;
    this.writer = null;
    this.info = null;
    if (!w || !info) return;
    try {
      w.close();
      this.emit('stopped', { ...info, rows: w.rows });
    } catch (e) {
      w.abandon();
      this.fail(e as Error);
    }
  }
}
