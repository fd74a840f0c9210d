import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { torrentInfo as delugeRow } from '../../src/main/sources/deluge/DelugeAdapter';
import { parseTorrents } from '../../src/main/sources/irontide/protocol';
import { torrentInfo as qbtRow } from '../../src/main/sources/qbittorrent/gauges';
import { torrentInfo as trRow } from '../../src/main/sources/transmission/gauges';
import { snakeKeys } from '../../src/main/sources/transmission/rpc';
import { cellOf } from '../../src/shared/torrent-table';

/*
 * Each daemon's torrent row, mapped from the answers captured from the real daemons
 * (../shared/sources/samples, copied to test/fixtures/daemons): the table's rate, ETA,
 * ratio and seeds/peers columns hold the daemon's own numbers, and what it lacks is said.
 */
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/daemons', name), 'utf8'));
const HASH = '56c8e2e9f2c982c4224413ecd818158f14bd6a0b';
type Fields = Record<string, unknown>;

describe('qBittorrent torrents/info', () => {
  it('downloading: dlspeed, upspeed, eta, ratio, num_seeds (num_complete), num_leechs (num_incomplete)', () => {
    const [t] = fixture('qbittorrent-active-torrents-info.json') as Fields[];
    const row = qbtRow(HASH, t as Fields);
    expect(row).toMatchObject({
      state: 'downloading',
      downRate: 788288,
      upRate: 631541,
      eta: 66,
      ratio: 0.8193148481697331,
      seeds: { connected: 1, swarm: 1 },
      leechers: { connected: 4, swarm: 0 },
      unreported: {},
    });
    expect(cellOf(row, 'downRate').text).toBe('769.8 KiB/s');
    expect(cellOf(row, 'eta').text).toBe('1 min 6 s');
    expect(cellOf(row, 'seeds').text).toBe('1 (1)');
  });

  it('seeding: the 8640000 s "infinite" ETA is no estimate, the row reads done', () => {
    const [t] = fixture('qbittorrent-done-torrents-info.json') as Fields[];
    const row = qbtRow(HASH, t as Fields);
    expect(row).toMatchObject({ state: 'seeding', eta: null, ratio: 1.3204991785318643, progress: 1 });
    expect(row.seeds).toEqual({ connected: 0, swarm: 7 });
    expect(cellOf(row, 'eta').text).toBe('done');
    expect(cellOf(row, 'ratio').text).toBe('1.32');
  });

  it('a field qBittorrent did not send is "—" with why, never 0', () => {
    const row = qbtRow(HASH, { name: 'x', state: 'downloading', progress: 0.5, size: 10 });
    expect(row.downRate).toBeNull();
    expect(row.unreported.downRate).toMatch(/dlspeed/);
    const c = cellOf(row, 'downRate');
    expect(c.text).toBe('—');
    expect(c.title).toMatch(/Not reported by this source: qBittorrent sent no dlspeed/);
  });
});

describe('Transmission torrent-get', () => {
  const rows = (name: string) =>
    ((snakeKeys((fixture(name) as { arguments: unknown }).arguments) as { torrents: Fields[] }).torrents ?? []).map(
      trRow,
    );

  it('downloading: rateDownload, rateUpload, eta, uploadRatio; seeds told from the peer list, swarm from trackerStats', () => {
    const [row] = rows('transmission-active-torrent-get.json');
    expect(row).toMatchObject({
      state: 'downloading',
      downRate: 785000,
      upRate: 0,
      eta: 38,
      ratio: 0,
      // Five connected peers, one of them with every piece; the tracker scrape counts 7 seeds.
      seeds: { connected: 1, swarm: 7 },
      leechers: { connected: 4, swarm: 0 },
      unreported: {},
    });
  });

  it('seeding: eta -1 (not available) is no estimate; the row reads done', () => {
    const [row] = rows('transmission-done-torrent-get.json');
    expect(row).toMatchObject({ state: 'seeding', eta: null, ratio: 0.2672, downRate: 0 });
    expect(row && cellOf(row, 'eta').text).toBe('done');
    expect(row?.seeds).toEqual({ connected: 0, swarm: 7 });
  });
});

describe('Deluge core.get_torrents_status', () => {
  const rows = (name: string) =>
    Object.entries(fixture(name) as Record<string, Fields>).map(([h, t]) => delugeRow(h, t));

  it('downloading: download/upload_payload_rate, eta, ratio, num_seeds (total_seeds), num_peers (total_peers)', () => {
    // (This capture asked for no total_size, so its state is not asserted here.)
    const [row] = rows('deluge-active-core.get_torrents_status.json');
    expect(row).toMatchObject({
      downRate: 474940,
      upRate: 827744,
      eta: 51,
      ratio: 1.0785332918167114,
      seeds: { connected: 1, swarm: 5 },
      leechers: { connected: 4, swarm: 0 },
      unreported: {},
    });
  });

  it('seeding: eta 0 is done', () => {
    const [row] = rows('deluge-done-core.get_torrents_status.json');
    expect(row).toMatchObject({
      state: 'seeding',
      eta: 0,
      downRate: 51,
      upRate: 122,
      seeds: { connected: 0, swarm: 7 },
    });
  });
});

describe('irontide / tidegauge torrent lists', () => {
  it('a list without rates says so per column; a Tidegauge list carries its own', () => {
    const [bare] = parseTorrents([{ info_hash: HASH, name: 'a', state: 'downloading', progress: 0.5 }]);
    expect(bare?.downRate).toBeNull();
    expect(bare?.unreported.downRate).toMatch(/no downRate/);
    expect(bare && cellOf(bare, 'seeds').text).toBe('—');
    const [full] = parseTorrents([
      {
        infoHash: HASH,
        name: 'b',
        state: 'seeding',
        progress: 1,
        downRate: 0,
        upRate: 5,
        eta: 0,
        ratio: 2,
        seeds: { connected: 1, swarm: null },
        leechers: { connected: 2, swarm: null },
        unreported: { swarm: 'the embedded engine does not scrape trackers' },
      },
    ]);
    expect(full).toMatchObject({ upRate: 5, ratio: 2, seeds: { connected: 1, swarm: null } });
    expect(full?.unreported).toEqual({ swarm: 'the embedded engine does not scrape trackers' });
    expect(full && cellOf(full, 'leechers').title).toMatch(/in the swarm: the embedded engine does not scrape/);
  });
});
