import type { TorrentInfo } from '../../../shared/api';
import { num } from '../daemon-http';

/*
 * What Transmission has only per torrent or per peer (torrent-get), summed at poll time under
 * names of our own ("torrents.*", "peers.*") that the NameMap maps. Field names are snake_case
 * (the RPC client converts the 3.x dialect).
 */

type Fields = Record<string, unknown>;

/** The torrent-get fields the gauges and the torrent list need (snake_case). */
export const TORRENT_FIELDS = [
  'id',
  'hash_string',
  'name',
  'status',
  'percent_done',
  'total_size',
  'piece_count',
  'peers_connected',
  'peers_sending_to_us',
  'peers_getting_from_us',
  'webseeds_sending_to_us',
  'peers',
  'rate_download',
  'rate_upload',
  'eta',
  'upload_ratio',
  'tracker_stats',
];

export const TORRENT_GAUGES = [
  'torrents.seeding',
  'torrents.downloading',
  'torrents.checking',
  'torrents.queued',
  'torrents.stopped',
  'torrents.peers_connected',
  'torrents.peers_sending_to_us',
  'torrents.peers_getting_from_us',
  'torrents.webseeds_sending_to_us',
  'peers.tcp',
  'peers.utp',
  'peers.unchoked',
  'peers.interested',
  'peers.tcp_rate_to_peer',
  'peers.tcp_rate_to_client',
  'peers.utp_rate_to_peer',
  'peers.utp_rate_to_client',
] as const;

export function torrentGauges(torrents: readonly Fields[], out: Map<string, number>): void {
  const s = Object.fromEntries(TORRENT_GAUGES.map((g) => [g, 0])) as Record<(typeof TORRENT_GAUGES)[number], number>;
  for (const t of torrents) {
    // 0 stopped, 1 check-wait, 2 check, 3 download-wait, 4 download, 5 seed-wait, 6 seed
    const status = num(t.status);
    if (status === 6) s['torrents.seeding']++;
    else if (status === 4) s['torrents.downloading']++;
    else if (status === 1 || status === 2) s['torrents.checking']++;
    else if (status === 3 || status === 5) s['torrents.queued']++;
    else if (status === 0) s['torrents.stopped']++;
    s['torrents.peers_connected'] += num(t.peers_connected) ?? 0;
    s['torrents.peers_sending_to_us'] += num(t.peers_sending_to_us) ?? 0;
    s['torrents.peers_getting_from_us'] += num(t.peers_getting_from_us) ?? 0;
    s['torrents.webseeds_sending_to_us'] += num(t.webseeds_sending_to_us) ?? 0;
    for (const p of Array.isArray(t.peers) ? (t.peers as Fields[]) : []) {
      const utp = p.is_utp === true;
      s[utp ? 'peers.utp' : 'peers.tcp']++;
      if (p.peer_is_choked === false) s['peers.unchoked']++;
      if (p.peer_is_interested === true) s['peers.interested']++;
      s[utp ? 'peers.utp_rate_to_peer' : 'peers.tcp_rate_to_peer'] += num(p.rate_to_peer) ?? 0;
      s[utp ? 'peers.utp_rate_to_client' : 'peers.tcp_rate_to_client'] += num(p.rate_to_client) ?? 0;
    }
  }
  for (const g of TORRENT_GAUGES) out.set(g, s[g]);
}

export function torrentInfo(t: Fields): TorrentInfo {
  const status = num(t.status) ?? 0;
  const eta = num(t.eta);
  const ratio = num(t.upload_ratio);
  const peers = Array.isArray(t.peers) ? (t.peers as Fields[]) : null;
  // A connected peer with every piece is a seed (Transmission's own peer list counts them so).
  const seeds = (peers ?? []).filter((p) => (num(p.progress) ?? 0) >= 1).length;
  const scrape = scrapeOf(t.tracker_stats);
  const state: TorrentInfo['state'] =
    status === 0 ? 'paused' : status === 1 || status === 2 ? 'checking' : status >= 5 ? 'seeding' : 'downloading';
  return {
    infoHash: String(t.hash_string ?? ''),
    name: String(t.name ?? t.hash_string ?? ''),
    state,
    progress: num(t.percent_done) ?? 0,
    length: num(t.total_size) ?? 0,
    pieces: num(t.piece_count) ?? 0,
    peers: num(t.peers_connected) ?? 0,
    downRate: num(t.rate_download) ?? null,
    upRate: num(t.rate_upload) ?? null,
    // -1: not available (stopped, done), -2: unknown (nothing arriving).
    eta: eta === undefined || eta < 0 ? null : eta,
    // -1: nothing downloaded, -2: infinite (uploaded without downloading).
    ratio: ratio === undefined || ratio < 0 ? null : ratio,
    seeds: peers ? { connected: seeds, swarm: scrape.seeders } : null,
    leechers: peers ? { connected: peers.length - seeds, swarm: scrape.leechers } : null,
    unreported: missing(t, peers !== null, scrape.seeders !== null),
  };
}

/** The largest scrape of its trackers (each tier counts the same swarm); null: none answered. */
function scrapeOf(stats: unknown): { seeders: number | null; leechers: number | null } {
  let seeders: number | null = null;
  let leechers: number | null = null;
  for (const s of Array.isArray(stats) ? (stats as Fields[]) : []) {
    const sc = num(s.seeder_count);
    const lc = num(s.leecher_count);
    if (sc !== undefined && sc >= 0) seeders = Math.max(seeders ?? 0, sc);
    if (lc !== undefined && lc >= 0) leechers = Math.max(leechers ?? 0, lc);
  }
  return { seeders, leechers };
}

function missing(t: Fields, hasPeers: boolean, scraped: boolean): TorrentInfo['unreported'] {
  const out: { -readonly [K in keyof TorrentInfo['unreported']]: string } = {};
  if (num(t.rate_download) === undefined) out.downRate = 'Transmission sent no rateDownload';
  if (num(t.rate_upload) === undefined) out.upRate = 'Transmission sent no rateUpload';
  if (num(t.eta) === undefined) out.eta = 'Transmission sent no eta';
  if (num(t.upload_ratio) === undefined) out.ratio = 'Transmission sent no uploadRatio';
  if (!hasPeers) {
    out.seeds = 'Transmission sent no peer list to tell seeds from leechers';
    out.leechers = out.seeds;
  }
  if (!scraped) out.swarm = 'no tracker has answered a scrape for this torrent yet';
  return out;
}
