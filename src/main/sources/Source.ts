import type { SourceHealth, SourceInfo, TorrentInfo } from '../../shared/api';
import type { SessionCounters } from '../../shared/counters';
import type { RateWindow } from '../../shared/invariants';
import type { SourceExtras } from '../../shared/session/extras';
import type { SourceProvenance } from '../../shared/session/meta';

/**
 * Something that writes a session's metrics into SessionCounters: the embedded engine, an
 * adapter for a real client, a replay. The host starts it with the counters and stops it.
 */
export interface Source {
  readonly info: SourceInfo;
  /**
   * Metric index -> why this source cannot report it. Every index not listed is really
   * measured; listed ones are shown as "not reported by this source", never as zeros.
   */
  readonly notReported: ReadonlyMap<number, string>;
  /**
   * What this source's rate gauges (bw.*_rate) mean, so the host can check them against the
   * counters they measure. Absent: the source did not say (an outside engine's own window), and
   * rates are not checked against counters; every other invariant still is.
   */
  readonly rateWindow?: RateWindow;
  /** Start writing. Resolves once the source runs; rejects with a message a user can act on. */
  start(counters: SessionCounters): Promise<void>;
  /** Stop writing and free everything (threads, sockets, files). Safe to call twice. */
  stop(): Promise<void>;
  /** Report a failure after start (a crashed worker): the host shows it and keeps running. */
  onError?(listener: (error: Error) => void): void;
  /** Present when the source manages torrents the user can add, pause, resume and remove. */
  readonly torrents?: TorrentControl;
  /**
   * Whether the counters hold a current reading. A remote source whose connection is lost or
   * lagging says false: the host's sample is then a gap (NaN), never the stale values or zeros.
   * Called once per host sample. Absent: always current (the embedded engine).
   */
  sampling?(): boolean;
  /** The host's sample interval, at start and whenever it changes (a remote source polls at it). */
  setIntervalMs?(ms: number): void;
  /** A remote source's connection health. */
  health?(): SourceHealth;
  /** Called when health, notReported or provenance changed, so the host tells its clients. */
  onChange?(listener: () => void): void;
  /** The engine's own registry, version and settings, recorded with the session. */
  provenance?(): SourceProvenance | null;
  /** Called with each alert the engine sends (irontide's alert messages), kept with the session. */
  onAlert?(listener: (alert: { readonly t: number; readonly kind: string; readonly message: string }) => void): void;
  /** The engine's own metrics beyond ours (libtorrent's), recorded as extra columns; null: none. */
  extras?(): SourceExtras | null;
}

/** Torrent commands of a source; every method rejects with a message a user can act on. */
export interface TorrentControl {
  list(): Promise<readonly TorrentInfo[]>;
  /** A magnet link, a local .torrent path (trusted callers only: the CLI), or .torrent bytes. */
  add(input: string | Uint8Array): Promise<TorrentInfo>;
  pause(infoHash: string): Promise<TorrentInfo>;
  resume(infoHash: string): Promise<TorrentInfo>;
  remove(infoHash: string): Promise<TorrentInfo>;
}
