import type WebTorrent from 'webtorrent';
import type { Wire } from 'webtorrent';
import type { SessionCounters } from '../../../shared/counters';
import { M } from '../../../shared/registry-data';

/*
 * Gauges that describe the engine's state, set from that state on every tick (tickMs): peers by
 * state, torrents by state, half-open sockets, the DHT's table, uptime. Nothing is invented: a
 * value is what webtorrent holds at that moment.
 */

/** Whether a wire moved payload during the tick that is ending (set by the wire listeners). */
export type ActivityOf = (w: Wire) => { readonly up: boolean; readonly down: boolean } | undefined;

export function setStateGauges(c: SessionCounters, client: WebTorrent, activity: ActivityOf, uptimeSecs: number): void {
  let halfOpen = 0;
  let tcpPeers = 0;
  let utpPeers = 0;
  let webSeeds = 0;
  let unchoked = 0;
  let interested = 0;
  let uploading = 0;
  let downloading = 0;
  let connected = 0;
  let known = 0;
  let seeding = 0;
  let downloadingT = 0;
  let checking = 0;
  let paused = 0;
  for (const t of client.torrents) {
    if (t.destroyed) continue;
    halfOpen += t._numPending;
    known += t._peers?.size ?? 0;
    if (t.paused) paused++;
    else if (t.done) seeding++;
    else if (t.ready) downloadingT++;
    else if (t.metadata) checking++;
    for (const w of t.wires) {
      connected++;
      if (w.type.startsWith('tcp')) tcpPeers++;
      else if (w.type.startsWith('utp')) utpPeers++;
      else if (w.type === 'webSeed') webSeeds++;
      if (!w.amChoking) unchoked++;
      if (w.peerInterested) interested++;
      const a = activity(w);
      if (a?.up) uploading++;
      if (a?.down) downloading++;
    }
  }
  c.set(M.NET_NUM_HALF_OPEN, halfOpen);
  c.set(M.NET_NUM_TCP_PEERS, tcpPeers);
  c.set(M.NET_NUM_UTP_PEERS, utpPeers);
  c.set(M.PEER_NUM_UNCHOKED, unchoked);
  c.set(M.PEER_NUM_INTERESTED, interested);
  c.set(M.PEER_NUM_UPLOADING, uploading);
  c.set(M.PEER_NUM_DOWNLOADING, downloading);
  c.set(M.PEER_NUM_SEEDING_TORRENTS, seeding);
  c.set(M.PEER_NUM_DOWNLOADING_TORRENTS, downloadingT);
  c.set(M.PEER_NUM_CHECKING_TORRENTS, checking);
  c.set(M.PEER_NUM_PAUSED_TORRENTS, paused);
  c.set(M.PEER_PEERS_CONNECTED, connected);
  c.set(M.PEER_PEERS_AVAILABLE, known);
  c.set(M.PEER_NUM_WEB_SEEDS, webSeeds);
  const live = client.torrents.filter((t) => !t.destroyed);
  c.set(M.SES_NUM_TORRENTS, live.length);
  c.set(M.SES_ACTIVE_TORRENTS, live.length - paused);
  c.set(M.SES_UPTIME_SECS, uptimeSecs);
  const dht = client.dht;
  if (dht && !dht.destroyed) {
    // bittorrent-dht keeps one IPv4 routing table.
    const nodes = dht.nodes?.count() ?? 0;
    c.set(M.DHT_NODES, nodes);
    c.set(M.DHT_NODES_V4, nodes);
  }
}
