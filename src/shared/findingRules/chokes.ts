import { formatDuration, formatPercent } from '../format';
import { spans, total } from './scan';
import { THRESHOLDS } from './thresholds';
import type { Column, Finding, FindingsInput } from './types';

/*
 * Peers choking us: of the peers we want pieces from, how many let us request them. Read where a
 * source counts it: libtorrent's gauges (a Deluge recording keeps them as extra columns under
 * libtorrent's names; a session_stats log import has them natively). Sources without a choke
 * count (our engine, qBittorrent, Transmission) get silent-peers instead, which reads the peers
 * that send against those connected.
 */

/** The first of `names` the session reports. */
const first = (col: Column, ...names: string[]) => {
  for (const n of names) {
    const c = col(n);
    if (c) return { name: n, c };
  }
  return null;
};

export function chokedByPeers(input: FindingsInput, col: Column): Finding | null {
  // libtorrent: num_peers_down_interested = peers we are interested in; num_peers_down_unchoked =
  // peers that have unchoked us (whether we want anything from them or not).
  // A Deluge recording keeps libtorrent's names as they are; a session_stats import keeps the
  // names it does not map under "libtorrent." (and maps the torrent count onto ours).
  const wantedBy = first(col, 'peer.num_peers_down_interested', 'libtorrent.peer.num_peers_down_interested');
  const lettingIn = first(col, 'peer.num_peers_down_unchoked', 'libtorrent.peer.num_peers_down_unchoked');
  const torrents = first(col, 'peer.num_downloading_torrents', 'ses.num_downloading_torrents');
  if (!wantedBy || !lettingIn || !torrents) return null;
  const interested = wantedBy.c;
  const unchoked = lettingIn.c;
  const wanted = (k: number) => (torrents.c[k] as number) > 0 && (interested[k] as number) > 0;
  /** Share of the peers we are interested in that choke us (never below 0: unchoked-but-unwanted peers count as none). */
  const choked = (k: number) => {
    const i = interested[k] as number;
    return Math.max(0, i - Math.min(i, unchoked[k] as number)) / i;
  };
  const holds = (k: number) =>
    wanted(k) &&
    (interested[k] as number) >= THRESHOLDS.chokedMinInterested &&
    Math.min(interested[k] as number, unchoked[k] as number) <= THRESHOLDS.chokedMostUnchoked &&
    choked(k) >= THRESHOLDS.chokedShare;
  const ranges = spans(input, holds).filter((r) => r.to - r.from >= THRESHOLDS.sustainedMs);
  const held = total(ranges);
  // "Most of the time": over half of the time we wanted pieces from someone, and a minute at least.
  const downloading = total(spans(input, wanted, 0));
  if (held < THRESHOLDS.chokedMs || held < THRESHOLDS.chokedTimeShare * downloading) return null;
  let sumShare = 0;
  let n = 0;
  let most = 0;
  for (let k = 1; k < input.length; k++)
    if (holds(k)) {
      sumShare += choked(k);
      n++;
      most = Math.max(most, interested[k] as number);
    }
  const share = sumShare / Math.max(1, n);
  return {
    rule: 'choked-by-peers',
    severity: 'warning',
    title: 'Peers choked us most of the time',
    measured: `For ${formatDuration(held / 1000)} (${formatPercent(held / Math.max(1, downloading))} of the time we wanted pieces) ${formatPercent(share)} of up to ${most.toLocaleString('en-US')} peers we were interested in choked us.`,
    why: 'A choked peer sends nothing whatever our line can take: peers unchoke those that upload to them, so a low upload cap or few pieces to offer keeps the download waiting.',
    metrics: [wantedBy.name, lettingIn.name, torrents.name],
    value: share,
    threshold: THRESHOLDS.chokedShare,
    ranges,
  };
}
