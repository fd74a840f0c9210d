import { ALIGNMENT_METRICS } from './compare/align';
import { derivedById } from './derived';
import type { PanelDef, PanelSeriesDef, PanelUnit, SectionDef, SectionId } from './panel-types';
import { LIBTORRENT_PANELS } from './panels-libtorrent';

/**
 * The dashboards, as data: sections, and the panels in them with the metrics (by NAME, so a
 * stream or file with another registry still matches) and derived series they draw. The
 * renderer turns this list into charts; reports can lay out the same panels.
 */

export type { PanelDef, PanelSeriesDef, PanelUnit, SectionDef, SectionId } from './panel-types';

export const SECTIONS: readonly SectionDef[] = [
  { id: 'bandwidth', title: 'Bandwidth', description: 'Transfer rates, TCP vs uTP, session totals' },
  { id: 'peers', title: 'Connections & peers', description: 'Sockets, peers and their choke/interest states' },
  { id: 'session', title: 'Torrents & session', description: 'Torrents by state, uptime, filters' },
  { id: 'dht', title: 'DHT', description: 'Routing table, lookups, announces and traffic' },
  { id: 'disk', title: 'Disk', description: 'Throughput, operations, cache, queue and job times' },
  { id: 'protocol', title: 'Protocol', description: 'Handshakes, requests, PEX, metadata, trackers, waste' },
  {
    id: 'diagnostics',
    title: 'Dispatch diagnostics',
    description: 'Piece dispatch internals, counted only while diagnostics are on',
    diagnostic: true,
  },
  {
    id: 'libtorrent',
    title: 'libtorrent',
    description:
      "libtorrent's own counters, as its tools draw them (sources that report them: Deluge, libtorrent logs)",
    whenPresent: true,
  },
];

const m = (metric: string, label: string): PanelSeriesDef => ({ metric, label });
const d = (derived: string, label: string): PanelSeriesDef => ({ derived, label });

export const PANELS: readonly PanelDef[] = [
  // Bandwidth
  {
    id: 'bw.rate',
    title: 'Transfer rate',
    section: 'bandwidth',
    unit: 'B/s',
    chart: 'line',
    series: [
      m('bw.download_rate', 'Download'),
      m('bw.upload_rate', 'Upload'),
      m('bw.payload_download_rate', 'Payload down'),
      m('bw.payload_upload_rate', 'Payload up'),
    ],
    description: "The engine's own rate estimates, total and payload only.",
  },
  {
    id: 'bw.wire',
    title: 'Bytes on the wire',
    section: 'bandwidth',
    unit: 'B/s',
    chart: 'line',
    series: [m('net.bytes_recv', 'Received'), m('net.bytes_sent', 'Sent')],
    description: 'All bytes in and out across connections, protocol overhead included.',
  },
  {
    id: 'bw.split_rate',
    title: 'TCP vs uTP rate',
    section: 'bandwidth',
    unit: 'B/s',
    chart: 'line',
    series: [
      m('bw.download_rate_tcp', 'Down TCP'),
      m('bw.download_rate_utp', 'Down uTP'),
      m('bw.upload_rate_tcp', 'Up TCP'),
      m('bw.upload_rate_utp', 'Up uTP'),
    ],
  },
  {
    id: 'bw.split_bytes',
    title: 'TCP vs uTP bytes',
    section: 'bandwidth',
    unit: 'B/s',
    chart: 'line',
    series: [
      m('net.tcp_bytes_recv', 'Recv TCP'),
      m('net.utp_bytes_recv', 'Recv uTP'),
      m('net.tcp_bytes_sent', 'Sent TCP'),
      m('net.utp_bytes_sent', 'Sent uTP'),
    ],
  },
  {
    id: 'bw.totals',
    title: 'Session totals',
    section: 'bandwidth',
    unit: 'B/s',
    chart: 'line',
    defaultMode: 'cumulative',
    series: [m('bw.total_downloaded', 'Downloaded'), m('bw.total_uploaded', 'Uploaded')],
    description: 'Bytes moved since the session started.',
  },
  // Connections & peers
  {
    id: 'peers.connections',
    title: 'Connections',
    section: 'peers',
    unit: 'count',
    chart: 'line',
    series: [
      m('net.num_connections', 'Established'),
      m('net.num_half_open', 'Half-open'),
      m('peer.peers_connected', 'Peers connected'),
    ],
  },
  {
    id: 'peers.transport',
    title: 'TCP vs uTP',
    section: 'peers',
    unit: 'count',
    chart: 'line',
    series: [
      m('net.num_tcp_peers', 'TCP peers'),
      m('net.num_utp_peers', 'uTP peers'),
      m('net.num_tcp_connections', 'TCP conns'),
      m('net.num_utp_connections', 'uTP conns'),
    ],
  },
  {
    id: 'peers.states',
    title: 'Peer states',
    section: 'peers',
    unit: 'count',
    chart: 'line',
    series: [
      m('peer.num_unchoked', 'Unchoked'),
      m('peer.num_interested', 'Interested'),
      m('peer.num_uploading', 'Uploading'),
      m('peer.num_downloading', 'Downloading'),
    ],
  },
  {
    id: 'peers.swarm',
    title: 'Swarm',
    section: 'peers',
    unit: 'count',
    chart: 'line',
    series: [
      m('peer.peers_available', 'Available'),
      m('peer.num_banned', 'Banned'),
      m('peer.num_web_seeds', 'Web seeds'),
    ],
  },
  // Torrents & session
  {
    id: 'session.torrent_states',
    title: 'Torrents by state',
    section: 'session',
    unit: 'count',
    chart: 'stacked',
    series: [
      m('peer.num_downloading_torrents', 'Downloading'),
      m('peer.num_seeding_torrents', 'Seeding'),
      m('peer.num_checking_torrents', 'Checking'),
      m('peer.num_paused_torrents', 'Paused'),
    ],
  },
  {
    id: 'session.torrents',
    title: 'Torrents',
    section: 'session',
    unit: 'count',
    chart: 'line',
    series: [m('ses.num_torrents', 'In session'), m('ses.active_torrents', 'Active')],
  },
  {
    id: 'session.uptime',
    title: 'Uptime',
    section: 'session',
    unit: 's',
    chart: 'line',
    series: [m('ses.uptime_secs', 'Uptime')],
  },
  {
    id: 'session.blocks',
    title: 'IP-filter blocks & auto-pauses',
    section: 'session',
    unit: '/s',
    chart: 'line',
    series: [m('ses.ip_filter_blocked', 'IP-filter blocks'), m('ses.queue_paused_by_auto', 'Auto-paused')],
  },
  // DHT
  {
    id: 'dht.nodes',
    title: 'Routing table',
    section: 'dht',
    unit: 'count',
    chart: 'line',
    series: [m('dht.nodes', 'Nodes'), m('dht.nodes_v4', 'IPv4'), m('dht.nodes_v6', 'IPv6')],
  },
  {
    id: 'dht.ops',
    title: 'Lookups & announces',
    section: 'dht',
    unit: '/s',
    chart: 'line',
    series: [m('dht.lookups', 'Lookups'), m('dht.announce_count', 'Announces')],
  },
  {
    id: 'dht.traffic',
    title: 'DHT traffic',
    section: 'dht',
    unit: 'B/s',
    chart: 'line',
    series: [m('dht.bytes_in', 'In'), m('dht.bytes_out', 'Out')],
  },
  // Disk
  {
    id: 'disk.throughput',
    title: 'Throughput',
    section: 'disk',
    unit: 'B/s',
    chart: 'line',
    series: [m('disk.read_bytes', 'Read'), m('disk.write_bytes', 'Write')],
  },
  {
    id: 'disk.ops',
    title: 'Operations',
    section: 'disk',
    unit: '/s',
    chart: 'line',
    series: [m('disk.read_count', 'Reads'), m('disk.write_count', 'Writes'), m('disk.hash_count', 'Hashes')],
  },
  {
    id: 'disk.cache',
    title: 'Cache hit ratio',
    section: 'disk',
    unit: 'ratio',
    chart: 'line',
    series: [d('disk.cache_hit_ratio', 'Hit ratio')],
    description: 'Hits / (hits + misses) per interval; cumulative: since the session started.',
  },
  {
    id: 'disk.queue',
    title: 'Queue depth',
    section: 'disk',
    unit: 'count',
    chart: 'line',
    series: [m('disk.queue_depth', 'Jobs queued')],
  },
  {
    id: 'disk.job_time',
    title: 'Mean job time',
    section: 'disk',
    unit: 'us',
    chart: 'line',
    series: [d('disk.mean_job_time', 'Per operation')],
    description: 'Disk job time / (reads + writes).',
  },
  {
    id: 'disk.write_buffer',
    title: 'Write buffer',
    section: 'disk',
    unit: 'B',
    chart: 'line',
    series: [m('disk.write_buffer_bytes', 'Buffered')],
  },
  // Protocol
  {
    id: 'proto.handshakes',
    title: 'Handshakes',
    section: 'protocol',
    unit: '/s',
    chart: 'line',
    series: [m('proto.handshakes_in', 'In'), m('proto.handshakes_out', 'Out')],
  },
  {
    id: 'proto.requests',
    title: 'Piece requests',
    section: 'protocol',
    unit: '/s',
    chart: 'line',
    series: [m('proto.piece_requests', 'Requests sent'), m('proto.piece_rejects', 'Rejects received')],
  },
  {
    id: 'proto.pieces',
    title: 'Pieces',
    section: 'protocol',
    unit: '/s',
    chart: 'line',
    series: [m('proto.pieces_downloaded', 'Downloaded'), m('proto.pieces_uploaded', 'Uploaded')],
  },
  {
    id: 'proto.pex',
    title: 'PEX messages',
    section: 'protocol',
    unit: '/s',
    chart: 'line',
    series: [m('proto.pex_messages_in', 'In'), m('proto.pex_messages_out', 'Out')],
  },
  {
    id: 'proto.metadata',
    title: 'Metadata (BEP 9)',
    section: 'protocol',
    unit: '/s',
    chart: 'line',
    series: [m('proto.metadata_requests', 'Requests'), m('proto.metadata_receives', 'Pieces received')],
  },
  {
    id: 'proto.trackers',
    title: 'Tracker announces',
    section: 'protocol',
    unit: '/s',
    chart: 'line',
    series: [m('proto.tracker_announces', 'Announces'), m('proto.tracker_errors', 'Errors')],
  },
  {
    id: 'proto.failures',
    title: 'Hash failures & rejects',
    section: 'protocol',
    unit: 'ratio',
    chart: 'line',
    series: [d('proto.hashfail_share', 'Failed hash checks'), d('proto.reject_share', 'Rejected requests')],
  },
  {
    id: 'proto.hashfails',
    title: 'Hash failures',
    section: 'protocol',
    unit: '/s',
    chart: 'line',
    series: [m('proto.hashfails', 'Hash failures')],
  },
  {
    id: 'proto.waste',
    title: 'Waste',
    section: 'protocol',
    unit: 'B/s',
    chart: 'line',
    series: [m('proto.waste_bytes', 'Wasted bytes')],
    description: 'Duplicate or rejected data.',
  },
  // Dispatch diagnostics
  {
    id: 'diag.acquire_rate',
    title: 'Piece acquires',
    section: 'diagnostics',
    unit: '/s',
    chart: 'line',
    series: [m('dispatch.acquire_total', 'Acquires'), m('dispatch.acquire_none_total', 'Found nothing')],
  },
  {
    id: 'diag.acquire_shares',
    title: 'Share of acquires',
    section: 'diagnostics',
    unit: 'ratio',
    chart: 'line',
    series: [
      d('dispatch.acquire_none_share', 'Found nothing'),
      d('dispatch.cursor_resumed_share', 'Cursor resumed'),
      d('dispatch.walk_skipped_share', 'Walk skipped'),
    ],
  },
  {
    id: 'diag.acquire_time',
    title: 'Mean acquire time',
    section: 'diagnostics',
    unit: 'us',
    chart: 'line',
    series: [d('dispatch.mean_acquire_us', 'Acquire'), d('dispatch.mean_acquire_rtt_us', 'Round-trip')],
  },
  {
    id: 'diag.notify_wait',
    title: 'Mean notify wait',
    section: 'diagnostics',
    unit: 'us',
    chart: 'line',
    series: [d('dispatch.mean_notify_wait_us', 'Per wakeup')],
  },
  {
    id: 'diag.wakeups',
    title: 'Wakeups',
    section: 'diagnostics',
    unit: '/s',
    chart: 'line',
    series: [
      m('dispatch.notify_wakeup_total', 'Notify wakeups'),
      m('dispatch.tick_wake_skipped', 'Tick wakes skipped'),
      m('peer.wake_events_total', 'Drain-notify fires'),
      m('peer.drain_items_total', 'Items drained'),
    ],
  },
  {
    id: 'diag.evictions',
    title: 'Steals, evictions, failures',
    section: 'diagnostics',
    unit: '/s',
    chart: 'line',
    series: [
      m('piece.steals_total', 'Steals'),
      m('choke.rotation_evictions_total', 'Choke-rotation evictions'),
      m('data_timeout.evictions_total', 'Data-timeout evictions'),
      m('connect.failures_total', 'Connect failures'),
    ],
  },
  {
    id: 'diag.churn',
    title: 'Peer churn & chokes',
    section: 'diagnostics',
    unit: '/s',
    chart: 'line',
    series: [
      m('dispatch.peer_connect_total', 'Connects'),
      m('dispatch.peer_disconnect_total', 'Disconnects'),
      m('remote.unchoke_total', 'Remote unchokes'),
      m('remote.rechoke_total', 'Remote re-chokes'),
    ],
  },
  {
    id: 'diag.first_block',
    title: 'Mean first-block latency',
    section: 'diagnostics',
    unit: 'us',
    chart: 'line',
    series: [d('first_block.mean_latency_us', 'Unchoke to first block')],
  },
  {
    id: 'diag.durations',
    title: 'Mean unchoke time & peer lifetime',
    section: 'diagnostics',
    unit: 'ms',
    chart: 'line',
    series: [d('remote.mean_unchoke_ms', 'Unchoked before re-choke'), d('peer.mean_lifetime_ms', 'Peer lifetime')],
  },
  {
    id: 'diag.high_water',
    title: 'Queue high-water marks',
    section: 'diagnostics',
    unit: 'count',
    chart: 'line',
    series: [m('event.tx_high_water', 'Event queue'), m('dispatch.tx_high_water', 'Dispatch queue')],
  },
  // libtorrent: its own counters beyond ours (extra columns), the panels its tools draw
  ...LIBTORRENT_PANELS,
];

export function panelsOf(section: SectionId): PanelDef[] {
  return PANELS.filter((p) => p.section === section);
}

/** The unit a panel shows in cumulative mode (counter totals instead of rates). */
export function cumulativeUnit(unit: PanelUnit): PanelUnit {
  if (unit === 'B/s') return 'B';
  if (unit === '/s') return 'count';
  return unit;
}

/** The metric names some panels read: their metrics and their derived series' inputs. */
export function panelMetricNames(panels: readonly PanelDef[]): string[] {
  const names = new Set<string>();
  for (const p of panels) {
    for (const s of p.series) {
      if ('metric' in s) names.add(s.metric);
      else {
        const def = derivedById(s.derived);
        for (const n of [...(def?.numerator ?? []), ...(def?.denominator ?? [])]) names.add(n);
      }
    }
  }
  return [...names];
}

/** The columns a section's panels read, and the ones alignment reads (a comparison loads these). */
export function sectionColumns(section: SectionId): string[] {
  return [...new Set([...ALIGNMENT_METRICS, ...panelMetricNames(PANELS.filter((p) => p.section === section))])];
}
