import type { SourceHealth, SourceHealthState, SourceInfo } from '../../../shared/api';
import type { SessionCounters } from '../../../shared/counters';
import { builtinRegistry } from '../../../shared/registry';
import type { SourceExtras } from '../../../shared/session/extras';
import type { SourceProvenance } from '../../../shared/session/meta';
import type { Source } from '../Source';
import { type Connected, type Reading, type RemoteAdapter, type SourceEvent, SourceFailure } from './adapter';
import { RemoteExtras } from './extras';

export interface RemoteSourceOptions {
  /** First reconnect delay (default 250 ms); doubles up to maxBackoffMs. */
  readonly minBackoffMs?: number;
  /** Longest wait between reconnects (default 5000 ms). */
  readonly maxBackoffMs?: number;
  /** Events kept in memory for the session (default 10,000, oldest dropped). */
  readonly maxEvents?: number;
}

const REGISTRY = builtinRegistry();
const STATE_OF: Record<SourceFailure['kind'], SourceHealthState> = {
  unreachable: 'unreachable',
  auth: 'auth failed',
  banned: 'banned',
  protocol: 'protocol error',
};

/** A failure as a SourceFailure: anything an adapter let escape is the engine answering nonsense. */
function asFailure(e: unknown, address: string): SourceFailure {
  if (e instanceof SourceFailure) return e;
  return new SourceFailure('protocol', `${address}: ${(e as Error)?.message ?? String(e)}`);
}

/**
 * A Source that watches an engine through a RemoteAdapter: connects with backoff, polls (or
 * subscribes to pushes) at the host's sample interval, maps the engine's names onto our
 * registry, and writes counters as deltas of the engine's totals (a total that went down is a
 * restarted engine: its new total is added, never a negative delta) and gauges as set. While
 * there is no current reading the host's samples are gaps (sampling() false), never zeros.
 */
export class RemoteSource implements Source {
  readonly info: SourceInfo;
  notReported: ReadonlyMap<number, string>;
  readonly torrents: Source['torrents'];
  private counters: SessionCounters | null = null;
  private intervalMs = 1000;
  private running = false;
  private abort = new AbortController();
  private unsubscribe: (() => void) | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private connected: Connected | null = null;
  /** our index -> engine name, for the names this connection's registry has */
  private mapped: { idx: number; name: string; counter: boolean }[] = [];
  /** our index -> the engine's last total of a counter (kept across reconnects) */
  private readonly lastTotal = new Map<number, number>();
  private baselined = false;
  private lastReadingAt = 0;
  private diagApplied: boolean | null = null;
  private readonly listeners: Array<() => void> = [];
  private readonly errorListeners: Array<(e: Error) => void> = [];
  private readonly events: SourceEvent[] = [];
  private readonly alertListeners: Array<(e: SourceEvent) => void> = [];
  private readonly extraMetrics: RemoteExtras;
  private h: {
    state: SourceHealthState;
    latencyMs: number | null;
    missed: number;
    lastError: string | null;
    since: number;
    attempts: number;
  } = { state: 'connecting', latencyMs: null, missed: 0, lastError: null, since: Date.now(), attempts: 0 };
  private backoff: number;

  constructor(
    readonly adapter: RemoteAdapter,
    private readonly options: RemoteSourceOptions = {},
  ) {
    const kindName = adapter.kind === 'tidegauge' ? 'Tidegauge' : adapter.kind;
    this.info = {
      kind: adapter.kind,
      label: `${kindName} at ${adapter.displayAddress}`,
      detail: `${kindName} watched at ${adapter.displayAddress}`,
    };
    this.backoff = options.minBackoffMs ?? 250;
    this.notReported = this.reasons(null);
    this.torrents = adapter.torrents;
    this.extraMetrics = new RemoteExtras(adapter);
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  onError(listener: (e: Error) => void): void {
    this.errorListeners.push(listener);
  }

  onAlert(listener: (e: SourceEvent) => void): void {
    this.alertListeners.push(listener);
  }

  setIntervalMs(ms: number): void {
    const changed = ms !== this.intervalMs;
    this.intervalMs = ms;
    // A push stream was asked for the old interval: subscribe again at the new one.
    if (changed && this.running && this.connected) this.restartReadings();
  }

  health(): SourceHealth {
    return {
      ...this.h,
      address: this.adapter.displayAddress,
      version: this.connected?.version ?? null,
      mode: this.adapter.subscribe ? 'push' : 'poll',
    };
  }

  provenance(): SourceProvenance | null {
    const c = this.connected;
    if (!c) return null;
    return {
      version: c.version,
      address: this.adapter.displayAddress,
      registry: c.registry.map((e) => ({ name: e.name, kind: e.kind })),
      ...(c.provenance ? { settings: { ...c.provenance } } : {}),
    };
  }

  /** The engine's metrics beyond ours with their latest values (the recorder's extra columns). */
  extras(): SourceExtras | null {
    return this.extraMetrics.get();
  }

  /** Events (alerts) the engine sent during this session, oldest first. */
  sourceEvents(): readonly SourceEvent[] {
    return this.events;
  }

  sampling(): boolean {
    const fresh = this.h.state === 'live' && Date.now() - this.lastReadingAt <= 2 * this.intervalMs + 250;
    if (!fresh) {
      this.h.missed++;
      if (this.h.state === 'live') this.setState('lagging', `no reading for ${Date.now() - this.lastReadingAt} ms`);
    }
    return fresh;
  }

  /**
   * Connect once; an unreachable engine is retried in the background (start resolves and the
   * health says so), a refusal (credentials, ban, not this engine) rejects with its message.
   */
  async start(counters: SessionCounters): Promise<void> {
    if (this.running) throw new Error(`${this.info.label} is already running`);
    this.counters = counters;
    this.running = true;
    this.abort = new AbortController();
    const first = await this.attempt();
    if (first && first.kind !== 'unreachable') {
      this.running = false;
      throw first;
    }
  }

  async stop(): Promise<void> {
    if (!this.running && !this.counters) return;
    this.running = false;
    this.abort.abort();
    this.stopReadings();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.counters = null;
    this.setState('stopped', null);
    await this.adapter.close().catch(() => undefined);
  }

  /** Connect once and let go (the Connect… dialog's Test connection): what answered, or the failure. */
  async test(): Promise<string> {
    const ac = new AbortController();
    try {
      const c = await this.adapter.connect(ac.signal);
      const unmapped = this.reasons(c).size;
      return `${c.version} answers at ${this.adapter.displayAddress}; ${REGISTRY.length - unmapped} of our ${REGISTRY.length} metrics reported`;
    } catch (e) {
      throw asFailure(e, this.adapter.displayAddress);
    } finally {
      ac.abort();
      await this.adapter.close().catch(() => undefined);
    }
  }

  /** One connection attempt; null when it is live, else the failure (already in the health). */
  private async attempt(): Promise<SourceFailure | null> {
    this.h.attempts++;
    try {
      const c = await this.adapter.connect(this.abort.signal);
      if (!this.running) return null;
      this.connected = c;
      this.learn(c);
      this.backoff = this.options.minBackoffMs ?? 250;
      this.startReadings();
      return null;
    } catch (e) {
      if (!this.running) return null;
      const f = asFailure(e, this.adapter.displayAddress);
      this.lost(f);
      return f;
    }
  }

  /** The connection failed: a gap from now on; retried unless the engine refused us. */
  private lost(f: SourceFailure): void {
    this.stopReadings();
    this.setState(STATE_OF[f.kind], f.message);
    if (!this.running) return;
    // Wrong credentials or a ban are not fixed by asking again; a protocol error may be a
    // restarting engine, so it is retried at the slowest pace.
    if (f.kind === 'auth' || f.kind === 'banned') {
      for (const l of this.errorListeners) l(f);
      return;
    }
    const wait = f.kind === 'protocol' ? (this.options.maxBackoffMs ?? 5000) : this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMs ?? 5000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.running) void this.attempt();
    }, wait);
    this.retryTimer.unref?.();
  }

  private startReadings(): void {
    this.stopReadings();
    const a = this.adapter;
    if (a.subscribe) {
      let expected = Date.now() + this.intervalMs;
      this.unsubscribe = a.subscribe(
        this.intervalMs,
        (r) => {
          const now = Date.now();
          this.h.latencyMs = Math.max(0, now - expected);
          expected = now + this.intervalMs;
          this.apply(r);
        },
        (f) => this.lost(asFailure(f, a.displayAddress)),
      );
      // The first reading comes one interval after subscribing: the host waits as for a poll.
      this.lastReadingAt = Math.max(this.lastReadingAt, Date.now());
      return;
    }
    const tick = async () => {
      this.pollTimer = null;
      const t0 = performance.now();
      try {
        const r = await a.poll(this.abort.signal);
        if (!this.running) return;
        this.h.latencyMs = Math.round(performance.now() - t0);
        this.apply(r);
      } catch (e) {
        if (this.running) this.lost(asFailure(e, a.displayAddress));
        return;
      }
      if (this.running && this.connected) {
        this.pollTimer = setTimeout(tick, Math.max(0, this.intervalMs - (performance.now() - t0)));
        this.pollTimer.unref?.();
      }
    };
    void tick();
  }

  private stopReadings(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private restartReadings(): void {
    this.startReadings();
  }

  /** What a connection says about the engine: which of our names it has. */
  private learn(c: Connected): void {
    const theirs = new Set(c.registry.map((e) => e.name));
    const names = this.adapter.mapping.names;
    this.mapped = [];
    REGISTRY.forEach((e, idx) => {
      const name = names[e.name];
      // An adapter that derives a metric reports it under our name; the registry lists raw names.
      if (
        name !== undefined &&
        c.unreported?.[name] === undefined &&
        (theirs.has(name) || theirs.size === 0 || name === e.name)
      )
        this.mapped.push({ idx, name, counter: e.kind === 'counter' });
    });
    this.notReported = this.reasons(c);
    this.extraMetrics.learn(c);
    this.emitChange();
  }

  private reasons(c: Connected | null): ReadonlyMap<number, string> {
    const out = new Map<number, string>();
    const { names, notReported } = this.adapter.mapping;
    const theirs = c ? new Set(c.registry.map((e) => e.name)) : null;
    REGISTRY.forEach((e, idx) => {
      const name = names[e.name];
      const theirReason = name !== undefined ? c?.unreported?.[name] : undefined;
      if (name === undefined) out.set(idx, notReported[e.name] ?? `${this.adapter.kind} does not report ${e.name}`);
      else if (theirReason !== undefined) out.set(idx, theirReason);
      else if (theirs && theirs.size > 0 && !theirs.has(name) && name !== e.name)
        out.set(idx, `${this.adapter.kind} ${c?.version ?? ''}: its registry has no ${name}`.replace('  ', ' '));
      else if (theirs && theirs.size > 0 && !theirs.has(name))
        out.set(idx, `not in the registry of ${c?.version ?? this.adapter.kind}`);
    });
    return out;
  }

  /** Write one reading into the host's counters, all together. */
  private apply(r: Reading): void {
    const counters = this.counters;
    if (!counters) return;
    this.syncDiagnostics(counters);
    const addIdx: number[] = [];
    const adds: number[] = [];
    const setIdx: number[] = [];
    const sets: number[] = [];
    for (const m of this.mapped) {
      const v = r.values.get(m.name);
      if (v === undefined || !Number.isFinite(v)) continue;
      if (!m.counter) {
        setIdx.push(m.idx);
        sets.push(Math.round(v));
        continue;
      }
      const last = this.lastTotal.get(m.idx);
      this.lastTotal.set(m.idx, v);
      if (!this.baselined) {
        // The first reading of this source: the session's totals are the engine's.
        setIdx.push(m.idx);
        sets.push(Math.round(v));
      } else if (last === undefined || v < last) {
        // New to this connection, or the engine restarted (its total went down): all of it is new.
        addIdx.push(m.idx);
        adds.push(Math.round(v));
      } else if (v > last) {
        addIdx.push(m.idx);
        adds.push(Math.round(v - last));
      }
    }
    counters.publish(addIdx, adds, setIdx, sets);
    this.extraMetrics.take(r);
    this.baselined = true;
    this.lastReadingAt = Date.now();
    if (r.missed) this.h.missed += r.missed;
    if (r.events?.length) this.keepEvents(r.events);
    if (this.h.state !== 'live') {
      this.h.attempts = 0;
      this.setState('live', this.h.lastError);
    }
  }

  private keepEvents(events: readonly SourceEvent[]): void {
    for (const e of events) for (const l of this.alertListeners) l(e);
    this.events.push(...events);
    const max = this.options.maxEvents ?? 10_000;
    if (this.events.length > max) this.events.splice(0, this.events.length - max);
  }

  /** The host's diagnostics switch is the engine's: a change is sent to the engine. */
  private syncDiagnostics(counters: SessionCounters): void {
    const on = counters.diagnosticsEnabled();
    if (on === this.diagApplied || !this.adapter.setDiagnostics) return;
    const first = this.diagApplied === null;
    this.diagApplied = on;
    // Attaching does not change the engine: only a later switch is sent.
    if (first) return;
    this.adapter.setDiagnostics(on, this.abort.signal).catch((e) => {
      this.h.lastError = asFailure(e, this.adapter.displayAddress).message;
      this.emitChange();
    });
  }

  private setState(state: SourceHealthState, error: string | null): void {
    const changed = state !== this.h.state || error !== this.h.lastError;
    if (state !== this.h.state) this.h.since = Date.now();
    this.h.state = state;
    if (error !== null) this.h.lastError = error;
    if (changed) this.emitChange();
  }

  private emitChange(): void {
    for (const l of this.listeners) l();
  }
}
