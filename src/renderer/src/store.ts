import type {
  ClientCommand,
  ConnectionState,
  HostEvent,
  HostHello,
  HostMenu,
  HostOpen,
  HostSourceTest,
  HostState,
  TidegaugeApi,
} from '../../shared/api';
import type { RegistryEntry } from '../../shared/registry-types';
import { DEFAULT_LEVELS, type LevelSpec, SeriesStore } from '../../shared/series';
import { applyHistory, decodeHistory } from '../../shared/series-history';
import { type SeriesSource, storeRows } from '../../shared/series-source';
import { rememberDiagnostics, storedDiagnostics } from './prefs';

export interface StreamView {
  readonly connection: ConnectionState;
  readonly registry: readonly RegistryEntry[];
  readonly appVersion: string;
  readonly host: HostState | null;
  /** The host's last refusal of a command of ours (a bad magnet link, nowhere to record...). */
  readonly lastError: { readonly message: string; readonly at: number } | null;
  /** The answer to our last Test connection (testSource). */
  readonly sourceTest: HostSourceTest | null;
  /** Bumps on every change of the fields above, so React can compare cheaply. */
  readonly version: number;
}

/**
 * Holds what the host has told us. Host state (rarely changing) is read through
 * useSyncExternalStore; samples go into a multi-resolution SeriesStore and are announced to
 * data listeners (the render scheduler), so a snapshot never re-renders the whole app.
 */
export class HostStore {
  private view: StreamView = {
    connection: 'connecting',
    registry: [],
    appVersion: '',
    host: null,
    lastError: null,
    sourceTest: null,
    version: 0,
  };
  private readonly listeners = new Set<() => void>();
  private readonly dataListeners = new Set<() => void>();
  private readonly requestListeners = new Set<(e: HostOpen | HostMenu) => void>();
  private lastSeq = Number.NEGATIVE_INFINITY;
  private stop: (() => void) | null = null;
  private history: SeriesStore = new SeriesStore([]);
  /** The live stream as the panels' series source. */
  readonly source: SeriesSource = liveSource(this);

  constructor(
    private readonly api: TidegaugeApi,
    /** Resolutions of the history (the frame benchmark's "downsampling off" keeps every sample). */
    private readonly levels: readonly LevelSpec[] = DEFAULT_LEVELS,
  ) {}

  /** The samples received since the last hello, at every resolution. */
  get series(): SeriesStore {
    return this.history;
  }

  connect(): void {
    if (this.stop) return;
    this.stop = this.api.subscribe(
      (e) => this.onEvent(e),
      (c) => this.update({ connection: c }),
    );
  }

  disconnect(): void {
    this.stop?.();
    this.stop = null;
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** Called after every sample appended (and on a reset of the history). */
  subscribeData(fn: () => void): () => void {
    this.dataListeners.add(fn);
    return () => this.dataListeners.delete(fn);
  }

  getView = (): StreamView => this.view;

  /** What the host asks the UI to do: open sessions (File > Open, command line), menu commands. */
  subscribeRequests(fn: (e: HostOpen | HostMenu) => void): () => void {
    this.requestListeners.add(fn);
    return () => this.requestListeners.delete(fn);
  }

  /** Send any command to the host (torrent commands...); refusals arrive as view.lastError. */
  send(command: ClientCommand): void {
    this.update({ lastError: null });
    this.api.send(command);
  }

  /** Test an address (the Connect… dialog); the answer arrives as view.sourceTest. */
  testSource(command: Extract<ClientCommand, { type: 'testSource' }>): void {
    this.update({ sourceTest: null, lastError: null });
    this.api.send(command);
  }

  /** Switch recording of the live session on or off. */
  setRecording(enabled: boolean): void {
    this.api.send({ type: 'setRecording', enabled });
  }

  /** Turn diagnostics on or off in the host, and remember the choice for the next start. */
  setDiagnostics(enabled: boolean): void {
    rememberDiagnostics(enabled);
    this.api.send({ type: 'setDiagnostics', enabled });
  }

  private onEvent(e: HostEvent): void {
    if (e.type === 'hello') {
      const { type: _t, protocol: _p, appVersion, registry, ...host } = e as HostHello;
      this.history = new SeriesStore(registry, this.levels);
      this.lastSeq = Number.NEGATIVE_INFINITY;
      this.update({ registry, appVersion, host: keepUnchanged(this.view.host, host), connection: 'open' });
      // The user's last choice wins over however this host was started.
      const wanted = storedDiagnostics();
      if (wanted !== null && wanted !== host.diagnostics) this.api.send({ type: 'setDiagnostics', enabled: wanted });
      this.emitData();
    } else if (e.type === 'status') {
      const { type: _t, ...host } = e;
      this.update({ host: keepUnchanged(this.view.host, host) });
    } else if (e.type === 'snapshot') {
      const s = e.snapshot;
      if (s.values.length !== this.series.metricCount) return;
      if (s.seq <= this.lastSeq) this.series.clear(); // the host restarted its stream
      this.lastSeq = s.seq;
      this.series.append(s);
      this.emitData();
    } else if (e.type === 'history') {
      // The session before we connected, coarsest level first; snapshots carry on after it.
      const frame = decodeHistory(e.frame, this.series.metricCount);
      if (applyHistory(this.series, frame)) this.lastSeq = Math.max(this.lastSeq, frame.lastSeq);
      this.emitData();
    } else if (e.type === 'open' || e.type === 'menu') {
      for (const l of this.requestListeners) l(e);
    } else if (e.type === 'error') {
      this.update({ lastError: { message: e.message, at: Date.now() } });
    } else if (e.type === 'sourceTest') {
      this.update({ sourceTest: e });
    }
  }

  private emitData(): void {
    for (const l of this.dataListeners) l();
  }

  private update(patch: Partial<StreamView>): void {
    this.view = { ...this.view, ...patch, version: this.view.version + 1 };
    for (const l of this.listeners) l();
  }
}

const NO_REASONS: Readonly<Record<number, string>> = {};

/**
 * The new host state, with the previous state's "not reported" reasons when they say the same.
 * Every status (several a second under load: invariants, torrents, health) arrives as a fresh
 * object; every panel binds its series through these reasons, so a new object with the same
 * content re-bound and redrew every panel on every status although nothing it shows changed.
 */
function keepUnchanged(prev: HostState | null, next: HostState): HostState {
  if (!prev || prev.notReported === next.notReported || !sameReasons(prev.notReported, next.notReported)) return next;
  return { ...next, notReported: prev.notReported };
}

function sameReasons(a: Readonly<Record<number, string>>, b: Readonly<Record<number, string>>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k as unknown as number] !== b[k as unknown as number]) return false;
  return true;
}

function liveSource(store: HostStore): SeriesSource {
  return {
    get registry() {
      return store.series.registry;
    },
    get notReported() {
      return store.getView().host?.notReported ?? NO_REASONS;
    },
    get intervalMs() {
      return store.getView().host?.intervalMs ?? 1000;
    },
    get start() {
      return store.series.startT;
    },
    get end() {
      return store.series.endT;
    },
    rows: (bound, q) => storeRows(store.series, bound, q),
    subscribe: (fn) => store.subscribeData(fn),
  };
}
