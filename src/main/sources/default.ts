import { EngineSource, type EngineSourceOptions } from './engine/EngineSource';
import type { LoopbackOptions } from './engine/swarm';
import type { Source } from './Source';

/**
 * Options of the default source. Loopback swarm knobs (contentSize, pieceLength, seeders,
 * leechers, utpShare, corruptEvery, seederUploadLimit, cycle, seed) sit at the top level for
 * the command line; session knobs (downloadLimit, uploadLimit, utp, maxConns, tickMs, dataDir,
 * instrument) as in EngineSourceOptions.
 */
export interface DefaultSourceOptions
  extends Partial<LoopbackOptions>,
    Omit<EngineSourceOptions, 'loopback' | 'dhtBootstrap'> {
  /** false: a bare session with no loopback swarm (only the torrents the user adds). */
  readonly swarm?: boolean;
}

const LOOPBACK_KEYS = [
  'contentSize',
  'pieceLength',
  'seeders',
  'leechers',
  'utpShare',
  'corruptEvery',
  'seederUploadLimit',
  'cycle',
  'seed',
] as const satisfies ReadonlyArray<keyof LoopbackOptions>;

/**
 * The source a session starts with when the user names none: the embedded engine with its
 * loopback swarm, so real BitTorrent traffic moves the charts at once.
 */
export function createDefaultSource(options: DefaultSourceOptions = {}): Source | null {
  const loopback: Partial<Record<keyof LoopbackOptions, number | boolean>> = {};
  for (const k of LOOPBACK_KEYS) {
    const v = options[k];
    if (v !== undefined) loopback[k] = v;
  }
  return new EngineSource({
    loopback: options.swarm === false ? null : (loopback as Partial<LoopbackOptions>),
    downloadLimit: options.downloadLimit,
    uploadLimit: options.uploadLimit,
    utp: options.utp,
    maxConns: options.maxConns,
    tickMs: options.tickMs,
    dataDir: options.dataDir,
    instrument: options.instrument,
  });
}
