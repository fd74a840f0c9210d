import parseTorrent from 'parse-torrent';
import type { TorrentOptions } from 'webtorrent';
import { MAX_TORRENT_BASE64 } from '../../../shared/api';
import { boundedFetch } from '../bounded-fetch';
import type { TorrentInput } from './protocol';

/*
 * A magnet's xs= ("exact source") is the URL of its .torrent. webtorrent fetches each one and
 * reads the whole answer into memory before it looks at it: an endless or huge answer grows the
 * host without bound (RSS 569 -> 3,562 MB on a 1.5 GiB reply). The engine's add path fetches
 * them here instead, before webtorrent sees the magnet: http(s) only, all at once, the answer
 * read as a stream and given up past MAX_TORRENT_FILE bytes or when XS_TIMEOUT_MS have passed.
 * The first .torrent with the magnet's info hash goes to webtorrent as bytes, with the
 * magnet's trackers and web seeds beside it; when none arrives, the magnet goes without its
 * http(s) xs= (the metadata then comes from peers, BEP 9), and each failure is said once.
 */

/** The largest .torrent taken from a URL: the largest the live protocol takes from a page. */
export const MAX_TORRENT_FILE = MAX_TORRENT_BASE64;
/** All exact sources together; well inside the 30 s an add command may take. */
export const XS_TIMEOUT_MS = 10_000;
/** Sources tried at most (a magnet may list many). */
const MAX_SOURCES = 4;

const HTTP = /^https?:\/\//i;

/**
 * The body of `url`, refused once it passes `maxBytes` (declared or read) or `signal` aborts,
 * from public addresses only and through at most 3 redirects (bounded-fetch.ts).
 */
export async function fetchBounded(url: string, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  const { bytes } = await boundedFetch(url, { maxBytes, signal, accept: 'application/x-bittorrent' });
  return bytes;
}

/** What to hand webtorrent for a magnet (after validate() found its info hash). */
export interface MagnetSource {
  /** The .torrent from an exact source, or the magnet without its http(s) xs=. */
  readonly torrentId: string | Uint8Array;
  /** The magnet's trackers and web seeds, for a .torrent that came from a source. */
  readonly announce: string[];
  readonly urlList: string[];
  /** One line per source that gave nothing usable. */
  readonly warnings: string[];
}

function params(uri: string, key: string): string[] {
  const q = uri.slice(uri.indexOf('?') + 1);
  return q
    .split('&')
    .filter((p) => p.toLowerCase().startsWith(`${key}=`) || new RegExp(`^${key}\\.\\d+=`, 'i').test(p))
    .map((p) => {
      try {
        return decodeURIComponent(p.slice(p.indexOf('=') + 1));
      } catch {
        return '';
      }
    });
}

/** The magnet without its http(s) exact sources, everything else as it was. */
function withoutHttpSources(uri: string): string {
  const at = uri.indexOf('?');
  const kept = uri
    .slice(at + 1)
    .split('&')
    .filter((p) => !(/^xs(\.\d+)?=/i.test(p) && HTTP.test(decodeURIComponent(p.slice(p.indexOf('=') + 1)))));
  return `${uri.slice(0, at + 1)}${kept.join('&')}`;
}

export async function magnetSource(uri: string, infoHash: string): Promise<MagnetSource> {
  const sources = params(uri, 'xs').filter((u) => HTTP.test(u));
  if (sources.length === 0) return { torrentId: uri, announce: [], urlList: [], warnings: [] };
  const warnings: string[] = [];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), XS_TIMEOUT_MS);
  const tried = sources.slice(0, MAX_SOURCES);
  if (sources.length > MAX_SOURCES)
    warnings.push(`only the first ${MAX_SOURCES} of ${sources.length} xs= sources were tried`);
  let settled = false;
  const fetchOne = async (url: string): Promise<Uint8Array> => {
    try {
      const bytes = await fetchBounded(url, MAX_TORRENT_FILE, controller.signal);
      const parsed = await parseTorrent(bytes).catch(() => null);
      if (!parsed?.info) throw new Error('sent something that is not a .torrent file');
      if (parsed.infoHash !== infoHash) throw new Error(`sent the .torrent of another torrent (${parsed.infoHash})`);
      return bytes;
    } catch (e) {
      const why = controller.signal.aborted
        ? `gave no .torrent within ${XS_TIMEOUT_MS / 1000} s`
        : (e as Error).message;
      if (!settled) warnings.push(`xs= source ${url.slice(0, 200)} ${why}`);
      throw e;
    }
  };
  try {
    const bytes = await Promise.any(tried.map(fetchOne));
    const extra = await parseTorrent(withoutHttpSources(uri));
    return {
      torrentId: bytes,
      announce: extra.announce ?? [],
      urlList: [...params(uri, 'ws'), ...params(uri, 'as')],
      warnings,
    };
  } catch {
    warnings.push('the metadata will come from peers instead');
    return { torrentId: withoutHttpSources(uri), announce: [], urlList: [], warnings };
  } finally {
    settled = true;
    clearTimeout(timer);
    // The other sources are not needed any more.
    controller.abort();
  }
}

/**
 * What webtorrent is handed for an add: .torrent bytes as they are; for a magnet, what
 * magnetSource() makes of it, its trackers and web seeds put in `opts` (webtorrent takes web
 * seeds as `urlList`, which vendor.d.ts does not list) and what its sources did passed to
 * `warn` in one line.
 */
export async function boundedTorrentId(
  input: TorrentInput,
  infoHash: string,
  opts: TorrentOptions,
  warn: (message: string) => void,
): Promise<string | Uint8Array> {
  if (input.kind !== 'magnet') return input.bytes;
  const source = await magnetSource(input.uri.trim(), infoHash);
  if (source.warnings.length) warn(`torrent ${infoHash}: ${source.warnings.join('; ')}`);
  if (source.announce.length) opts.announce = [...(opts.announce ?? []), ...source.announce];
  if (source.urlList.length) Object.assign(opts, { urlList: source.urlList });
  return source.torrentId;
}
