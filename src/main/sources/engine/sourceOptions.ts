import type { LoopbackOptions } from './swarm';

// The engine's options, apart from EngineSource.ts so that settings.ts (which EngineSource
// imports to describe a run) can read them without an import circle.

export interface EngineSourceOptions {
  /** The loopback swarm to run (the default), or null for a bare session (real torrents only). */
  readonly loopback?: Partial<LoopbackOptions> | null;
  /** Session download / upload caps, bytes/s; -1: unlimited. */
  readonly downloadLimit?: number;
  readonly uploadLimit?: number;
  /** Let the session use uTP (it always speaks TCP). */
  readonly utp?: boolean;
  readonly maxConns?: number;
  /** Gauge and bw.* rate period, ms. */
  readonly tickMs?: number;
  /** Where downloads go; default: a temp folder removed on stop. */
  readonly dataDir?: string;
  /**
   * DHT bootstrap nodes for a bare session ("host:port"). The loopback swarm brings its own;
   * a bare session without any has no DHT (this machine has no internet).
   */
  readonly dhtBootstrap?: readonly string[];
  /** Write metrics (default) or run webtorrent untouched (the bench's baseline). */
  readonly instrument?: boolean;
}
