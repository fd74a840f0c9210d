import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import parseTorrent from 'parse-torrent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateKind, publicAddress } from '../../src/main/sources/public-address';
import { fetchTorrentLink } from '../../src/main/sources/torrent-url';
import { makeSmallTorrents } from './daemons/harness';

/*
 * The add box's http(s) .torrent links, fetched by the host from a real local server: a real
 * .torrent (made by libtorrent, as a client makes one), a body past the limit, a redirect
 * loop, a page that is not a .torrent, and loopback refused unless the allow list names it.
 */

let server: Server;
let base = '';
let torrent: Buffer;
let infoHash = '';
const ALLOW = ['127.0.0.1'];

beforeAll(async () => {
  // Made by libtorrent (the daemon tests' seeder script), as a real client makes one.
  const made = makeSmallTorrents(2, 100_000);
  torrent = Buffer.from(made.torrents[0] as Uint8Array);
  made.dispose();
  infoHash = (await parseTorrent(torrent)).infoHash as string;
  server = createServer((req, res) => {
    if (req.url === '/linked.torrent') res.end(torrent);
    else if (req.url === '/moved') res.writeHead(302, { location: '/linked.torrent' }).end();
    else if (req.url?.startsWith('/loop')) res.writeHead(302, { location: `/loop${req.url.length}` }).end();
    else if (req.url === '/huge') {
      res.writeHead(200, { 'content-type': 'application/x-bittorrent' });
      const chunk = Buffer.alloc(256 * 1024, 0x64);
      const pump = () => {
        while (!res.destroyed) if (!res.write(chunk)) return void res.once('drain', pump);
      };
      pump();
    } else if (req.url === '/page') res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>login');
    else if (req.url === '/silent') res.writeHead(200).flushHeaders();
    else res.writeHead(404, 'Not Found').end('no');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('fetchTorrentLink', () => {
  it('fetches a real .torrent, also through a redirect', async () => {
    for (const path of ['/linked.torrent', '/moved']) {
      const bytes = await fetchTorrentLink(`${base}${path}`, { allow: ALLOW });
      expect(Buffer.from(bytes).equals(torrent)).toBe(true);
      expect((await parseTorrent(bytes)).infoHash).toBe(infoHash);
    }
  });

  it('gives up past the size limit, on a redirect loop, on HTTP errors and on a web page', async () => {
    await expect(fetchTorrentLink(`${base}/huge`, { allow: ALLOW, maxBytes: 1 << 20 })).rejects.toThrow(
      `The link ${base}/huge answered more than the 1 MiB a .torrent may be`,
    );
    await expect(fetchTorrentLink(`${base}/loop`, { allow: ALLOW })).rejects.toThrow(
      `The link ${base}/loop redirected more than 3 times`,
    );
    await expect(fetchTorrentLink(`${base}/gone.torrent`, { allow: ALLOW })).rejects.toThrow(
      'answered HTTP 404 Not Found',
    );
    await expect(fetchTorrentLink(`${base}/page`, { allow: ALLOW })).rejects.toThrow(
      'did not give a .torrent file: it is a web page (HTML)',
    );
    await expect(fetchTorrentLink(`${base}/silent`, { allow: ALLOW, timeoutMs: 1000 })).rejects.toThrow(
      'gave no .torrent within 1 s',
    );
  });

  it('refuses loopback, private and link-local addresses without the allow list', async () => {
    await expect(fetchTorrentLink(`${base}/linked.torrent`, { allow: [] })).rejects.toThrow(
      /was not fetched: 127\.0\.0\.1 is a loopback address \(127\.0\.0\.1\); only public addresses are fetched/,
    );
    await expect(fetchTorrentLink('http://localhost:9/x.torrent', { allow: [] })).rejects.toThrow(/loopback address/);
    await expect(fetchTorrentLink('http://[::1]:9/x.torrent', { allow: [] })).rejects.toThrow(/loopback address/);
    await expect(fetchTorrentLink('http://10.1.2.3:9/x.torrent', { allow: [] })).rejects.toThrow(
      /10\.1\.2\.3 is a private or reserved address/,
    );
    await expect(publicAddress('169.254.169.254', [])).rejects.toThrow(/link-local/);
  });

  it('says a link without its credentials and query (a passkey lives there)', async () => {
    await expect(
      fetchTorrentLink(`http://user:secret@127.0.0.1:${new URL(base).port}/gone.torrent?passkey=abc123`, {
        allow: ALLOW,
      }),
    ).rejects.toThrow(/^The link http:\/\/127\.0\.0\.1:\d+\/gone\.torrent\?… answered HTTP 404 Not Found$/);
    const e = await fetchTorrentLink(`${base}/gone.torrent?passkey=abc123`, { allow: ALLOW }).catch((x: Error) => x);
    expect(String(e)).not.toContain('abc123');
  });

  it('classifies addresses', () => {
    expect(privateKind('8.8.8.8')).toBeNull();
    expect(privateKind('2606:4700:4700::1111')).toBeNull();
    expect(privateKind('127.0.0.1')).toBe('loopback');
    expect(privateKind('::ffff:192.168.1.1')).toBe('private or reserved');
    expect(privateKind('fe80::1')).toBe('link-local');
    expect(privateKind('fd00::1')).toBe('private or reserved');
    expect(privateKind('100.64.0.1')).toBe('private or reserved');
  });
});
