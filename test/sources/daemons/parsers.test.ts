import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDerived } from '../../../src/main/sources/deluge/derived';
import { peerGauges, torrentGauges } from '../../../src/main/sources/qbittorrent/gauges';
import { emptyMainData, mergeMainData, mergePeers } from '../../../src/main/sources/qbittorrent/maindata';
import { torrentGauges as trGauges } from '../../../src/main/sources/transmission/gauges';
import { legacyName, snake, snakeKeys } from '../../../src/main/sources/transmission/rpc';

// The pure parts on responses captured from the real daemons (../shared/sources/samples).
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/daemons', name), 'utf8'));

describe('qBittorrent maindata and peers', () => {
  it('merges a rid delta into the full update: changed keys replaced, the rest kept', () => {
    const state = mergeMainData(emptyMainData(), fixture('qbittorrent-active-sync-maindata-rid0.json'));
    expect(state.rid).toBe(1);
    expect(state.serverState.total_peer_connections).toBe(5);
    mergeMainData(state, fixture('qbittorrent-active-sync-maindata-rid1-delta.json'));
    expect(state.rid).toBe(2);
    expect(state.serverState.dl_info_data).toBe(9330464);
    // Not in the delta: kept from the full update.
    expect(state.serverState.total_peer_connections).toBe(5);
    const t = state.torrents.get('56c8e2e9f2c982c4224413ecd818158f14bd6a0b');
    expect(t?.progress).toBe(0.27783203125);
    expect(t?.state).toBe('downloading');
    const out = new Map<string, number>();
    torrentGauges(state.torrents.values(), out);
    expect(out.get('torrents.downloading')).toBe(1);
    expect(out.get('torrents.total')).toBe(1);
  });

  it('removes torrents and restarts on full_update', () => {
    const state = mergeMainData(emptyMainData(), fixture('qbittorrent-active-sync-maindata-rid0.json'));
    mergeMainData(state, { rid: 3, torrents_removed: ['56c8e2e9f2c982c4224413ecd818158f14bd6a0b'] });
    expect(state.torrents.size).toBe(0);
    mergeMainData(state, { rid: 1, full_update: true, server_state: { dl_info_speed: 1 } });
    expect(state.serverState).toEqual({ dl_info_speed: 1 });
    expect(() => mergeMainData(state, '<html>')).toThrow(/no rid/);
  });

  it('sums the per-peer list: TCP/uTP split, unchoked (U or ?), interested (U or u)', () => {
    const peers = mergePeers({ rid: 0, peers: new Map() }, fixture('qbittorrent-active-sync-torrentPeers.json'));
    const out = new Map<string, number>();
    peerGauges([peers.peers.values()], out);
    const list = [...peers.peers.values()];
    expect((out.get('peers.bt') ?? 0) + (out.get('peers.utp') ?? 0)).toBe(list.length);
    expect(out.get('peers.utp')).toBe(list.filter((p) => p.connection === 'μTP').length);
    const flags = list.map((p) => String(p.flags).split(' '));
    expect(out.get('peers.unchoked')).toBe(flags.filter((f) => f.includes('U') || f.includes('?')).length);
    expect(out.get('peers.interested')).toBe(flags.filter((f) => f.includes('U') || f.includes('u')).length);
  });
});

describe('Transmission names in both dialects', () => {
  it('converts 3.x names to snake_case and back', () => {
    expect(snake('downloadSpeed')).toBe('download_speed');
    expect(snake('current-stats')).toBe('current_stats');
    expect(snake('isUTP')).toBe('is_utp');
    expect(snake('peersGettingFromUs')).toBe('peers_getting_from_us');
    expect(snake('rpc-version')).toBe('rpc_version');
    for (const legacy of [
      'hashString',
      'isUTP',
      'peersSendingToUs',
      'webseedsSendingToUs',
      'current-stats',
      'percentDone',
    ]) {
      expect(legacyName(snake(legacy))).toBe(legacy);
    }
  });

  it('sums torrent-get from a captured 3.00 answer', () => {
    const stats = snakeKeys(
      (fixture('transmission-active-session-stats.json') as { arguments: unknown }).arguments,
    ) as Record<string, unknown>;
    expect((stats.current_stats as Record<string, unknown>).downloaded_bytes).toBe(3163552);
    const got = snakeKeys((fixture('transmission-active-torrent-get.json') as { arguments: unknown }).arguments) as {
      torrents: Record<string, unknown>[];
    };
    const out = new Map<string, number>();
    trGauges(got.torrents, out);
    const peers = got.torrents.flatMap((t) => t.peers as Record<string, unknown>[]);
    expect((out.get('peers.tcp') ?? 0) + (out.get('peers.utp') ?? 0)).toBe(peers.length);
    expect(out.get('torrents.downloading')).toBe(1);
  });
});

describe('Deluge derived sums', () => {
  it('writes a sum only when all its parts are present', () => {
    const v = new Map([
      ['net.recv_redundant_bytes', 10],
      ['net.recv_failed_bytes', 5],
      ['disk.num_blocks_read', 2],
      ['peer.num_tcp_peers', 3],
    ]);
    addDerived(v);
    expect(v.get('derived.waste_bytes')).toBe(15);
    expect(v.get('derived.disk_read_bytes')).toBe(32768);
    expect(v.has('derived.tcp_peers')).toBe(false);
  });
});
