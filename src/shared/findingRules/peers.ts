import { formatBytes, formatDuration, formatPercent } from '../format';
import { inc, meanIn, spans, sum, total, within } from './scan';
import { THRESHOLDS } from './thresholds';
import type { Column, Finding, FindingsInput } from './types';

/* Rules on the peers a download had: too few, silent, stalled, unreachable. */

/**
 * Downloading, from at most a couple of peers, with no other peers on offer: the download
 * went as fast as those seeders sent, not as fast as this session could take.
 */
export function limitedBySeeders(input: FindingsInput, col: Column): Finding | null {
  const rate = col('bw.payload_download_rate');
  const from = col('peer.num_downloading');
  const connected = col('peer.peers_connected');
  const available = col('peer.peers_available');
  if (!rate || !from || !connected || !available) return null;
  // At the session's own cap the cap is the limit, not the seeders (a throttle also spreads a
  // tick's bytes over fewer peers): those samples belong to the cap rule.
  const cap = input.limits?.download;
  const atCap = (k: number) => !!cap && (rate[k] as number) >= THRESHOLDS.capShare * cap;
  const holds = (k: number) =>
    (rate[k] as number) > 0 &&
    !atCap(k) &&
    (from[k] as number) > 0 &&
    (from[k] as number) <= THRESHOLDS.fewSeeders &&
    (available[k] as number) <= (connected[k] as number);
  const ranges = spans(input, holds).filter((r) => r.to - r.from >= THRESHOLDS.sustainedMs);
  if (ranges.length === 0) return null;
  let most = 0;
  const { mean, ms } = meanIn(
    input,
    ranges,
    (k) => rate[k] as number,
    (k) => {
      most = Math.max(most, from[k] as number);
    },
  );
  return {
    rule: 'limited-by-seeders',
    severity: 'info',
    title: 'Limited by the seeders',
    measured: `For ${formatDuration(ms / 1000)} the download came from ${most === 1 ? 'one peer' : `${most} peers`} at ${formatBytes(mean)}/s on average, and the swarm offered no others.`,
    why: 'The seeders sent as fast as they would: a faster line or other settings here would not speed this download up; more seeders would.',
    metrics: ['bw.payload_download_rate', 'peer.num_downloading', 'peer.peers_connected', 'peer.peers_available'],
    value: most,
    threshold: THRESHOLDS.fewSeeders,
    ranges,
  };
}

/** A torrent downloading, peers connected, and nothing arriving for a long time. */
export function longStalls(input: FindingsInput, col: Column): Finding | null {
  const rate = col('bw.payload_download_rate');
  const downloading = col('peer.num_downloading_torrents');
  const connected = col('peer.peers_connected');
  if (!rate || !downloading || !connected) return null;
  const holds = (k: number) =>
    (downloading[k] as number) > 0 && (connected[k] as number) > 0 && (rate[k] as number) === 0;
  const ranges = spans(input, holds, 0).filter((r) => r.to - r.from >= THRESHOLDS.stallMs);
  if (ranges.length === 0) return null;
  const longest = Math.max(...ranges.map((r) => r.to - r.from));
  return {
    rule: 'long-stalls',
    severity: 'warning',
    title: 'Downloads stalled with peers connected',
    measured: `${ranges.length} stall${ranges.length === 1 ? '' : 's'} with no payload arriving although peers were connected; the longest ${formatDuration(longest / 1000)}.`,
    why: 'Peers that are connected but send nothing are choking us or lack the pieces we need; the download waits on them.',
    metrics: ['bw.payload_download_rate', 'peer.num_downloading_torrents', 'peer.peers_connected'],
    value: longest,
    threshold: THRESHOLDS.stallMs,
    ranges,
  };
}

/** Few peers connected although many are on offer, while a torrent downloads. */
export function fewPeers(input: FindingsInput, col: Column): Finding | null {
  const connected = col('peer.peers_connected');
  const available = col('peer.peers_available');
  const downloading = col('peer.num_downloading_torrents');
  if (!connected || !available || !downloading) return null;
  const holds = (k: number) =>
    (downloading[k] as number) > 0 &&
    (connected[k] as number) <= THRESHOLDS.fewPeers &&
    (available[k] as number) >= THRESHOLDS.fewPeersAvailable;
  const ranges = spans(input, holds).filter((r) => r.to - r.from >= THRESHOLDS.fewPeersMs);
  if (ranges.length === 0) return null;
  let most = 0;
  for (let k = 0; k < input.length; k++) most = Math.max(most, available[k] as number);
  return {
    rule: 'few-peers',
    severity: 'warning',
    title: 'Few peers connected of those on offer',
    measured: `At most ${THRESHOLDS.fewPeers} peers connected while up to ${most.toLocaleString('en-US')} were known, for ${formatDuration(total(ranges) / 1000)} of downloading.`,
    why: 'A download fed by one or two peers runs at their pace; a connection limit, a firewall or failing outgoing connections keep the rest away.',
    metrics: ['peer.peers_connected', 'peer.peers_available', 'peer.num_downloading_torrents'],
    value: THRESHOLDS.fewPeers,
    threshold: THRESHOLDS.fewPeersAvailable,
    ranges,
  };
}

/** Outgoing connections that mostly fail (counted with diagnostics on). */
export function connectFailures(input: FindingsInput, col: Column): Finding | null {
  const failures = col('connect.failures_total');
  const connects = col('dispatch.peer_connect_total');
  if (!failures || !connects) return null;
  const f = sum(input, failures);
  const c = sum(input, connects);
  const share = f / Math.max(1, f + c);
  if (f < THRESHOLDS.connectFailuresMin || share < THRESHOLDS.connectFailureShare) return null;
  return {
    rule: 'connect-failures',
    severity: 'warning',
    title: 'Most outgoing connections failed',
    measured: `${f.toLocaleString('en-US')} of ${(f + c).toLocaleString('en-US')} connection attempts (${formatPercent(share)}) failed.`,
    why: 'Peers that cannot be reached are stale addresses, firewalled, or refused by a filter; the session spends its connection slots waiting on them.',
    metrics: ['connect.failures_total', 'dispatch.peer_connect_total'],
    value: share,
    threshold: THRESHOLDS.connectFailureShare,
    ranges: spans(input, (k) => inc(failures, k) > 0),
  };
}

/**
 * Many peers connected, at most one of them sending, while payload still trickles in: the others
 * choke us or lack what we need. (Nothing arriving at all is a stall, the rule above.)
 */
export function silentPeers(input: FindingsInput, col: Column): Finding | null {
  const rate = col('bw.payload_download_rate');
  const from = col('peer.num_downloading');
  const connected = col('peer.peers_connected');
  const downloading = col('peer.num_downloading_torrents');
  if (!rate || !from || !connected || !downloading) return null;
  const holds = (k: number) =>
    (downloading[k] as number) > 0 &&
    (rate[k] as number) > 0 &&
    (connected[k] as number) >= THRESHOLDS.silentPeersConnected &&
    (from[k] as number) <= THRESHOLDS.silentPeersMost;
  const ranges = spans(input, holds).filter((r) => r.to - r.from >= THRESHOLDS.silentPeersMs);
  if (ranges.length === 0) return null;
  let most = 0;
  const inRange = within(ranges);
  for (let k = 1; k < input.length; k++)
    if (inRange(input.t[k] as number)) most = Math.max(most, connected[k] as number);
  return {
    rule: 'silent-peers',
    severity: 'warning',
    title: 'Most connected peers sent nothing',
    measured: `For ${formatDuration(total(ranges) / 1000)} of downloading, at most ${THRESHOLDS.silentPeersMost === 1 ? 'one' : THRESHOLDS.silentPeersMost} of up to ${most.toLocaleString('en-US')} connected peers sent payload.`,
    why: 'The other peers choke us (they favour peers that upload to them) or lack the pieces we need: the download rests on one peer.',
    metrics: [
      'bw.payload_download_rate',
      'peer.num_downloading',
      'peer.peers_connected',
      'peer.num_downloading_torrents',
    ],
    value: THRESHOLDS.silentPeersMost,
    threshold: THRESHOLDS.silentPeersConnected,
    ranges,
  };
}
