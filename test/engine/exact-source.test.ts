import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/dispatch/Dispatcher';
import { StatsHost } from '../../src/main/live/statsHost';
import { createDefaultSource } from '../../src/main/sources/default';
import { fetchBounded, MAX_TORRENT_FILE, magnetSource, XS_TIMEOUT_MS } from '../../src/main/sources/engine/exactSource';

/*
 * A magnet's xs= makes the host fetch a URL. Against a local server that answers with an
 * endless body, a huge declared length, nothing at all, the wrong torrent or the right one:
 * the fetch stops at 16 MiB or the timeout, the right .torrent is used, and a real engine
 * session adding such magnets stays within its memory and says what each source did.
 */

/** A one-file .torrent, bencoded by hand, and its info hash. */
function torrentFile(name: string): { bytes: Buffer; infoHash: string } {
  const pieces = createHash('sha1').update(name).digest();
  const info = Buffer.concat([
    Buffer.from(`d6:lengthi${name.length}e4:name${name.length}:${name}12:piece lengthi16384e6:pieces20:`),
    pieces,
    Buffer.from('e'),
  ]);
  return {
    bytes: Buffer.concat([Buffer.from('d4:info'), info, Buffer.from('e')]),
    infoHash: createHash('sha1').update(info).digest('hex'),
  };
}

// The local server is on loopback, which the host refuses to fetch from unless allowed.
process.env.TIDEGAUGE_FETCH_ALLOW = '127.0.0.1';

const GOOD = torrentFile('good.bin');
const OTHER = torrentFile('other.bin');
let server: Server;
let base = '';
/** Bytes the endless route managed to send before the client gave up. */
const sentEndless: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/endless') {
      res.writeHead(200, { 'content-type': 'application/x-bittorrent' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (!res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      res.on('close', () => sentEndless.push(sent));
      pump();
    } else if (req.url === '/declared') {
      res.writeHead(200, { 'content-length': String(3 * 2 ** 30) });
      res.write('d4:info');
    } else if (req.url === '/silent') {
      res.writeHead(200);
      res.flushHeaders();
    } else if (req.url === '/good.torrent') res.end(GOOD.bytes);
    else if (req.url === '/other.torrent') res.end(OTHER.bytes);
    else {
      res.writeHead(404);
      res.end('no');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const magnet = (hash: string, ...xs: string[]) =>
  `magnet:?xt=urn:btih:${hash}&dn=x&tr=${encodeURIComponent('udp://tracker.invalid:1337')}${xs.map((u) => `&xs=${encodeURIComponent(`${base}${u}`)}`).join('')}`;

describe('exact sources (xs=) are fetched bounded', () => {
  it('an endless body stops at 16 MiB; a declared 3 GiB is refused before it is read', async () => {
    const rss = process.memoryUsage().rss;
    const signal = AbortSignal.timeout(30_000);
    await expect(fetchBounded(`${base}/endless`, MAX_TORRENT_FILE, signal)).rejects.toThrow(
      'answered more than the 16 MiB a .torrent may be',
    );
    await expect(fetchBounded(`${base}/declared`, MAX_TORRENT_FILE, signal)).rejects.toThrow(
      'answered 3072 MiB, more than the 16 MiB a .torrent may be',
    );
    await expect(fetchBounded(`${base}/nothing`, MAX_TORRENT_FILE, signal)).rejects.toThrow(
      'answered HTTP 404 Not Found',
    );
    expect(process.memoryUsage().rss - rss).toBeLessThan(256 * 2 ** 20);
  });

  it('the first source with the right .torrent wins; the others are said', async () => {
    const s = await magnetSource(magnet(GOOD.infoHash, '/endless', '/other.torrent', '/good.torrent'), GOOD.infoHash);
    expect(Buffer.from(s.torrentId as Uint8Array).equals(GOOD.bytes)).toBe(true);
    expect(s.announce).toEqual(['udp://tracker.invalid:1337']);
    expect(s.warnings.join('\n')).toContain(
      `xs= source ${base}/other.torrent sent the .torrent of another torrent (${OTHER.infoHash})`,
    );
  });

  it('no usable source: the magnet without its xs=, each failure said, within the time limit', async () => {
    const uri = magnet(GOOD.infoHash, '/endless', '/silent', '/nothing');
    const s = await magnetSource(uri, GOOD.infoHash);
    expect(s.torrentId).toBe(
      `magnet:?xt=urn:btih:${GOOD.infoHash}&dn=x&tr=${encodeURIComponent('udp://tracker.invalid:1337')}`,
    );
    // The sources are fetched at once: their lines come in the order they fail.
    expect([...s.warnings].sort()).toEqual(
      [
        `xs= source ${base}/nothing answered HTTP 404 Not Found`,
        `xs= source ${base}/endless answered more than the 16 MiB a .torrent may be`,
        `xs= source ${base}/silent gave no .torrent within ${XS_TIMEOUT_MS / 1000} s`,
        'the metadata will come from peers instead',
      ].sort(),
    );
    expect(s.warnings.at(-1)).toBe('the metadata will come from peers instead');
  }, 30_000);

  it('a loopback xs= is refused without the allow list; the magnet goes on without it', async () => {
    const allowed = process.env.TIDEGAUGE_FETCH_ALLOW;
    delete process.env.TIDEGAUGE_FETCH_ALLOW;
    try {
      await expect(fetchBounded(`${base}/good.torrent`, MAX_TORRENT_FILE, AbortSignal.timeout(5000))).rejects.toThrow(
        /was not fetched: 127\.0\.0\.1 is a loopback address \(127\.0\.0\.1\); only public addresses are fetched/,
      );
      const s = await magnetSource(magnet(GOOD.infoHash, '/good.torrent'), GOOD.infoHash);
      expect(typeof s.torrentId).toBe('string');
      expect(s.warnings.join('\n')).toContain(
        `xs= source ${base}/good.torrent was not fetched: 127.0.0.1 is a loopback address`,
      );
    } finally {
      process.env.TIDEGAUGE_FETCH_ALLOW = allowed;
    }
  });
});

describe('a real engine session adding magnets with xs=', () => {
  it('takes the .torrent from its source, survives an endless one, and says so', async () => {
    const host = new StatsHost({ intervalMs: 1000, source: createDefaultSource({ swarm: false }) });
    await host.start();
    try {
      const rss = process.memoryUsage().rss;
      const dispatcher = createDispatcher({ host });
      const endless = torrentFile('endless.bin');
      expect(await dispatcher.command({ type: 'addTorrent', magnet: magnet(endless.infoHash, '/endless') })).toEqual({
        ok: true,
      });
      // Said before the add is answered: the worker's events arrive in order.
      expect(host.state().error).toContain(
        `torrent ${endless.infoHash}: xs= source ${base}/endless answered more than the 16 MiB a .torrent may be; the metadata will come from peers instead`,
      );
      expect(await dispatcher.command({ type: 'addTorrent', magnet: magnet(GOOD.infoHash, '/good.torrent') })).toEqual({
        ok: true,
      });
      const torrents = host.state().torrents ?? [];
      // The .torrent came from its source: the name is the file's, not the magnet's dn=.
      expect(torrents.find((t) => t.infoHash === GOOD.infoHash)?.name).toBe('good.bin');
      expect(torrents.find((t) => t.infoHash === endless.infoHash)?.state).toBe('metadata');
      expect(process.memoryUsage().rss - rss).toBeLessThan(512 * 2 ** 20);
      expect(sentEndless.length).toBeGreaterThan(0);
      expect(Math.max(...sentEndless)).toBeLessThan(1024 * 2 ** 20);
    } finally {
      await host.stop();
    }
  }, 60_000);
});
