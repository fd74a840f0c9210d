import { startDeluge } from './harness';
import { describeThroughHost } from './host-scenario';

// deluged 2.0.3 behind deluge-web watched through `deluge://` as `serve --source` does; the
// recording keeps libtorrent's counters that none of ours maps onto as extra columns.
describeThroughHost({
  name: 'Deluge',
  start: () => startDeluge(),
  address: (d, password = d.password, port = d.port) => `deluge://:${password}@127.0.0.1:${port}`,
  waste: true,
  notReported: {
    'dht.nodes_v4': /libtorrent 2\.0\.8.*does not report this/,
    'disk.cache_hits': /1\.2-only/,
  },
  wrongPassword: /deluge:\/\/127\.0\.0\.1:\d+.*deluge-web refused the password/,
  notTheDaemon: /deluge:\/\/127\.0\.0\.1:\d+.*(not deluge-web|is it the right port)/,
  extras: ['utp.utp_packet_loss', 'utp.utp_timeout', 'net.sent_ip_overhead_bytes', 'disk.disk_hash_time'],
  // Counted during the download; the restarted deluged starts them from 0 again.
  foldedExtras: ['net.recv_ip_overhead_bytes', 'disk.disk_hash_time'],
});
