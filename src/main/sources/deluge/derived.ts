/*
 * Our metrics that libtorrent has as a sum or a product of its own counters (the mapping
 * table's libtorrent column), added to a reading under "derived.*" names. A sum is only written
 * when all its parts are present, so a libtorrent without one of them reports "not reported"
 * rather than a partial sum.
 */

const BLOCK = 16384;

const SUMS: Readonly<Record<string, readonly string[]>> = {
  'derived.tcp_peers': [
    'peer.num_tcp_peers',
    'peer.num_ssl_peers',
    'peer.num_socks5_peers',
    'peer.num_http_proxy_peers',
  ],
  'derived.utp_peers': ['peer.num_utp_peers', 'peer.num_ssl_utp_peers'],
  'derived.pieces_hashed': ['ses.num_piece_passed', 'ses.num_piece_failed'],
  'derived.waste_bytes': ['net.recv_redundant_bytes', 'net.recv_failed_bytes'],
  'derived.active_torrents': [
    'ses.num_downloading_torrents',
    'ses.num_seeding_torrents',
    'ses.num_checking_torrents',
    'ses.num_upload_only_torrents',
  ],
  'derived.num_torrents': [
    'ses.num_checking_torrents',
    'ses.num_stopped_torrents',
    'ses.num_upload_only_torrents',
    'ses.num_downloading_torrents',
    'ses.num_seeding_torrents',
    'ses.num_queued_seeding_torrents',
    'ses.num_queued_download_torrents',
    'ses.num_error_torrents',
  ],
};

const BLOCKS: Readonly<Record<string, string>> = {
  'derived.disk_read_bytes': 'disk.num_blocks_read',
  'derived.disk_write_bytes': 'disk.num_blocks_written',
};

export const DERIVED_COUNTERS = ['derived.pieces_hashed', 'derived.waste_bytes', ...Object.keys(BLOCKS)];
export const DERIVED_NAMES = [...Object.keys(SUMS), ...Object.keys(BLOCKS)];

export function addDerived(values: Map<string, number>): void {
  for (const [name, parts] of Object.entries(SUMS)) {
    let sum = 0;
    let all = true;
    for (const p of parts) {
      const v = values.get(p);
      if (v === undefined) all = false;
      else sum += v;
    }
    if (all) values.set(name, sum);
  }
  for (const [name, blocks] of Object.entries(BLOCKS)) {
    const v = values.get(blocks);
    if (v !== undefined) values.set(name, v * BLOCK);
  }
}
