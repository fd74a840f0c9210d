import { readFile } from 'node:fs/promises';
import parseTorrent from 'parse-torrent';
import type { TorrentInfo } from '../../shared/api';
import { magnetProblem, torrentFileProblem } from '../../shared/torrent-input';

/*
 * What a user hands a daemon's torrent control (a magnet link, a local .torrent path from the
 * CLI, or .torrent bytes), checked here so a bad one gets a message before it reaches the
 * daemon, and with the info hash the daemon will list it under.
 */

export type DaemonTorrent =
  | { readonly kind: 'magnet'; readonly uri: string; readonly infoHash: string }
  | { readonly kind: 'file'; readonly bytes: Uint8Array; readonly infoHash: string; readonly name: string };

export async function daemonTorrent(input: string | Uint8Array): Promise<DaemonTorrent> {
  if (typeof input === 'string' && /^magnet:\?/i.test(input.trim())) {
    const uri = input.trim();
    const problem = magnetProblem(uri);
    if (problem) throw new Error(problem);
    const parsed = await parseTorrent(uri).catch(() => null);
    if (!parsed?.infoHash || !/^[0-9a-f]{40}$/.test(parsed.infoHash)) {
      throw new Error('not a valid magnet link: it has no BitTorrent info hash (xt=urn:btih:...)');
    }
    return { kind: 'magnet', uri, infoHash: parsed.infoHash };
  }
  const bytes = typeof input === 'string' ? new Uint8Array(await readFile(input)) : input;
  const problem = torrentFileProblem(bytes);
  if (problem) throw new Error(`not a valid .torrent file: ${problem}`);
  const parsed = await parseTorrent(bytes).catch((e: unknown) => {
    throw new Error(`not a valid .torrent file: ${e instanceof Error ? e.message : String(e)}`);
  });
  if (!parsed.info || !parsed.infoHash) throw new Error('not a valid .torrent file: it has no info dictionary');
  return { kind: 'file', bytes, infoHash: parsed.infoHash, name: String(parsed.name ?? parsed.infoHash) };
}

/**
 * Daemons apply torrent commands at their next tick: read the torrent until `done` holds
 * (10 s at most), so a command answers with the state it caused.
 */
export async function waitForTorrent(
  engine: string,
  hash: string,
  read: (hash: string) => Promise<TorrentInfo | null>,
  done: (i: TorrentInfo) => boolean,
  what: string,
): Promise<TorrentInfo> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const i = await read(hash);
    if (i && done(i)) return i;
    if (Date.now() > deadline) throw new Error(`${engine} did not show torrent ${hash} ${what} within 10 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
