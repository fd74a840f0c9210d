import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../../src/main/sources/remote/adapter';
import { TransmissionAdapter } from '../../../src/main/sources/transmission/TransmissionAdapter';
import { type Daemon, type Seeder, startSeeder, startTransmission } from './harness';
import { deadPort, failureOf, garbageServer, htmlServer, pollUntil, value } from './wrong-servers';

const SIZE = 6 * 1024 * 1024;
const RATE = 1536 * 1024;

describe('Transmission adapter against transmission-daemon 3.00', () => {
  let tr: Daemon;
  let seeder: Seeder;
  const signal = () => AbortSignal.timeout(20_000);
  const url = (d: Daemon, password = d.password) => `transmission://${d.user}:${password}@127.0.0.1:${d.port}`;

  beforeAll(async () => {
    [tr, seeder] = await Promise.all([startTransmission(), startSeeder(SIZE, RATE)]);
  });
  afterAll(async () => {
    await seeder?.stop();
    await tr?.dispose();
  });

  it('downloads a torrent from the loopback swarm and reports payload, states and connections', async () => {
    const a = new TransmissionAdapter(url(tr));
    expect(a.displayAddress).toBe(`transmission://127.0.0.1:${tr.port}/transmission/rpc`);
    const c = await a.connect(signal());
    expect(c.version).toMatch(/^Transmission 3\.00 .*\(RPC 16\)$/);
    expect(a.rpc.dialect).toBe('legacy');
    expect(a.rpc.handshakes).toBe(1);
    expect(c.provenance?.dht_enabled).toBe(false);
    expect(JSON.stringify(c.provenance)).not.toMatch(/secret|rpc_password|rpc_username/);

    const idle = await a.poll(signal());
    expect(value(idle, 'session_stats.torrent_count')).toBe(0);

    const added = await a.torrents.add(seeder.torrent);
    expect(added.infoHash).toBe(seeder.infoHash);
    const readings: Reading[] = [];
    await pollUntil(a, (r) => value(r, 'torrents.seeding') === 1, 'seeding', readings);
    // Torrent state changes arrive as events (kept in the session file like alerts).
    const events = readings.flatMap((r) => r.events ?? []);
    expect(events.find((e) => e.kind === 'torrent_added')?.message).toMatch(/^payload\.bin added/);
    expect(events.some((e) => e.kind === 'state_changed' && /-> seeding$/.test(e.message))).toBe(true);
    expect(readings.some((r) => value(r, 'torrents.downloading') === 1)).toBe(true);
    expect(Math.max(...readings.map((r) => value(r, 'torrents.peers_connected')))).toBeGreaterThan(0);
    expect(Math.max(...readings.map((r) => value(r, 'peers.tcp') + value(r, 'peers.utp')))).toBeGreaterThan(0);
    expect(Math.max(...readings.map((r) => value(r, 'torrents.peers_sending_to_us')))).toBeGreaterThan(0);

    const done = await pollUntil(
      a,
      (r) => value(r, 'current_stats.downloaded_bytes') >= SIZE,
      'the payload counter to reach the content size',
    );
    expect(value(done, 'current_stats.downloaded_bytes')).toBe(SIZE);

    await seeder.stop();
    await pollUntil(a, (r) => value(r, 'torrents.peers_connected') === 0, 'connections to fall to 0');

    for (const m of ['net.bytes_sent', 'net.bytes_recv', 'bw.upload_rate', 'bw.download_rate']) {
      expect(a.mapping.notReported[m]).toMatch(/piece data/);
    }
    expect(a.mapping.notReported['dht.nodes']).toMatch(/no DHT node count/);
    await a.close();
  }, 240_000);

  it('stops, starts and removes a torrent', async () => {
    const a = new TransmissionAdapter(url(tr));
    await a.connect(signal());
    const [t] = await a.torrents.list();
    expect(t?.infoHash).toBe(seeder.infoHash);
    expect((await a.torrents.pause(seeder.infoHash)).state).toBe('paused');
    await pollUntil(a, (r) => value(r, 'session_stats.paused_torrent_count') === 1, 'paused in session-stats');
    expect((await a.torrents.resume(seeder.infoHash)).state).not.toBe('paused');
    await a.torrents.remove(seeder.infoHash);
    await pollUntil(a, (r) => value(r, 'session_stats.torrent_count') === 0, 'removed');
  }, 120_000);

  it('follows a rotated session id, and gives clear failures', async () => {
    const a = new TransmissionAdapter(url(tr));
    await a.connect(signal());
    await a.poll(signal());
    const before = a.rpc.handshakes;
    await tr.crash();
    const killed = await failureOf(a.poll(signal()));
    expect(killed.kind).toBe('unreachable');
    await tr.start();
    // A new daemon has a new session id: one 409, then the answer, without reconnecting.
    expect((await a.poll(signal())).values.has('session_stats.download_speed')).toBe(true);
    expect(a.rpc.handshakes).toBeGreaterThan(before);

    const wrong = await failureOf(new TransmissionAdapter(url(tr, 'nope')).connect(signal()));
    expect(wrong.kind).toBe('auth');
    expect(wrong.message).toMatch(/refused the user name or password/);
    expect(wrong.message).not.toMatch(/nope/);

    const none = await failureOf(
      new TransmissionAdapter(`transmission://a:b@127.0.0.1:${await deadPort()}`).connect(signal()),
    );
    expect(none.kind).toBe('unreachable');

    const html = await htmlServer();
    const h = await failureOf(new TransmissionAdapter(`transmission://a:b@127.0.0.1:${html.port}`).connect(signal()));
    await html.close();
    expect(h.kind).toBe('protocol');
    expect(h.message).toMatch(/not Transmission's JSON/);

    const tcp = await garbageServer();
    const g = await failureOf(new TransmissionAdapter(`transmission://a:b@127.0.0.1:${tcp.port}`).connect(signal()));
    await tcp.close();
    expect(g.kind).toBe('protocol');
  }, 120_000);
});
