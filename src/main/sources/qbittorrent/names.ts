import { daemonNameMap } from '../daemon-names';
import type { NameMap } from '../remote/adapter';

/*
 * qBittorrent 4.5.2's figures under our names (from spec/sources-mapping.tsv): server_state
 * fields as qBittorrent names them, and the list-derived gauges of ./gauges.ts. Its WebUI counts
 * payload only, so the wire metrics are not reported (never filled with payload numbers).
 */

const LABEL = "qBittorrent's WebUI API";
const PAYLOAD_ONLY = `${LABEL} counts payload (piece data) only; wire totals and rates are not exposed`;

export const QBT_NAMES: NameMap = daemonNameMap(
  'qbittorrent',
  LABEL,
  {
    'net.num_connections': 'server_state.total_peer_connections',
    'net.num_tcp_peers': 'peers.bt',
    'net.num_utp_peers': 'peers.utp',
    'net.num_tcp_connections': 'peers.bt',
    'net.num_utp_connections': 'peers.utp',
    'disk.queue_depth': 'server_state.queued_io_jobs',
    'disk.write_buffer_bytes': 'server_state.total_buffers_size',
    'dht.nodes': 'server_state.dht_nodes',
    'peer.num_unchoked': 'peers.unchoked',
    'peer.num_interested': 'peers.interested',
    'peer.num_uploading': 'peers.uploading',
    'peer.num_downloading': 'peers.downloading',
    'peer.num_seeding_torrents': 'torrents.seeding',
    'peer.num_downloading_torrents': 'torrents.downloading',
    'peer.num_checking_torrents': 'torrents.checking',
    'peer.num_paused_torrents': 'torrents.paused',
    'peer.peers_connected': 'server_state.total_peer_connections',
    'proto.waste_bytes': 'server_state.total_wasted_session',
    'bw.upload_rate_tcp': 'peers.bt_up_speed',
    'bw.download_rate_tcp': 'peers.bt_dl_speed',
    'bw.upload_rate_utp': 'peers.utp_up_speed',
    'bw.download_rate_utp': 'peers.utp_dl_speed',
    'bw.payload_upload_rate': 'server_state.up_info_speed',
    'bw.payload_download_rate': 'server_state.dl_info_speed',
    'bw.total_uploaded': 'server_state.up_info_data',
    'bw.total_downloaded': 'server_state.dl_info_data',
    'ses.active_torrents': 'torrents.active',
    'ses.num_torrents': 'torrents.total',
  },
  {
    'net.bytes_sent': `${PAYLOAD_ONLY} (up_info_data is payload; alltime_ul is a lifetime total)`,
    'net.bytes_recv': `${PAYLOAD_ONLY} (dl_info_data is payload; alltime_dl is a lifetime total)`,
    'bw.upload_rate': `${PAYLOAD_ONLY} (up_info_speed is the payload rate)`,
    'bw.download_rate': `${PAYLOAD_ONLY} (dl_info_speed is the payload rate)`,
    'disk.job_time_us': `${LABEL} gives only average_time_queue, a mean per job, not a running total of job time`,
    'disk.cache_hits': `${LABEL}'s read_cache_hits is a percentage string, always "0" with libtorrent 2.0`,
    'peer.peers_available': `${LABEL} has the swarm size only per torrent (torrents/properties), one request per torrent: not polled`,
    'proto.tracker_errors': `${LABEL} lists trackers not working now per torrent (a state, not a count of errors)`,
    'ses.queue_paused_by_auto': `${LABEL} shows queued torrents now (queuedDL/queuedUP), not a count of auto-pauses`,
  },
);
