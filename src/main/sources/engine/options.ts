import type { DefaultSourceOptions } from '../default';

/** A flag of the embedded engine with a value it cannot take; the message names the flag. */
export class EngineOptionError extends Error {}

/** The engine's command-line options, shared by `serve` and the desktop app (both import them from here). */
export const ENGINE_OPTIONS = {
  'content-size': { type: 'string' },
  'piece-length': { type: 'string' },
  seeders: { type: 'string' },
  leechers: { type: 'string' },
  'utp-share': { type: 'string' },
  'corrupt-every': { type: 'string' },
  'seeder-upload-limit': { type: 'string' },
  'download-limit': { type: 'string' },
  'upload-limit': { type: 'string' },
  'no-utp': { type: 'boolean' },
  'no-swarm': { type: 'boolean' },
  torrent: { type: 'string', multiple: true },
} as const;

export const ENGINE_HELP = `Embedded engine (the default source):
  --torrent T           also add a torrent: a magnet link or a .torrent file (repeatable)
  --no-swarm            no loopback swarm: a bare session with only the --torrent ones
  --content-size SIZE   bytes the loopback swarm shares per cycle (default 16MiB)
  --piece-length SIZE   piece size of the swarm's torrents (default 256KiB)
  --seeders N           seeders in the swarm, 1..16 (default 3; one of them corrupts blocks)
  --leechers N          leechers that download from us, 0..16 (default 2)
  --utp-share X         share of swarm members that speak uTP, 0..1 (default 0.5)
  --corrupt-every N     the bad seeder corrupts one block in N (default 48; 0: honest swarm)
  --seeder-upload-limit RATE   each seeder's upload cap (default 1MiB, per second; -1: none)
  --download-limit RATE        our download cap per second (default 2MiB; -1: none)
  --upload-limit RATE          our upload cap per second (default 2MiB; -1: none)
  --no-utp              our session speaks TCP only
SIZE and RATE take B, KiB, MiB, GiB (or k, M, G), e.g. 512KiB; RATE is per second.`;

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** "16MiB" -> 16777216; -1 where allowed means "no limit". */
export function parseSize(text: string, name: string, allowUnlimited = false): number {
  const t = text.trim();
  if (allowUnlimited && t === '-1') return -1;
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)(?:\/s)?$/.exec(t);
  const unit = m ? UNITS[(m[2] ?? '').toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new EngineOptionError(
      `--${name} must be a size like 512KiB, 16MiB or 1G${allowUnlimited ? ' (or -1 for none)' : ''}, got "${text}"`,
    );
  }
  return Math.round(Number(m[1]) * unit);
}

function intIn(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new EngineOptionError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

type EngineValues = {
  [K in keyof typeof ENGINE_OPTIONS]?: (typeof ENGINE_OPTIONS)[K]['type'] extends 'boolean'
    ? boolean
    : K extends 'torrent'
      ? string[]
      : string;
};

/** Turn parsed flags into createDefaultSource options (validated, with messages naming the flag). */
export function engineOptionsFrom(v: EngineValues): { source: DefaultSourceOptions; torrents: string[] } {
  const size = (k: 'content-size' | 'piece-length') => (v[k] === undefined ? undefined : parseSize(v[k] as string, k));
  const rate = (k: 'seeder-upload-limit' | 'download-limit' | 'upload-limit') =>
    v[k] === undefined ? undefined : parseSize(v[k] as string, k, true);
  let utpShare: number | undefined;
  if (v['utp-share'] !== undefined) {
    utpShare = Number(v['utp-share']);
    if (!(utpShare >= 0 && utpShare <= 1))
      throw new EngineOptionError(`--utp-share must be a number from 0 to 1, got "${v['utp-share']}"`);
  }
  const source: DefaultSourceOptions = {
    contentSize: size('content-size'),
    pieceLength: size('piece-length'),
    seeders: intIn(v.seeders, 'seeders', 1, 16),
    leechers: intIn(v.leechers, 'leechers', 0, 16),
    utpShare,
    corruptEvery: intIn(v['corrupt-every'], 'corrupt-every', 0, 1_000_000),
    seederUploadLimit: rate('seeder-upload-limit'),
    downloadLimit: rate('download-limit'),
    uploadLimit: rate('upload-limit'),
    utp: v['no-utp'] ? false : undefined,
    swarm: v['no-swarm'] ? false : undefined,
  };
  for (const k of Object.keys(source) as (keyof DefaultSourceOptions)[]) if (source[k] === undefined) delete source[k];
  return { source, torrents: v.torrent ?? [] };
}
