import type { TorrentInfo } from '../../../shared/api';
import { num } from '../daemon-http';
import type { Fields } from './maindata';

/*
 * The gauges qBittorrent has only as lists (SOURCES.md, "derived from lists"): torrents by
 * state from maindata's torrents, and the TCP/uTP split and peer states from per-peer lists,
 * summed at poll time under names of our own ("torrents.*", "peers.*") that the NameMap maps.
 */

const SEEDING = new Set(['uploading', 'stalledUP', 'forcedUP']);
const DOWNLOADING = new Set(['downloading', 'stalledDL', 'forcedDL', 'metaDL', 'allocating']);
const CHECKING = new Set(['checkingDL', 'checkingUP', 'checkingResumeData']);
const PAUSED = new Set(['pausedDL', 'pausedUP']);
const QUEUED = new Set(['queuedDL', 'queuedUP']);

export function torrentGauges(torrents: Iterable<Fields>, out: Map<string, number>): void {
  let seeding = 0;
  let downloading = 0;
  let checking = 0;
  let paused = 0;
  let queued = 0;
  let total = 0;
  for (const t of torrents) {
    total++;
    const s = String(t.state ?? '');
    if (SEEDING.has(s)) seeding++;
    else if (DOWNLOADING.has(s)) downloading++;
    else if (CHECKING.has(s)) checking++;
    else if (PAUSED.has(s)) paused++;
    else if (QUEUED.has(s)) queued++;
  }
  out.set('torrents.seeding', seeding);
  out.set('torrents.downloading', downloading);
  out.set('torrents.checking', checking);
  out.set('torrents.paused', paused);
  out.set('torrents.queued', queued);
  out.set('torrents.total', total);
  // "Active" as in ses.active_torrents: every torrent that is not paused (nor errored).
  out.set('torrents.active', seeding + downloading + checking + queued);
}

/** A torrent whose peers are worth listing: it moves data or has peers connected. */
export function isActive(t: Fields): boolean {
  return (
    (num(t.dlspeed) ?? 0) > 0 || (num(t.upspeed) ?? 0) > 0 || (num(t.num_seeds) ?? 0) + (num(t.num_leechs) ?? 0) > 0
  );
}

export const PEER_GAUGES = [
  'peers.bt',
  'peers.utp',
  'peers.unchoked',
  'peers.interested',
  'peers.uploading',
  'peers.downloading',
  'peers.bt_up_speed',
  'peers.bt_dl_speed',
  'peers.utp_up_speed',
  'peers.utp_dl_speed',
] as const;

export function peerGauges(peerLists: Iterable<Iterable<Fields>>, out: Map<string, number>): void {
  const sum: Record<(typeof PEER_GAUGES)[number], number> = Object.fromEntries(PEER_GAUGES.map((g) => [g, 0])) as never;
  for (const list of peerLists) {
    for (const p of list) {
      const utp = String(p.connection ?? '') === 'μTP';
      const flags = String(p.flags ?? '').split(' ');
      const up = num(p.up_speed) ?? 0;
      const dl = num(p.dl_speed) ?? 0;
      sum[utp ? 'peers.utp' : 'peers.bt']++;
      // U: the peer is interested and we unchoked it; ?: we unchoked it, it is not interested.
      if (flags.includes('U') || flags.includes('?')) sum['peers.unchoked']++;
      if (flags.includes('U') || flags.includes('u')) sum['peers.interested']++;
      if (up > 0) sum['peers.uploading']++;
      if (dl > 0) sum['peers.downloading']++;
      sum[utp ? 'peers.utp_up_speed' : 'peers.bt_up_speed'] += up;
      sum[utp ? 'peers.utp_dl_speed' : 'peers.bt_dl_speed'] += dl;
    }
  }
  for (const g of PEER_GAUGES) out.set(g, sum[g]);
}

export function torrentInfo(hash: string, t: Fields): TorrentInfo {
  const s = String(t.state ?? '');
  const state: TorrentInfo['state'] =
    s === 'metaDL'
      ? 'metadata'
      : CHECKING.has(s)
        ? 'checking'
        : PAUSED.has(s) || s === 'error' || s === 'missingFiles'
          ? 'paused'
          : SEEDING.has(s) || s === 'queuedUP'
            ? 'seeding'
            : 'downloading';
  const size = num(t.size) ?? num(t.total_size) ?? 0;
  const pieceSize = num(t.piece_size) ?? 0;
  return {
    infoHash: hash,
    name: String(t.name ?? hash),
    state,
    progress: num(t.progress) ?? 0,
    length: size,
    pieces: pieceSize > 0 ? Math.ceil(size / pieceSize) : 0,
    peers: (num(t.num_seeds) ?? 0) + (num(t.num_leechs) ?? 0),
    downRate: num(t.dlspeed) ?? null,
    upRate: num(t.upspeed) ?? null,
    eta: etaOf(num(t.eta)),
    // qBittorrent says -1 for "nothing downloaded" and caps the ratio at 9999 (MAX_RATIO).
    ratio: ratioOf(num(t.ratio)),
    seeds: swarm(num(t.num_seeds), num(t.num_complete)),
    leechers: swarm(num(t.num_leechs), num(t.num_incomplete)),
    unreported: missing(t),
  };
}

/** qBittorrent's "no estimate" is MAX_ETA, 8640000 s (100 days). */
const MAX_ETA = 8_640_000;

function etaOf(eta: number | undefined): number | null {
  return eta === undefined || eta < 0 || eta >= MAX_ETA ? null : eta;
}

function ratioOf(r: number | undefined): number | null {
  return r === undefined || r < 0 ? null : r;
}

/** num_complete/num_incomplete are the tracker's scrape; -1 until one answered. */
function swarm(connected: number | undefined, total: number | undefined) {
  if (connected === undefined) return null;
  return { connected, swarm: total === undefined || total < 0 ? null : total };
}

function missing(t: Fields): TorrentInfo['unreported'] {
  const out: { -readonly [K in keyof TorrentInfo['unreported']]: string } = {};
  const need = {
    downRate: 'dlspeed',
    upRate: 'upspeed',
    eta: 'eta',
    ratio: 'ratio',
    seeds: 'num_seeds',
    leechers: 'num_leechs',
  };
  for (const [k, f] of Object.entries(need))
    if (num(t[f]) === undefined) out[k as keyof typeof need] = `qBittorrent sent no ${f} for this torrent`;
  if (num(t.num_complete) === undefined || (num(t.num_complete) ?? -1) < 0)
    out.swarm = 'no tracker has answered a scrape for this torrent yet';
  return out;
}
