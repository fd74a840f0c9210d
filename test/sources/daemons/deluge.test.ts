import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DelugeAdapter } from '../../../src/main/sources/deluge/DelugeAdapter';
import type { Reading } from '../../../src/main/sources/remote/adapter';
import { metricByName } from '../../../src/shared/registry';
import { type Daemon, type Seeder, startDeluge, startSeeder } from './harness';
import { deadPort, failureOf, garbageServer, htmlServer, pollUntil, value } from './wrong-servers';

const SIZE = 6 * 1024 * 1024;
const RATE = 1536 * 1024;

describe('Deluge adapter against deluged 2.0.3 through deluge-web', () => {
  let dl: Daemon & { daemonPort: number };
  let seeder: Seeder;
  const signal = () => AbortSignal.timeout(20_000);
  const url = (d: Daemon, password = d.password) => `deluge://:${password}@127.0.0.1:${d.port}`;

  beforeAll(async () => {
    [dl, seeder] = await Promise.all([startDeluge(), startSeeder(SIZE, RATE)]);
  });
  afterAll(async () => {
    await seeder?.stop();
    await dl?.dispose();
  });

  it('reports all libtorrent counters, mapped ones under our names and the rest as extras', async () => {
    const a = new DelugeAdapter(url(dl));
    const c = await a.connect(signal());
    expect(c.version).toBe('Deluge 2.0.3 (libtorrent 2.0.8.0)');
    expect(c.provenance?.dht).toBe(false);
    expect(JSON.stringify(c.provenance)).not.toMatch(/"[^"]*password[^"]*"/);
    // libtorrent's 291 counters plus Deluge's own keys.
    expect(c.registry.length).toBeGreaterThanOrEqual(291);
    expect(c.registry.find((m) => m.name === 'utp.utp_packet_loss')).toEqual({
      name: 'utp.utp_packet_loss',
      kind: 'counter',
    });
    expect(c.registry.find((m) => m.name === 'peer.num_peers_connected')?.kind).toBe('gauge');
    const r = await a.poll(signal());
    // A libtorrent counter our registry lacks is in the reading, as an extra.
    expect(metricByName('utp.utp_packet_loss')).toBeUndefined();
    expect(r.values.get('utp.utp_packet_loss')).toBe(0);
    expect(Object.values(a.mapping.names)).not.toContain('utp.utp_packet_loss');
    // Every name we map is in the reading.
    for (const [ours, theirs] of Object.entries(a.mapping.names)) {
      expect(r.values.has(theirs), `${ours} <- ${theirs}`).toBe(true);
    }
    await a.close();
  });

  it('downloads a torrent from the loopback swarm and reports payload, states and connections', async () => {
    const a = new DelugeAdapter(url(dl));
    await a.connect(signal());
    const added = await a.torrents.add(seeder.torrent);
    expect(added.infoHash).toBe(seeder.infoHash);
    const readings: Reading[] = [];
    await pollUntil(a, (r) => value(r, 'ses.num_seeding_torrents') === 1, 'seeding', readings);
    expect(readings.some((r) => value(r, 'ses.num_downloading_torrents') === 1)).toBe(true);
    expect(Math.max(...readings.map((r) => value(r, 'peer.num_peers_connected')))).toBeGreaterThan(0);
    const done = await pollUntil(a, (r) => value(r, 'net.recv_payload_bytes') >= SIZE, 'payload to reach the size');
    expect(value(done, 'net.recv_payload_bytes') - value(done, 'derived.waste_bytes')).toBe(SIZE);
    // Wire bytes are reported here (libtorrent counts them) and exceed the payload.
    expect(value(done, 'net.recv_bytes')).toBeGreaterThan(SIZE);
    expect(value(done, 'derived.disk_write_bytes')).toBeGreaterThanOrEqual(SIZE);
    await seeder.stop();
    await pollUntil(a, (r) => value(r, 'peer.num_peers_connected') === 0, 'connections to fall to 0');
    // What libtorrent cannot report has a reason.
    expect(a.mapping.notReported['dht.nodes_v4']).toMatch(/libtorrent 2\.0\.8.*does not report this/);
    expect(a.mapping.notReported['disk.cache_hits']).toMatch(/1\.2-only/);

    expect((await a.torrents.pause(seeder.infoHash)).state).toBe('paused');
    await pollUntil(a, (r) => value(r, 'ses.num_stopped_torrents') === 1, 'paused in the counters');
    expect((await a.torrents.resume(seeder.infoHash)).state).not.toBe('paused');
    await a.torrents.remove(seeder.infoHash);
    await pollUntil(a, (r) => value(r, 'derived.num_torrents') === 0, 'removed');
    await a.close();
  }, 240_000);

  it('gives clear failures: wrong password, nothing listening, daemon killed, not deluge-web', async () => {
    const wrong = await failureOf(new DelugeAdapter(url(dl, 'nope')).connect(signal()));
    expect(wrong.kind).toBe('auth');
    expect(wrong.message).toMatch(/refused the password/);
    expect(wrong.message).not.toMatch(/nope/);

    const none = await failureOf(new DelugeAdapter(`deluge://:x@127.0.0.1:${await deadPort()}`).connect(signal()));
    expect(none.kind).toBe('unreachable');

    const html = await htmlServer();
    const h = await failureOf(new DelugeAdapter(`deluge://:x@127.0.0.1:${html.port}`).connect(signal()));
    await html.close();
    expect(h.kind).toBe('protocol');

    const tcp = await garbageServer();
    const g = await failureOf(new DelugeAdapter(`deluge://:x@127.0.0.1:${tcp.port}`).connect(signal()));
    await tcp.close();
    expect(g.kind).toBe('protocol');

    // deluged killed mid-session while deluge-web runs, then deluge-web too; then both back.
    const a = new DelugeAdapter(url(dl));
    await a.connect(signal());
    await a.poll(signal());
    await dl.crash();
    const killed = await failureOf(a.poll(signal()));
    expect(killed.kind).toBe('unreachable');
    await dl.start();
    await a.connect(signal());
    expect((await a.poll(signal())).values.size).toBeGreaterThan(291);
    await a.close();
  }, 120_000);
});
