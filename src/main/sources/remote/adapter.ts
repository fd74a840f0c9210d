import type { TorrentControl } from '../Source';

/*
 * The contract between the remote-source framework (RemoteSource: connect with backoff, poll or
 * push at the sample interval, map names onto the registry, write SessionCounters, health, gaps)
 * and one engine's protocol (irontide, another Tidegauge, qBittorrent, Transmission, Deluge,
 * Prometheus). An adapter speaks the protocol and reports values under the engine's own names;
 * everything the framework does once for all of them stays out of the adapters.
 */

/** Why connecting or polling failed; the framework turns the kind into the health state shown. */
export type SourceFailureKind =
  /** nothing answers at the address (refused, timed out, DNS) */
  | 'unreachable'
  /** the engine answered and refused the credentials */
  | 'auth'
  /** the engine bans us after failed logins: the framework stops retrying and says so */
  | 'banned'
  /** something answered that is not this engine, or answered nonsense */
  | 'protocol';

export class SourceFailure extends Error {
  constructor(
    readonly kind: SourceFailureKind,
    /** A message a user can act on; names the address (without credentials) and what to fix. */
    message: string,
  ) {
    super(message);
    this.name = 'SourceFailure';
  }
}

/** One reading of an engine's statistics under the engine's own names. */
export interface Reading {
  /** Engine name -> value: a counter as the engine's running total, a gauge as its current value. */
  readonly values: ReadonlyMap<string, number>;
  /** Samples the engine says it dropped since the last reading (irontide's `lagged`). */
  readonly missed?: number;
  /** Timestamped events (alerts) since the last reading; kept in the session file. */
  readonly events?: readonly SourceEvent[];
}

export interface SourceEvent {
  /** ms since the epoch */
  readonly t: number;
  readonly kind: string;
  readonly message: string;
}

/** What a connection learned about the engine; recorded with the session as its provenance. */
export interface Connected {
  /** e.g. "qBittorrent v4.5.2 (WebUI API 2.8.19)" */
  readonly version: string;
  /** The engine's own metric list, recorded with the session. */
  readonly registry: readonly { readonly name: string; readonly kind: 'counter' | 'gauge' }[];
  /** Settings of the run (preferences, session-get); never credentials. */
  readonly provenance?: Readonly<Record<string, unknown>>;
  /**
   * Engine names it lists but says it cannot report, with its reason (a Tidegauge's nulls):
   * shown as not reported, never as zeros.
   */
  readonly unreported?: Readonly<Record<string, string>>;
}

/**
 * How the engine's names land on ours: data, not code (built from ../shared/sources/mapping.tsv).
 * A registry name in neither table is not reported by the source, with a generic reason.
 */
export interface NameMap {
  /** our registry name -> the engine's name in Reading.values */
  readonly names: Readonly<Record<string, string>>;
  /** our registry name -> why this engine cannot report it ("qBittorrent's WebUI counts payload only") */
  readonly notReported: Readonly<Record<string, string>>;
}

export interface RemoteAdapter {
  /** 'irontide' | 'tidegauge' | 'qbittorrent' | 'transmission' | 'deluge' | 'prometheus' */
  readonly kind: string;
  /** The address as shown to a user: never credentials or tokens. */
  readonly displayAddress: string;
  readonly mapping: NameMap;
  /**
   * Keep the engine's registry names that none of ours maps onto as extra columns of the
   * session, shown under `section` ("libtorrent"); `keep` says which names qualify.
   */
  readonly extras?: { readonly section: string; keep(name: string): boolean };
  /** Log in and learn the engine; rejects with a SourceFailure. Called again on every reconnect. */
  connect(signal: AbortSignal): Promise<Connected>;
  /** One reading; rejects with a SourceFailure (an 'auth' failure makes the framework reconnect). */
  poll(signal: AbortSignal): Promise<Reading>;
  /**
   * Push instead of poll (irontide's events WebSocket): readings arrive at about intervalMs;
   * onError ends the subscription and the framework reconnects. Returns the unsubscribe.
   */
  subscribe?(intervalMs: number, onReading: (r: Reading) => void, onError: (e: SourceFailure) => void): () => void;
  /** Switch the engine's diagnostic counters, where it has such a switch. */
  setDiagnostics?(on: boolean, signal: AbortSignal): Promise<void>;
  readonly torrents?: TorrentControl;
  /** Free sockets and timers. Safe to call twice. */
  close(): Promise<void>;
}
