import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Daemon } from './harness';
import { startDeluge } from './harness';
import { describeThroughHost } from './host-scenario';

// deluged 2.0.3 watched through its own RPC (deluge+rpc://, rencode + zlib over TLS on the
// daemon port), no deluge-web in the path: the same scenario as host-deluge.test.ts. The user
// is the localclient login deluged writes into its auth file.
const ports = new WeakMap<Daemon, number>();
const localclient = (d: Daemon) => (readFileSync(join(d.dir, 'auth'), 'utf8').split('\n')[0] ?? '').split(':');

describeThroughHost({
  name: 'Deluge',
  start: async () => {
    const d = await startDeluge();
    ports.set(d, d.daemonPort);
    return d;
  },
  address: (d, password, port) => {
    const [user, own] = localclient(d);
    return `deluge+rpc://${user}:${password ?? own}@127.0.0.1:${port ?? ports.get(d)}`;
  },
  waste: true,
  notReported: {
    'dht.nodes_v4': /libtorrent 2\.0\.8.*does not report this/,
    'disk.cache_hits': /1\.2-only/,
  },
  wrongPassword: /deluge\+rpc:\/\/127\.0\.0\.1:\d+.*deluged refused the user name or password/,
  notTheDaemon: /deluge\+rpc:\/\/127\.0\.0\.1:\d+.*does not speak TLS.*RPC port/,
  extras: ['utp.utp_packet_loss', 'utp.utp_timeout', 'net.sent_ip_overhead_bytes', 'disk.disk_hash_time'],
  foldedExtras: ['net.recv_ip_overhead_bytes', 'disk.disk_hash_time'],
});
