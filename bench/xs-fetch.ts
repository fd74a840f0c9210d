// A magnet whose xs= URL answers with an endless body (issue 13 point 4): the peak memory of a
// process in the seconds after adding it, with webtorrent fetching xs= itself (what the engine
// did before) against the engine's add path fetching it bounded (exactSource.ts). Each side
// runs in a child process of its own; the server is local and sends as fast as it can.
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const SECONDS = Number(process.env.XS_SECONDS ?? 8);
const HASH = 'c9e15763f722f23e98a29decdfae341b98d53056';

if (process.argv[2] === 'side') {
  const { default: WebTorrent } = await import('webtorrent');
  const { boundedTorrentId } = await import('../src/main/sources/engine/exactSource');
  const uri = `magnet:?xt=urn:btih:${HASH}&xs=${encodeURIComponent(process.argv[4] as string)}`;
  const client = new WebTorrent({ dht: false, lsd: false, tracker: false, utp: false, natUpnp: false, natPmp: false });
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  if (process.argv[3] === 'bounded') {
    const opts = {};
    client.add(await boundedTorrentId({ kind: 'magnet', uri }, HASH, opts, () => {}), opts);
  } else client.add(uri);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  clearInterval(timer);
  process.send?.({ rss0, peak });
  process.exit(0);
} else {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-bittorrent' });
    const chunk = Buffer.alloc(1 << 20, 0x61);
    const pump = () => {
      while (!res.destroyed) if (!res.write(chunk)) return void res.once('drain', pump);
    };
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.torrent`;
  const side = (mode: 'webtorrent' | 'bounded') =>
    new Promise<{ rss0: number; peak: number }>((resolve) => {
      const child = fork(fileURLToPath(import.meta.url), ['side', mode, url], { execArgv: ['--import', 'tsx'] });
      child.on('message', (m: { rss0: number; peak: number }) => resolve(m));
    });
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  const w = await side('webtorrent');
  const b = await side('bounded');
  console.log(`an endless xs= answer, ${SECONDS} s after the add`);
  console.log(`webtorrent fetching xs= itself: RSS ${mb(w.rss0)} -> peak ${mb(w.peak)}`);
  console.log(`the engine's bounded fetch:     RSS ${mb(b.rss0)} -> peak ${mb(b.peak)} (refused at 16 MiB)`);
  console.log(`peak growth, webtorrent / bounded: ${((w.peak - w.rss0) / Math.max(1, b.peak - b.rss0)).toFixed(0)}x`);
  server.closeAllConnections();
  server.close();
}
