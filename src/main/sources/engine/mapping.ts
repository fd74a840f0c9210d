import { M } from '../../../shared/registry-data';

/*
 * Metrics the embedded engine (webtorrent 3.0.21) cannot know, with the reason the UI shows
 * instead of a zero. Every other index 0..98 is fed by a real engine event; README.md in this
 * folder lists which event feeds which metric.
 */
export const NOT_REPORTED: ReadonlyMap<number, string> = new Map<number, string>([
  [M.DHT_NODES_V6, "webtorrent's DHT (bittorrent-dht 11) is IPv4-only: there is no IPv6 routing table"],
  [M.PEER_NUM_BANNED, 'webtorrent never bans peers (a peer that sends corrupt data stays connected)'],
  [M.SES_IP_FILTER_BLOCKED, 'no IP filter (blocklist) is configured in this session'],
  [M.SES_QUEUE_PAUSED_BY_AUTO, 'webtorrent has no automatic torrent queue; only the user pauses torrents'],
  [M.PEER_WAKE_EVENTS_TOTAL, 'no drain-notify arming in webtorrent: peer I/O is plain stream backpressure'],
  [M.PEER_DRAIN_ITEMS_TOTAL, 'no per-peer backpressure queue in webtorrent to drain items from'],
  [M.DISPATCH_NOTIFY_WAKEUP_TOTAL, 'webtorrent has no reservation-notify wakeups: piece selection runs on wire events'],
  [
    M.DISPATCH_ACQUIRE_RTT_US,
    'piece selection is a synchronous call on the peer thread: there is no round trip (see dispatch.acquire_us)',
  ],
  [M.DISPATCH_NOTIFY_WAIT_US, 'no peer ever waits on a piece notification in webtorrent'],
  [
    M.DISPATCH_CURSOR_RESUMED,
    "webtorrent's piece selection rescans its selections on every call: there is no per-peer cursor",
  ],
  [M.DISPATCH_WALK_SKIPPED, "webtorrent's piece selection has no bitfield-intersection short cut"],
  [M.DISPATCH_TICK_WAKE_SKIPPED, 'webtorrent has no state-gated pipeline tick'],
  [M.TARGET_DEPTH_SUM, 'deprecated slot (the dynamic depth gate was removed upstream)'],
  [M.TARGET_DEPTH_SAMPLES, 'deprecated slot (the dynamic depth gate was removed upstream)'],
  [M.TARGET_DEPTH_BELOW_32, 'deprecated slot (the dynamic depth gate was removed upstream)'],
  [
    M.CHOKE_ROTATION_EVICTIONS_TOTAL,
    'webtorrent drops a peer that keeps choking us from a private timer with no event: it cannot be told apart from other disconnects',
  ],
]);

/**
 * NOT_REPORTED plus the metrics of hooks this webtorrent version changed (hooks.ts), each with
 * its reason. A metric the engine cannot know at all keeps that reason.
 */
export function notReportedWith(changed: Iterable<readonly [number, string]>): ReadonlyMap<number, string> {
  const out = new Map<number, string>(NOT_REPORTED);
  for (const [index, reason] of changed) if (!out.has(index)) out.set(index, reason);
  return out;
}
