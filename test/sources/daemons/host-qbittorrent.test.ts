import { startQbittorrent } from './harness';
import { describeThroughHost } from './host-scenario';

// qbittorrent-nox 4.5.2 watched through `qbittorrent://` as `serve --source` does.
describeThroughHost({
  name: 'qBittorrent',
  start: () => startQbittorrent(),
  address: (d, password = d.password, port = d.port) => `qbittorrent://${d.user}:${password}@127.0.0.1:${port}`,
  waste: true,
  notReported: {
    'net.bytes_recv': /counts payload \(piece data\) only/,
    'bw.download_rate': /counts payload \(piece data\) only/,
  },
  wrongPassword: /qbittorrent:\/\/127\.0\.0\.1:\d+.*refused the user name or password/,
  notTheDaemon: /qbittorrent:\/\/127\.0\.0\.1:\d+.*not qBittorrent's WebUI/,
});
