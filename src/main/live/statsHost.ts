import { EventEmitter } from 'node:events';
import type {
  HostHello,
  HostState,
  HostStatus,
  RecentSource,
  RecordingState,
  SourceInfo,
  TorrentInfo,
} from '../../shared/api';
import { NO_RECORDING, PROTOCOL_VERSION } from '../../shared/api';
import { SessionCounters } from '../../shared/counters';
import { deriveRates } from '../../shared/rates';
import { builtinRegistry, M, NUM_METRICS, sessionStatsMetrics } from '../../shared/registry';
import type { RegistryEntry } from '../../shared/registry-types';
import type { SessionEvent } from '../../shared/session/events';
import type { SourceExtras } from '../../shared/session/extras';
import type { SourceProvenance } from '../../shared/session/meta';
import type { Snapshot } from '../../shared/snapshot';
import { advanceSourceClock, type SourceClock } from '../../shared/source-clock';
import type { Source, TorrentControl } from '../sources/Source';
import { APP_VERSION } from '../version';
import { EventLog } from './eventLog';
import { InvariantMonitor } from './invariantMonitor';
import { LiveExtras } from './liveExtras';
import { checkInterval, Sampler } from './sampler';
import { SessionHistory } from './sessionHistory';

export interface StatsHostOptions {
  intervalMs?: number;
  diagnostics?: boolean;
  source?: Source | null;
  /** Use existing counters (tests, or a process that made them earlier). */
  counters?: SessionCounters;
}

export interface StatsHostEvents {
  snapshot: [Snapshot];
  status: [HostStatus];
  /** An alert, outage, diagnostics or source switch of the session, as it happens (the recorder keeps it). */
  event: [SessionEvent];
  /**
   * The live stream's registry changed (a source's extra columns came or went): snapshots from
   * now on have its width, the history starts again, and every client needs a new hello.
   */
  registry: [];
}

/** Events the status message carries to clients (the session file keeps them all). */
export const LIVE_EVENTS = 200;

const KINDS = sessionStatsMetrics().map((m) => m.kind);

const NO_SOURCE_REASON = 'no source is connected';

/**
 * Owns the session's counters, samples them at a fixed tick, derives rates once and hands
 * each snapshot to every subscriber (transports, recorder). Plain Node: no Electron here.
 */
export class StatsHost extends EventEmitter<StatsHostEvents> {
  readonly counters: SessionCounters;
  /** Our 99 metrics: what the counters hold, what the recorder and the invariants read. */
  readonly registry: readonly RegistryEntry[] = builtinRegistry();
  readonly startedAt = Date.now();
  /** The current source's extra columns in the live stream (null: none, snapshots are our 99). */
  private liveExtras: LiveExtras | null = null;
  private sessionHistory = new SessionHistory(this.registry);
  private readonly sampler: Sampler;
  private source: Source | null = null;
  private error: string | null = null;
  private seq = 0;
  private prev: Snapshot | null = null;
  private latestSnap: Snapshot | null = null;
  private recording: RecordingState = NO_RECORDING;
  private torrents: readonly TorrentInfo[] | null = null;
  private torrentTimer: NodeJS.Timeout | null = null;
  private sourceClock: SourceClock | null = null;
  private readonly invariants = new InvariantMonitor(this.registry);
  private recentSources: readonly RecentSource[] = [];
  private readonly events = new EventLog((e) => {
    this.emit('event', e);
    // An alert or outage is every client's to see at once.
    this.emitStatus();
  });

  constructor(options: StatsHostOptions = {}) {
    super();
    this.counters = options.counters ?? new SessionCounters({ diagnostics: options.diagnostics ?? false });
    if (options.diagnostics !== undefined) this.counters.setDiagnostics(options.diagnostics);
    this.sampler = new Sampler(checkInterval(options.intervalMs ?? 1000), () => this.sample());
    this.source = options.source ?? null;
    this.on('snapshot', (s) => this.history.append(s));
  }

  /** Every sample since the host started (since the live registry last changed), for pages that connect later. */
  get history(): SessionHistory {
    return this.sessionHistory;
  }

  /** The registry of the live stream: ours, then the source's extras when it has any. */
  get liveRegistry(): readonly RegistryEntry[] {
    return this.liveExtras?.registry ?? this.registry;
  }

  /** Start the source (if any) and the sampler. A source that fails to start is reported, not thrown. */
  async start(): Promise<void> {
    this.sample();
    this.sampler.start();
    if (this.source) await this.startSource(this.source);
  }

  async stop(): Promise<void> {
    this.sampler.stop();
    if (this.torrentTimer) clearInterval(this.torrentTimer);
    this.torrentTimer = null;
    const s = this.source;
    if (s) await s.stop().catch(() => undefined);
  }

  /** Swap the source (stopping the old one). Counters keep their values; rates see no jump backwards. */
  async setSource(source: Source | null): Promise<void> {
    const old = this.source;
    this.source = source;
    this.error = null;
    this.invariants.reset(null);
    this.sourceClock = null;
    // The new source's first sample has no predecessor: its counters start where its engine is.
    this.prev = null;
    // The new source's session (and file) starts with the switch.
    this.events.reset();
    if (source) this.events.add('source', `switched to ${source.info.label}`);
    // The new source brings its own extras, if any, once it has connected.
    if (this.liveExtras) this.setLiveExtras(null);
    if (old) await old.stop().catch(() => undefined);
    if (source) await this.startSource(source);
    else this.emitStatus();
  }

  private async startSource(source: Source): Promise<void> {
    source.setIntervalMs?.(this.sampler.interval);
    source.onChange?.(() => {
      if (this.source !== source) return;
      this.events.health(source.health?.(), source.info.label);
      this.emitStatus();
    });
    source.onAlert?.((a) => {
      if (this.source === source) this.events.add('alert', `${a.kind}: ${a.message}`, a.t);
    });
    source.onError?.((e) => {
      if (this.source !== source) return;
      this.error = `${source.info.label}: ${e.message}`;
      this.emitStatus();
    });
    try {
      await source.start(this.counters);
      this.error = null;
    } catch (e) {
      this.error = `${source.info.label} failed to start: ${(e as Error).message}`;
    }
    // Checked from its first sample with what it declared once running (its unreported metrics).
    this.invariants.reset(this.source === source && !this.error ? source : null);
    if (this.torrentTimer) clearInterval(this.torrentTimer);
    this.torrentTimer = null;
    this.torrents = null;
    if (source.torrents && !this.error) {
      this.torrents = [];
      await this.refreshTorrents();
      this.torrentTimer = setInterval(() => void this.refreshTorrents(), 2000);
      this.torrentTimer.unref?.();
    }
    this.emitStatus();
  }

  /** Torrent commands of the current source, or null when it has none. */
  get torrentControl(): TorrentControl | null {
    return this.source?.torrents ?? null;
  }

  /** Ask the source for its torrents; tell clients only when something changed. */
  async refreshTorrents(): Promise<void> {
    const control = this.torrentControl;
    if (!control) return;
    try {
      const list = await control.list();
      if (JSON.stringify(list) === JSON.stringify(this.torrents)) return;
      this.torrents = list;
      this.emitStatus();
    } catch {
      // A source that is stopping cannot list; the next refresh or status will say more.
    }
  }

  get intervalMs(): number {
    return this.sampler.interval;
  }

  setIntervalMs(ms: number): void {
    this.sampler.setInterval(ms);
    this.source?.setIntervalMs?.(ms);
    this.emitStatus();
  }

  setDiagnostics(enabled: boolean): void {
    const was = this.counters.diagnosticsEnabled();
    this.counters.setDiagnostics(enabled);
    if (was !== enabled)
      this.events.add(enabled ? 'diagnostics-on' : 'diagnostics-off', `diagnostics switched ${enabled ? 'on' : 'off'}`);
    else this.emitStatus();
  }

  /** The current source's session events so far, oldest first (a new file starts with them). */
  sessionEvents(): readonly SessionEvent[] {
    return this.events.all();
  }

  /** What the recorder reports about itself, passed on to every client with the status. */
  setRecordingState(recording: RecordingState): void {
    this.recording = recording;
    this.emitStatus();
  }

  /** The Connect… dialog's recent connections, passed on to every client with the status. */
  setRecentSources(list: readonly RecentSource[]): void {
    this.recentSources = list;
    this.emitStatus();
  }

  get sourceInfo(): SourceInfo | null {
    return this.source?.info ?? null;
  }

  /** A remote source's engine (version, registry, settings), for the session file. */
  get sourceProvenance(): SourceProvenance | null {
    return this.source?.provenance?.() ?? null;
  }

  /** The source's metrics beyond ours (libtorrent's) with their latest values, or null. */
  sourceExtras(): SourceExtras | null {
    return this.source?.extras?.() ?? null;
  }

  /** Index -> reason, for every metric this session cannot report. */
  notReported(): Record<number, string> {
    const out: Record<number, string> = {};
    if (!this.source) {
      for (let i = 0; i < NUM_METRICS; i++) out[i] = NO_SOURCE_REASON;
      return out;
    }
    for (const [i, why] of this.source.notReported) out[i] = why;
    return out;
  }

  state(): HostState {
    return {
      source: this.sourceInfo,
      notReported: this.notReported(),
      diagnostics: this.counters.diagnosticsEnabled(),
      intervalMs: this.sampler.interval,
      startedAt: this.sourceClock?.startedAt ?? this.startedAt,
      error: this.error,
      recording: this.recording,
      torrents: this.torrents,
      invariants: this.invariants.tally(),
      health: this.source?.health?.() ?? null,
      recentSources: this.recentSources,
      events: this.events.recent(LIVE_EVENTS),
    };
  }

  hello(): HostHello {
    return {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      appVersion: APP_VERSION,
      registry: this.liveRegistry,
      ...this.state(),
    };
  }

  latest(): Snapshot | null {
    return this.latestSnap;
  }

  /** Take one sample now (the sampler calls this on every tick). */
  sample(): Snapshot {
    // Samples taken in the same millisecond (a switch, a manual sample beside a tick) get
    // instants 1 ms apart: the stores keep a sample only after the one before it, and one
    // instant is one sample. A clock stepped back by more than a second is left as it is.
    const now = Date.now();
    const lastT = this.latestSnap?.t ?? Number.NEGATIVE_INFINITY;
    const t = now <= lastT && lastT - now < 1000 ? lastT + 1 : now;
    this.followExtras();
    if (this.source?.sampling && !this.source.sampling()) return this.gap(t);
    let values = this.counters.snapshot();
    const prev = this.prev;
    let rates = deriveRates(KINDS, values, t, prev?.values ?? null, prev?.t ?? t);
    if (this.liveExtras)
      ({ values, rates } = this.liveExtras.extend(values, rates, t, this.source?.extras?.() ?? null));
    const snap: Snapshot = { seq: this.seq++, t, diagnostics: this.counters.diagnosticsEnabled(), values, rates };
    this.prev = snap;
    this.latestSnap = snap;
    this.emit('snapshot', snap);
    if (this.source && !this.source.notReported.has(M.PEER_PEERS_CONNECTED))
      this.events.peers(values[M.PEER_PEERS_CONNECTED] as number, t);
    // A contradiction found live is every client's to see at once (and the recorder's to keep).
    if (this.invariants.observe(snap).length > 0) this.emitStatus();
    this.followSourceClock(t, values[M.SES_UPTIME_SECS] as number);
    return snap;
  }

  /**
   * A sample without a current reading (a remote source's connection is down): NaN everywhere,
   * so charts break and the file holds nulls. The next real sample's rates are taken against
   * the last real one, so what moved during the gap is counted, spread over it.
   */
  private gap(t: number): Snapshot {
    const values = new Float64Array(this.liveRegistry.length).fill(Number.NaN);
    const snap: Snapshot = {
      seq: this.seq++,
      t,
      diagnostics: this.counters.diagnosticsEnabled(),
      gap: true,
      values,
      rates: values.slice(),
    };
    this.latestSnap = snap;
    this.emit('snapshot', snap);
    return snap;
  }

  /**
   * The source's extras join the live stream once it offers them (a remote source learns them
   * on connecting), fixed for this source from then on; a cheap identity check per sample.
   */
  private followExtras(): void {
    if (this.liveExtras || !this.source?.extras) return;
    const sx = this.source.extras();
    if (sx && sx.metrics.length > 0) this.setLiveExtras(LiveExtras.of(sx, this.registry));
  }

  private setLiveExtras(x: LiveExtras | null): void {
    if (x === this.liveExtras) return;
    this.liveExtras = x;
    // Another width: the samples so far cannot share a store with the new ones.
    this.sessionHistory = new SessionHistory(this.liveRegistry);
    this.emit('registry');
  }

  /** Uptime everywhere counts from the source's own start where it reports one. */
  private followSourceClock(t: number, uptime: number): void {
    if (!this.source || this.source.notReported.has(M.SES_UPTIME_SECS)) return;
    const before = this.sourceClock?.startedAt ?? this.startedAt;
    this.sourceClock = advanceSourceClock(this.sourceClock, t, uptime);
    if (Math.abs((this.sourceClock?.startedAt ?? this.startedAt) - before) >= 1000) this.emitStatus();
  }

  private emitStatus(): void {
    this.emit('status', { type: 'status', ...this.state() });
  }
}
