import type { ConnectionState, HostEvent, HostHello, HostState, TidegaugeApi } from '../../shared/api';
import type { RegistryEntry } from '../../shared/registry-types';
import type { Snapshot } from '../../shared/snapshot';

export interface StreamView {
  readonly connection: ConnectionState;
  readonly registry: readonly RegistryEntry[];
  readonly appVersion: string;
  readonly host: HostState | null;
  readonly latest: Snapshot | null;
  /** Recent snapshots, oldest first (bounded). */
  readonly history: readonly Snapshot[];
  /** Bumps on every change, so React can compare cheaply. */
  readonly version: number;
}

const HISTORY = 3600;

/** Holds what the host has told us; React reads it through useSyncExternalStore. */
export class HostStore {
  private view: StreamView = {
    connection: 'connecting',
    registry: [],
    appVersion: '',
    host: null,
    latest: null,
    history: [],
    version: 0,
  };
  private readonly listeners = new Set<() => void>();
  private ring: Snapshot[] = [];
  private stop: (() => void) | null = null;

  constructor(private readonly api: TidegaugeApi) {}

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

  getView = (): StreamView => this.view;

  setDiagnostics(enabled: boolean): void {
    this.api.send({ type: 'setDiagnostics', enabled });
  }

  private onEvent(e: HostEvent): void {
    if (e.type === 'hello') {
      const { type: _t, protocol: _p, appVersion, registry, ...host } = e as HostHello;
      this.ring = [];
      this.update({ registry, appVersion, host, history: [], latest: null, connection: 'open' });
    } else if (e.type === 'status') {
      const { type: _t, ...host } = e;
      this.update({ host });
    } else {
      const s = e.snapshot;
      if (this.ring.length && s.seq <= (this.ring[this.ring.length - 1] as Snapshot).seq) this.ring = [];
      this.ring.push(s);
      if (this.ring.length > HISTORY) this.ring.splice(0, this.ring.length - HISTORY);
      this.update({ latest: s, history: this.ring.slice() });
    }
  }

  private update(patch: Partial<StreamView>): void {
    this.view = { ...this.view, ...patch, version: this.view.version + 1 };
    for (const l of this.listeners) l();
  }
}
