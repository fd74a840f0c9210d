import { formatBytes, formatDuration, formatPercent } from '../format';
import { total } from './scan';
import { SpanScan } from './stream';
import { THRESHOLDS } from './thresholds';
import { countPair } from './transfer';
import type { Rule } from './types';

/* Rules on the peers a download had: too few, silent, stalled, unreachable. */

/**
 * Downloading, from at most a couple of peers, with no other peers on offer: the download
 * went as fast as those seeders sent, not as fast as this session could take.
 */
export const limitedBySeeders: Rule = (limits) => {
  const names = ['bw.payload_download_rate', 'peer.num_downloading', 'peer.peers_connected', 'peer.peers_available'];
  // acc: [bytes, ms, most peers sending] inside the spans (meanIn's sums).
  const scan = new SpanScan(5_000, THRESHOLDS.sustainedMs, 3);
  // At the session's own cap the cap is the limit, not the seeders (a throttle also spreads a
  // tick's bytes over fewer peers): those samples belong to the cap rule.
  const cap = limits?.download;
  return {
    feed(c, col) {
      const [rate, from, connected, available] = names.map(col);
      if (!rate || !from || !connected || !available) return;
      const t = c.t;
      const acc = scan.acc;
      for (let k = Math.max(1, c.start); k < c.length; k++) {
        const rk = rate[k] as number;
        const fk = from[k] as number;
        const atCap = !!cap && rk >= THRESHOLDS.capShare * cap;
        const holds =
          rk > 0 &&
          !atCap &&
          fk > 0 &&
          fk <= THRESHOLDS.fewSeeders &&
          (available[k] as number) <= (connected[k] as number);
        const t0 = t[k - 1] as number;
        const t1 = t[k] as number;
        if (!scan.step(holds, t0, t1)) continue;
        const dt = t1 - t0;
        acc[0] = (acc[0] as number) + rk * (dt / 1000);
        acc[1] = (acc[1] as number) + dt;
        acc[2] = Math.max(acc[2] as number, fk);
      }
    },
    finish(end) {
      if (!names.every(end.reported)) return null;
      scan.close();
      const ranges = scan.out;
      if (ranges.length === 0) return null;
      const ms = scan.acc[1] as number;
      const mean = (scan.acc[0] as number) / Math.max(0.001, ms / 1000);
      const most = scan.acc[2] as number;
      return {
        rule: 'limited-by-seeders',
        severity: 'info',
        title: 'Limited by the seeders',
        measured: `For ${formatDuration(ms / 1000)} the download came from ${most === 1 ? 'one peer' : `${most} peers`} at ${formatBytes(mean)}/s on average, and the swarm offered no others.`,
        why: 'The seeders sent as fast as they would: a faster line or other settings here would not speed this download up; more seeders would.',
        metrics: names,
        value: most,
        threshold: THRESHOLDS.fewSeeders,
        ranges,
      };
    },
  };
};

/** A torrent downloading, peers connected, and nothing arriving for a long time. */
export const longStalls: Rule = () => {
  const names = ['bw.payload_download_rate', 'peer.num_downloading_torrents', 'peer.peers_connected'];
  const scan = new SpanScan(0, THRESHOLDS.stallMs);
  return {
    feed(c, col) {
      const [rate, downloading, connected] = names.map(col);
      if (!rate || !downloading || !connected) return;
      for (let k = Math.max(1, c.start); k < c.length; k++) {
        const holds = (downloading[k] as number) > 0 && (connected[k] as number) > 0 && (rate[k] as number) === 0;
        scan.step(holds, c.t[k - 1] as number, c.t[k] as number);
      }
    },
    finish(end) {
      if (!names.every(end.reported)) return null;
      scan.close();
      const ranges = scan.out;
      if (ranges.length === 0) return null;
      const longest = Math.max(...ranges.map((r) => r.to - r.from));
      return {
        rule: 'long-stalls',
        severity: 'warning',
        title: 'Downloads stalled with peers connected',
        measured: `${ranges.length} stall${ranges.length === 1 ? '' : 's'} with no payload arriving although peers were connected; the longest ${formatDuration(longest / 1000)}.`,
        why: 'Peers that are connected but send nothing are choking us or lack the pieces we need; the download waits on them.',
        metrics: names,
        value: longest,
        threshold: THRESHOLDS.stallMs,
        ranges,
      };
    },
  };
};

/** Few peers connected although many are on offer, while a torrent downloads. */
export const fewPeers: Rule = () => {
  const names = ['peer.peers_connected', 'peer.peers_available', 'peer.num_downloading_torrents'];
  const scan = new SpanScan(5_000, THRESHOLDS.fewPeersMs);
  let most = 0;
  return {
    feed(c, col) {
      const [connected, available, downloading] = names.map(col);
      if (!connected || !available || !downloading) return;
      for (let k = c.start; k < c.length; k++) most = Math.max(most, available[k] as number);
      for (let k = Math.max(1, c.start); k < c.length; k++) {
        const holds =
          (downloading[k] as number) > 0 &&
          (connected[k] as number) <= THRESHOLDS.fewPeers &&
          (available[k] as number) >= THRESHOLDS.fewPeersAvailable;
        scan.step(holds, c.t[k - 1] as number, c.t[k] as number);
      }
    },
    finish(end) {
      if (!names.every(end.reported)) return null;
      scan.close();
      const ranges = scan.out;
      if (ranges.length === 0) return null;
      return {
        rule: 'few-peers',
        severity: 'warning',
        title: 'Few peers connected of those on offer',
        measured: `At most ${THRESHOLDS.fewPeers} peers connected while up to ${most.toLocaleString('en-US')} were known, for ${formatDuration(total(ranges) / 1000)} of downloading.`,
        why: 'A download fed by one or two peers runs at their pace; a connection limit, a firewall or failing outgoing connections keep the rest away.',
        metrics: names,
        value: THRESHOLDS.fewPeers,
        threshold: THRESHOLDS.fewPeersAvailable,
        ranges,
      };
    },
  };
};

/** Outgoing connections that mostly fail (counted with diagnostics on). */
export const connectFailures = countPair('connect.failures_total', 'dispatch.peer_connect_total', (f, c, spans) => {
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
    ranges: spans(),
  };
});

/**
 * Many peers connected, at most one of them sending, while payload still trickles in: the others
 * choke us or lack what we need. (Nothing arriving at all is a stall, the rule above.)
 */
export const silentPeers: Rule = () => {
  const names = [
    'bw.payload_download_rate',
    'peer.num_downloading',
    'peer.peers_connected',
    'peer.num_downloading_torrents',
  ];
  // acc: [most peers connected] inside the spans.
  const scan = new SpanScan(5_000, THRESHOLDS.silentPeersMs, 1);
  return {
    feed(c, col) {
      const [rate, from, connected, downloading] = names.map(col);
      if (!rate || !from || !connected || !downloading) return;
      const acc = scan.acc;
      for (let k = Math.max(1, c.start); k < c.length; k++) {
        const holds =
          (downloading[k] as number) > 0 &&
          (rate[k] as number) > 0 &&
          (connected[k] as number) >= THRESHOLDS.silentPeersConnected &&
          (from[k] as number) <= THRESHOLDS.silentPeersMost;
        if (scan.step(holds, c.t[k - 1] as number, c.t[k] as number))
          acc[0] = Math.max(acc[0] as number, connected[k] as number);
      }
    },
    finish(end) {
      if (!names.every(end.reported)) return null;
      scan.close();
      const ranges = scan.out;
      if (ranges.length === 0) return null;
      const most = scan.acc[0] as number;
      return {
        rule: 'silent-peers',
        severity: 'warning',
        title: 'Most connected peers sent nothing',
        measured: `For ${formatDuration(total(ranges) / 1000)} of downloading, at most ${THRESHOLDS.silentPeersMost === 1 ? 'one' : THRESHOLDS.silentPeersMost} of up to ${most.toLocaleString('en-US')} connected peers sent payload.`,
        why: 'The other peers choke us (they favour peers that upload to them) or lack the pieces we need: the download rests on one peer.',
        metrics: names,
        value: THRESHOLDS.silentPeersMost,
        threshold: THRESHOLDS.silentPeersConnected,
        ranges,
      };
    },
  };
};
