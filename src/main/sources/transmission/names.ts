import { daemonNameMap } from '../daemon-names';
import type { NameMap } from '../remote/adapter';

/*
 * Transmission's figures under our names (from spec/sources-mapping.tsv): session-stats in
 * snake_case, and the torrent-get sums of ./gauges.ts. Its speeds and byte counts are piece
 * data only, so the wire metrics are not reported (never filled with payload numbers).
 */

const LABEL = "Transmission's RPC";
const PAYLOAD_ONLY = `${LABEL} counts piece data (payload) only; wire totals and rates are not exposed`;

export const TRANSMISSION_NAMES: NameMap = daemonNameMap(
  'transmission',
  LABEL,
  {
    'net.num_connections': 'torrents.peers_connected',
    'net.num_tcp_peers': 'peers.tcp',
    'net.num_utp_peers': 'peers.utp',
    'net.num_tcp_connections': 'peers.tcp',
    'net.num_utp_connections': 'peers.utp',
    'peer.num_unchoked': 'peers.unchoked',
    'peer.num_interested': 'peers.interested',
    'peer.num_uploading': 'torrents.peers_getting_from_us',
    'peer.num_downloading': 'torrents.peers_sending_to_us',
    'peer.num_seeding_torrents': 'torrents.seeding',
    'peer.num_downloading_torrents': 'torrents.downloading',
    'peer.num_checking_torrents': 'torrents.checking',
    'peer.num_paused_torrents': 'session_stats.paused_torrent_count',
    'peer.peers_connected': 'torrents.peers_connected',
    'peer.num_web_seeds': 'torrents.webseeds_sending_to_us',
    'bw.upload_rate_tcp': 'peers.tcp_rate_to_peer',
    'bw.download_rate_tcp': 'peers.tcp_rate_to_client',
    'bw.upload_rate_utp': 'peers.utp_rate_to_peer',
    'bw.download_rate_utp': 'peers.utp_rate_to_client',
    'bw.payload_upload_rate': 'session_stats.upload_speed',
    'bw.payload_download_rate': 'session_stats.download_speed',
    'bw.total_uploaded': 'current_stats.uploaded_bytes',
    'bw.total_downloaded': 'current_stats.downloaded_bytes',
    'ses.active_torrents': 'session_stats.active_torrent_count',
    'ses.num_torrents': 'session_stats.torrent_count',
    'ses.uptime_secs': 'current_stats.seconds_active',
  },
  {
    'net.bytes_sent': `${PAYLOAD_ONLY} (current-stats.uploadedBytes is piece data)`,
    'net.bytes_recv': `${PAYLOAD_ONLY} (current-stats.downloadedBytes is piece data)`,
    'bw.upload_rate': `${PAYLOAD_ONLY} (uploadSpeed is the piece-data rate)`,
    'bw.download_rate': `${PAYLOAD_ONLY} (downloadSpeed is the piece-data rate)`,
    'proto.waste_bytes': `${LABEL} counts only hash-failed bytes (corruptEver), not redundant ones: not the same measure`,
    'proto.tracker_errors': `${LABEL} shows per tracker whether the last announce failed (a state, not a count of errors)`,
    'ses.queue_paused_by_auto': `${LABEL} shows queued torrents now (status 3 and 5), not a count of auto-pauses`,
  },
);
