import { torrentFileProblem } from '../../shared/torrent-input';
import { boundedFetch } from './bounded-fetch';

/*
 * An http(s) link to a .torrent typed into the add box: the host fetches it (a browser page
 * cannot, across origins) bounded as boundedFetch does, checks that the answer is a .torrent
 * and hands the bytes to the source like an opened file, so every source takes links.
 */

/** The largest .torrent taken from a link (the largest the live protocol takes from a page). */
export const MAX_LINKED_TORRENT = 16 * 1024 * 1024;
export const LINK_TIMEOUT_MS = 10_000;
export const LINK_MAX_REDIRECTS = 3;

/**
 * The link as it is said in a message: without credentials and without its query (a private
 * tracker's download link carries the user's passkey there), and not endless.
 */
export function linkText(url: string): string {
  try {
    const u = new URL(url);
    const s = `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
    return s.length > 160 ? `${s.slice(0, 157)}…` : s;
  } catch {
    return '(a link that is not a valid URL)';
  }
}

export async function fetchTorrentLink(
  url: string,
  limits: { maxBytes?: number; timeoutMs?: number; allow?: readonly string[] } = {},
): Promise<Uint8Array> {
  const timeoutMs = limits.timeoutMs ?? LINK_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const said = linkText(url);
  let bytes: Uint8Array;
  try {
    ({ bytes } = await boundedFetch(url, {
      maxBytes: limits.maxBytes ?? MAX_LINKED_TORRENT,
      maxRedirects: LINK_MAX_REDIRECTS,
      signal,
      allow: limits.allow,
      accept: 'application/x-bittorrent, */*;q=0.5',
    }));
  } catch (e) {
    if (signal.aborted) throw new Error(`The link ${said} gave no .torrent within ${timeoutMs / 1000} s`);
    const why = (e as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 'refused the connection' : (e as Error).message;
    throw new Error(`The link ${said} ${why}`);
  }
  const problem = torrentFileProblem(bytes);
  if (problem) throw new Error(`The link ${said} did not give a .torrent file: ${problem}`);
  return bytes;
}
