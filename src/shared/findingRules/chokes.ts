import { formatDuration, formatPercent } from '../format';
import { total } from './scan';
import { type ChunkColumn, SpanScan } from './stream';
import { THRESHOLDS } from './thresholds';
import type { Rule } from './types';

/*
 * Peers choking us: of the peers we want pieces from, how many let us request them. Read where a
 * source counts it: libtorrent's gauges (a Deluge recording keeps them as extra columns under
 * libtorrent's names; a session_stats log import has them natively). Sources without a choke
 * count (our engine, qBittorrent, Transmission) get silent-peers instead, which reads the peers
 * that send against those connected.
 */

const WANTED_BY = ['peer.num_peers_down_interested', 'libtorrent.peer.num_peers_down_interested'];
const LETTING_IN = ['peer.num_peers_down_unchoked', 'libtorrent.peer.num_peers_down_unchoked'];
const TORRENTS = ['peer.num_downloading_torrents', 'ses.num_downloading_torrents'];

/** The first of `names` the chunk has a column for. */
const first = (col: ChunkColumn, names: readonly string[]) => {
  for (const name of names) {
    const c = col(name);
    if (c) return { name, c };
  }
  return null;
};

/**
 * libtorrent: num_peers_down_interested = peers we are interested in; num_peers_down_unchoked =
 * peers that have unchoked us (whether we want anything from them or not). A Deluge recording
 * keeps libtorrent's names as they are; a session_stats import keeps the names it does not map
 * under "libtorrent." (and maps the torrent count onto ours). Run chunk by chunk (stream.ts).
 */
export const chokedByPeers: Rule = () => {
  const held = new SpanScan(5_000, THRESHOLDS.sustainedMs);
  const wantedSpans = new SpanScan(0, 0);
  let names: string[] | null = null;
  let sumShare = 0;
  let n = 0;
  let most = 0;
  return {
    feed(c, col) {
      const wantedBy = first(col, WANTED_BY);
      const lettingIn = first(col, LETTING_IN);
      const torrents = first(col, TORRENTS);
      if (!wantedBy || !lettingIn || !torrents) return;
      names = [wantedBy.name, lettingIn.name, torrents.name];
      const interested = wantedBy.c;
      const unchoked = lettingIn.c;
      for (let k = Math.max(1, c.start); k < c.length; k++) {
        const i = interested[k] as number;
        const wanted = (torrents.c[k] as number) > 0 && i > 0;
        /** Share of the peers we are interested in that choke us (unchoked-but-unwanted peers count as none). */
        const choked = wanted ? Math.max(0, i - Math.min(i, unchoked[k] as number)) / i : 0;
        const holds =
          wanted &&
          i >= THRESHOLDS.chokedMinInterested &&
          Math.min(i, unchoked[k] as number) <= THRESHOLDS.chokedMostUnchoked &&
          choked >= THRESHOLDS.chokedShare;
        const from = c.t[k - 1] as number;
        const to = c.t[k] as number;
        held.step(holds, from, to);
        wantedSpans.step(wanted, from, to);
        if (holds) {
          sumShare += choked;
          n++;
          most = Math.max(most, i);
        }
      }
    },
    finish(end) {
      if (!names || !names.every((name) => end.reported(name))) return null;
      held.close();
      wantedSpans.close();
      const ranges = held.out;
      const heldMs = total(ranges);
      // "Most of the time": over half of the time we wanted pieces from someone, and a minute at least.
      const downloading = total(wantedSpans.out);
      if (heldMs < THRESHOLDS.chokedMs || heldMs < THRESHOLDS.chokedTimeShare * downloading) return null;
      const share = sumShare / Math.max(1, n);
      return {
        rule: 'choked-by-peers',
        severity: 'warning',
        title: 'Peers choked us most of the time',
        measured: `For ${formatDuration(heldMs / 1000)} (${formatPercent(heldMs / Math.max(1, downloading))} of the time we wanted pieces) ${formatPercent(share)} of up to ${most.toLocaleString('en-US')} peers we were interested in choked us.`,
        why: 'A choked peer sends nothing whatever our line can take: peers unchoke those that upload to them, so a low upload cap or few pieces to offer keeps the download waiting.',
        metrics: names,
        value: share,
        threshold: THRESHOLDS.chokedShare,
        ranges,
      };
    },
  };
};
