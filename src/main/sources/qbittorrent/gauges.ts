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
  };
}
