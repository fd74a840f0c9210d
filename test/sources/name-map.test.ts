import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../src/main/sources/addresses';
import { parseAlert, parseEventMessage } from '../../src/main/sources/irontide/protocol';
import { engineColumn, identityMap } from '../../src/main/sources/remote/nameMap';
import { withoutSecrets } from '../../src/main/sources/remote/secrets';

describe('name tables from mapping.tsv', () => {
  it('irontide maps all 99 names to themselves', () => {
    const c = engineColumn('irontide', 'irontide');
    expect(Object.keys(c.names)).toHaveLength(99);
    expect(c.names['net.bytes_sent']).toBe('net.bytes_sent');
    expect(identityMap().names['dht.nodes']).toBe('dht.nodes');
  });

  it('a client without a field says why, a recipe is left to the adapter', () => {
    const q = engineColumn('qBittorrent', 'qBittorrent');
    expect(q.notReported['net.bytes_sent']).toMatch(/^qBittorrent: WebUI has payload only/);
    expect(q.names['net.bytes_sent']).toBeUndefined();
    expect(q.derived['net.num_tcp_peers']).toMatch(/^derive:/);
    const lt = engineColumn('libtorrent', 'libtorrent');
    expect(lt.names['net.bytes_sent']).toBe('net.sent_bytes');
  });
});

describe("irontide's event messages", () => {
  it('stats, lagged, alerts; garbage is named', () => {
    const s = parseEventMessage('{"type":"stats","counters":{"net.bytes_sent":5,"x":"7"}}');
    expect(s).toMatchObject({ type: 'stats' });
    expect(typeof s !== 'string' && s.type === 'stats' && [...s.counters]).toEqual([
      ['net.bytes_sent', 5],
      ['x', 7],
    ]);
    expect(parseEventMessage('{"type":"lagged","dropped":3}')).toEqual({ type: 'lagged', dropped: 3 });
    expect(parseEventMessage('nope')).toBe('text that is not JSON ("nope")');
    expect(parseEventMessage('{"type":"hello"}')).toBe('a message of type "hello"');
    const a = parseEventMessage(
      '{"type":"alert","alert":{"timestamp":1700000000,"kind":{"TorrentAdded":{"name":"x"}}},"category":"STATUS"}',
    );
    if (typeof a === 'string' || a.type !== 'alert') throw new Error(String(a));
    expect(parseAlert(a)).toEqual({
      t: 1700000000000,
      kind: 'TorrentAdded',
      message: 'STATUS: TorrentAdded {"name":"x"}',
    });
  });
});

describe('secrets stay out', () => {
  it('settings lose secret keys; shown addresses lose tokens and user info', () => {
    expect(withoutSecrets({ a: 1, proxy_password: 'x', nested: { api_key: 'k', b: 2 } })).toEqual({
      a: 1,
      nested: { b: 2 },
    });
    const p = parseAddress('tidegauge://me:pw@seedbox.lan:7420/?token=abc');
    expect(p.shown).toBe('tidegauge://seedbox.lan:7420');
    expect(p.params.get('token')).toBe('abc');
    expect(p).toMatchObject({ username: 'me', password: 'pw' });
    expect(parseAddress('irontide://127.0.0.1').port).toBe(9080);
  });
});
