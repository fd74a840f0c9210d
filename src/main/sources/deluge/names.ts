import { LIBTORRENT_DIRECT } from '../../../shared/session/import/libtorrent';
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
  // The same direct mapping as the libtorrent log importer.
  ...LIBTORRENT_DIRECT,
  // TCP and uTP peers over every transport (SSL, SOCKS5, HTTP proxy), as the mapping table says.
  'net.num_tcp_peers': 'derived.tcp_peers',
  'net.num_utp_peers': 'derived.utp_peers',
  // libtorrent has one socket per peer: the socket gauges are the peer gauges.
  'net.num_tcp_connections': 'derived.tcp_peers',
  'disk.read_bytes': 'derived.disk_read_bytes',
  'disk.write_bytes': 'derived.disk_write_bytes',
  'disk.hash_count': 'derived.pieces_hashed',
  'dht.announce_count': 'dht.dht_announce_peer_out',
  'proto.waste_bytes': 'derived.waste_bytes',
  // Deluge computes the rates itself (its keys have no dot).
  'bw.upload_rate': 'upload_rate',
  'bw.download_rate': 'download_rate',
  'bw.payload_upload_rate': 'payload_upload_rate',
  'bw.payload_download_rate': 'payload_download_rate',
  'ses.active_torrents': 'derived.active_torrents',
  'ses.num_torrents': 'derived.num_torrents',
});
