import { startTransmission } from './harness';
import { describeThroughHost } from './host-scenario';

// transmission-daemon 3.00 watched through `transmission://` as `serve --source` does.
describeThroughHost({
  name: 'Transmission',
  start: () => startTransmission(),
  address: (d, password = d.password, port = d.port) => `transmission://${d.user}:${password}@127.0.0.1:${port}`,
  waste: false,
  notReported: {
    'net.bytes_recv': /piece data/,
    'proto.waste_bytes': /counts only hash-failed bytes/,
    'dht.nodes': /no DHT node count/,
  },
  wrongPassword: /transmission:\/\/127\.0\.0\.1:\d+.*refused the user name or password/,
  notTheDaemon: /transmission:\/\/127\.0\.0\.1:\d+.*no Transmission RPC at this path \(HTTP 404\)/,
});
