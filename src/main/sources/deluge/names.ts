import { daemonNameMap } from '../daemon-names';
import type { NameMap } from '../remote/adapter';

/*
 * Deluge 2.0.3's core.get_session_status([]) under our names: libtorrent 2.0.8's counters by
 * their own names (spec/sources-mapping.tsv, libtorrent column), Deluge's own rate keys, and a
 * few sums computed by ./derived.ts under "derived.*". Every other libtorrent counter stays in
 * the reading under its libtorrent name: an extra, not dropped.
 */

const LABEL = 'libtorrent 2.0.8 (through Deluge)';

export const DELUGE_NAMES: NameMap = daemonNameMap('libtorrent', LABEL, {
  'net.bytes_sent': 'net.sent_bytes',
  'net.bytes_recv': 'net.recv_bytes',
  'net.num_connections': 'peer.num_peers_connected',
  'net.num_half_open': 'peer.num_peers_half_open',
  'net.num_tcp_peers': 'derived.tcp_peers',
  'net.num_utp_peers': 'derived.utp_peers',
  // libtorrent has one socket per peer: the socket gauges are the peer gauges.
  'net.num_tcp_connections': 'derived.tcp_peers',
  'net.num_utp_connections': 'utp.num_utp_connected',
  'disk.read_count': 'disk.num_read_ops',
  'disk.write_count': 'disk.num_write_ops',
  'disk.read_bytes': 'derived.disk_read_bytes',
  'disk.write_bytes': 'derived.disk_write_bytes',
  'disk.queue_depth': 'disk.queued_disk_jobs',
  'disk.job_time_us': 'disk.disk_job_time',
  'disk.write_buffer_bytes': 'disk.queued_write_bytes',
  'disk.hash_count': 'derived.pieces_hashed',
  'dht.nodes': 'dht.dht_nodes',
  'dht.bytes_in': 'dht.dht_bytes_in',
  'dht.bytes_out': 'dht.dht_bytes_out',
  'dht.announce_count': 'dht.dht_announce_peer_out',
  'peer.num_unchoked': 'peer.num_peers_up_unchoked',
  'peer.num_interested': 'peer.num_peers_up_interested',
  'peer.num_uploading': 'peer.num_peers_up_requests',
  'peer.num_downloading': 'peer.num_peers_down_requests',
  'peer.num_seeding_torrents': 'ses.num_seeding_torrents',
  'peer.num_downloading_torrents': 'ses.num_downloading_torrents',
  'peer.num_checking_torrents': 'ses.num_checking_torrents',
  'peer.num_paused_torrents': 'ses.num_stopped_torrents',
  'peer.peers_connected': 'peer.num_peers_connected',
  'proto.pieces_downloaded': 'ses.num_piece_passed',
  'proto.hashfails': 'ses.num_piece_failed',
  'proto.waste_bytes': 'derived.waste_bytes',
  'proto.piece_requests': 'ses.num_outgoing_request',
  'proto.piece_rejects': 'ses.num_incoming_reject',
  'proto.pex_messages_in': 'ses.num_incoming_pex',
  'proto.pex_messages_out': 'ses.num_outgoing_pex',
  'bw.upload_rate': 'upload_rate',
  'bw.download_rate': 'download_rate',
  'bw.payload_upload_rate': 'payload_upload_rate',
  'bw.payload_download_rate': 'payload_download_rate',
  'bw.total_uploaded': 'net.sent_payload_bytes',
  'bw.total_downloaded': 'net.recv_payload_bytes',
  'ses.active_torrents': 'derived.active_torrents',
  'ses.num_torrents': 'derived.num_torrents',
});
