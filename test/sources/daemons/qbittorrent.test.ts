import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QbittorrentAdapter } from '../../../src/main/sources/qbittorrent/QbittorrentAdapter';
import type { Reading } from '../../../src/main/sources/remote/adapter';
import { type Daemon, type Seeder, startQbittorrent, startSeeder } from './harness';
import { deadPort, failureOf, garbageServer, htmlServer, pollUntil, value } from './wrong-servers';

// A download that lasts a few seconds at 1 Hz: 6 MiB from a seeder capped at 1.5 MiB/s.
const SIZE = 6 * 1024 * 1024;
const RATE = 1536 * 1024;

describe('qBittorrent adapter against qbittorrent-nox 4.5.2', () => {
  let qbt: Daemon;
  let seeder: Seeder;
  const signal = () => AbortSignal.timeout(20_000);
  const url = (d: Daemon, password = d.password) => `qbittorrent://${d.user}:${password}@127.0.0.1:${d.port}`;

  beforeAll(async () => {
    [qbt, seeder] = await Promise.all([startQbittorrent(), startSeeder(SIZE, RATE)]);
  });
  afterAll(async () => {
    await seeder?.stop();
    await qbt?.dispose();
  });

  it('downloads a torrent from the loopback swarm and reports payload, states and connections', async () => {
    const a = new QbittorrentAdapter(url(qbt), { peerEvery: 1 });
    const c = await a.connect(signal());
    expect(c.version).toMatch(/^qBittorrent v4\.5\.2 \(WebUI API 2\.8\.\d+\)$/);
    expect(JSON.stringify(c.provenance)).not.toMatch(/adminadmin|password/i);
    expect(c.provenance?.dht).toBe(false);
    expect(a.displayAddress).toBe(`qbittorrent://127.0.0.1:${qbt.port}`);

    const idle = await a.poll(signal());
    expect(value(idle, 'torrents.total')).toBe(0);

    const added = await a.torrents.add(seeder.torrent);
    expect(added.infoHash).toBe(seeder.infoHash);
    const readings: Reading[] = [];
    await pollUntil(a, (r) => value(r, 'torrents.seeding') === 1, 'seeding', readings);
    // Torrent state changes arrive as events (kept in the session file like alerts).
    const events = readings.flatMap((r) => r.events ?? []);
    expect(events.find((e) => e.kind === 'torrent_added')?.message).toMatch(/^payload\.bin added/);
    expect(events.some((e) => e.kind === 'state_changed' && /-> seeding$/.test(e.message))).toBe(true);
    const sawDownloading = readings.some((r) => value(r, 'torrents.downloading') === 1);
    expect(sawDownloading).toBe(true);
    const maxConnections = Math.max(...readings.map((r) => value(r, 'server_state.total_peer_connections')));
    expect(maxConnections).toBeGreaterThan(0);
    expect(Math.max(...readings.map((r) => value(r, 'peers.bt') + value(r, 'peers.utp')))).toBeGreaterThan(0);
    expect(Math.max(...readings.map((r) => value(r, 'server_state.dl_info_speed')))).toBeGreaterThan(0);

    // Payload downloaded equals the content (less what qBittorrent counts as wasted).
    const done = await pollUntil(
      a,
      (r) => value(r, 'server_state.dl_info_data') - value(r, 'server_state.total_wasted_session') >= SIZE,
      'the payload counter to reach the content size',
    );
    expect(value(done, 'server_state.dl_info_data') - value(done, 'server_state.total_wasted_session')).toBe(SIZE);

    // Seed to seed: the seeder leaves (or libtorrent drops the connection): connections fall.
    await seeder.stop();
    await pollUntil(a, (r) => value(r, 'server_state.total_peer_connections') === 0, 'connections to fall to 0');

    // The wire metrics are not reported, with the reason.
    for (const m of ['net.bytes_sent', 'net.bytes_recv', 'bw.upload_rate', 'bw.download_rate']) {
      expect(a.mapping.notReported[m]).toMatch(/payload/);
      expect(a.mapping.names[m]).toBeUndefined();
    }
    expect(a.mapping.names['bw.total_downloaded']).toBe('server_state.dl_info_data');
    await a.close();
  }, 240_000);

  it('pauses, resumes and removes through the API; maindata deltas keep the list right', async () => {
    const a = new QbittorrentAdapter(url(qbt));
    await a.connect(signal());
    await a.poll(signal());
    const [t] = await a.torrents.list();
    expect(t?.infoHash).toBe(seeder.infoHash);
    expect((await a.torrents.pause(seeder.infoHash)).state).toBe('paused');
    await pollUntil(a, (r) => value(r, 'torrents.paused') === 1, 'paused in maindata');
    expect((await a.torrents.resume(seeder.infoHash)).state).not.toBe('paused');
    await pollUntil(a, (r) => value(r, 'torrents.paused') === 0, 'resumed in maindata');
    await a.torrents.remove(seeder.infoHash);
    await pollUntil(a, (r) => value(r, 'torrents.total') === 0, 'removed in maindata (torrents_removed)');
    expect(await a.torrents.list()).toEqual([]);
    await a.close();
  });

  it('re-logs in when the cookie is no longer valid (qBittorrent restarted)', async () => {
    const a = new QbittorrentAdapter(url(qbt));
    await a.connect(signal());
    await a.poll(signal());
    await qbt.stop();
    expect((await failureOf(a.poll(signal()))).kind).toBe('unreachable');
    await qbt.start();
    // The old SID is unknown to the new process: 403, then one fresh login, then data.
    const r = await a.poll(signal());
    expect(r.values.has('server_state.dl_info_speed')).toBe(true);
    await a.close();
  });

  it('gives clear failures: wrong password, nothing listening, killed mid-session, not qBittorrent', async () => {
    const wrong = await failureOf(new QbittorrentAdapter(url(qbt, 'nope')).connect(signal()));
    expect(wrong.kind).toBe('auth');
    expect(wrong.message).toMatch(/refused the user name or password/);
    expect(wrong.message).not.toMatch(/nope/);

    const port = await deadPort();
    const none = await failureOf(new QbittorrentAdapter(`qbittorrent://admin:x@127.0.0.1:${port}`).connect(signal()));
    expect(none).toMatchObject({ kind: 'unreachable' });
    expect(none.message).toMatch(/connection refused: is the daemon running/);

    const html = await htmlServer();
    const h = await failureOf(new QbittorrentAdapter(`qbittorrent://admin:x@127.0.0.1:${html.port}`).connect(signal()));
    await html.close();
    expect(h.kind).toBe('protocol');
    expect(h.message).toMatch(/not qBittorrent's WebUI/);

    const tcp = await garbageServer();
    const g = await failureOf(new QbittorrentAdapter(`qbittorrent://admin:x@127.0.0.1:${tcp.port}`).connect(signal()));
    await tcp.close();
    expect(g.kind).toBe('protocol');
    expect(g.message).toMatch(/does not speak HTTP/);

    const a = new QbittorrentAdapter(url(qbt));
    await a.connect(signal());
    await a.poll(signal());
    await qbt.crash();
    const killed = await failureOf(a.poll(signal()));
    expect(killed.kind).toBe('unreachable');
    await qbt.start();
    await a.connect(signal());
    expect((await a.poll(signal())).values.size).toBeGreaterThan(10);
    await a.close();
  }, 120_000);

  it('respects the ban after failed logins: says so and stops', async () => {
    const banning = await startQbittorrent({ maxAuthFailures: 2 });
    try {
      const bad = new QbittorrentAdapter(`qbittorrent://admin:bad@127.0.0.1:${banning.port}`);
      expect((await failureOf(bad.connect(signal()))).kind).toBe('auth');
      expect((await failureOf(bad.connect(signal()))).kind).toBe('auth');
      const banned = await failureOf(bad.connect(signal()));
      expect(banned.kind).toBe('banned');
      expect(banned.message).toMatch(/banned this address .*not retrying/);
      // Even the right password is refused now: the ban is on the address.
      const good = new QbittorrentAdapter(url(banning));
      expect((await failureOf(good.connect(signal()))).kind).toBe('banned');
    } finally {
      await banning.dispose();
    }
  });
});
