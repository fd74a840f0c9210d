import { readFile } from 'node:fs/promises';
import parseTorrent from 'parse-torrent';

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
    const parsed = await parseTorrent(uri).catch(() => null);
    if (!parsed?.infoHash || !/^[0-9a-f]{40}$/.test(parsed.infoHash)) {
      throw new Error('not a valid magnet link: it has no BitTorrent info hash (xt=urn:btih:...)');
    }
    return { kind: 'magnet', uri, infoHash: parsed.infoHash };
  }
  const bytes = typeof input === 'string' ? new Uint8Array(await readFile(input)) : input;
  if (bytes.length === 0) throw new Error('not a valid .torrent file: the file is empty');
  const parsed = await parseTorrent(bytes).catch((e: unknown) => {
    throw new Error(`not a valid .torrent file: ${e instanceof Error ? e.message : String(e)}`);
  });
  if (!parsed.info || !parsed.infoHash) throw new Error('not a valid .torrent file: it has no info dictionary');
  return { kind: 'file', bytes, infoHash: parsed.infoHash, name: String(parsed.name ?? parsed.infoHash) };
}
