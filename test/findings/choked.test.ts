import { describe, expect, it } from 'vitest';
import { type FindingsInput, findings, THRESHOLDS } from '../../src/shared/findings';
import { builtinRegistry, type RegistryEntry } from '../../src/shared/registry';

// Peers choking us: libtorrent's choke gauges, as a Deluge recording keeps them (extra columns
// after ours) and as a libtorrent session_stats import names them.
const extra = (name: string): RegistryEntry => ({
  name,
  kind: 'gauge',
  unit: 'count',
  category: 'libtorrent',
  diagnostic: false,
  deprecated: false,
  description: '',
  extra: true,
});
const DELUGE = [...builtinRegistry(), extra('peer.num_peers_down_interested'), extra('peer.num_peers_down_unchoked')];

/**
 * 200 s downloading at 256 KiB/s from `sending` peers, `interested` peers wanted, `unchoked` of
 * them letting us in during the first `seconds` (all of them afterwards).
 */
function session(
  registry: readonly RegistryEntry[],
  o: { interested: number; unchoked: number; seconds: number },
  torrentsName = 'peer.num_downloading_torrents',
): FindingsInput {
  const n = 200;
  const at = (name: string) => registry.findIndex((e) => e.name === name);
  const columns = registry.map(() => new Float64Array(n));
  const set = (name: string, k: number, v: number) => {
    const i = at(name);
    if (i >= 0) (columns[i] as Float64Array)[k] = v;
  };
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += k > 0 ? 256 * 1024 : 0;
    set('bw.payload_download_rate', k, 256 * 1024);
    set('bw.download_rate', k, 262 * 1024);
    set('bw.total_downloaded', k, total);
    set('net.bytes_recv', k, total * 1.02);
    set('net.tcp_bytes_recv', k, total * 1.02);
    set('bw.download_rate_tcp', k, 262 * 1024);
    set('peer.peers_connected', k, o.interested);
    set('peer.peers_available', k, o.interested + 30);
    set('peer.num_downloading', k, 3);
    set(torrentsName, k, 1);
    set('peer.num_peers_down_interested', k, o.interested);
    set('peer.num_peers_down_unchoked', k, k <= o.seconds ? o.unchoked : o.interested);
  }
  return { registry, length: n, t: Float64Array.from({ length: n }, (_, k) => k * 1000), columns };
}

const rules = (input: FindingsInput) => findings(input).map((f) => f.rule);

describe('peers choking us', () => {
  it('1 of 10 wanted peers letting us in for 150 of 200 s is a finding, with its range and share', () => {
    const found = findings(session(DELUGE, { interested: 10, unchoked: 1, seconds: 150 }));
    expect(found.map((f) => f.rule)).toEqual(['choked-by-peers']);
    expect(found[0]?.ranges).toEqual([{ from: 0, to: 150_000 }]);
    expect(found[0]?.value).toBeCloseTo(0.9);
    expect(found[0]?.measured).toMatch(
      /^For 2 min 30 s \(75\.4% of the time we wanted pieces\) 90(\.0)?% of up to 10 peers/,
    );
  });

  it('under each threshold it is none: 3 unchoked of 10, 90 of 200 s, 50 s, or 3 peers wanted', () => {
    // 3 of 10 letting us in: more than chokedMostUnchoked, and a 70 % share.
    expect(rules(session(DELUGE, { interested: 10, unchoked: 3, seconds: 150 }))).toEqual([]);
    // Under half of the downloading time (90 of 199 s).
    expect(rules(session(DELUGE, { interested: 10, unchoked: 1, seconds: 90 }))).toEqual([]);
    // Over half of a short download, but under a minute.
    const short = session(DELUGE, { interested: 10, unchoked: 0, seconds: 50 });
    expect(rules({ ...short, length: 60 })).toEqual([]);
    expect(rules({ ...session(DELUGE, { interested: 10, unchoked: 0, seconds: 61 }), length: 62 })).toEqual([
      'choked-by-peers',
    ]);
    // Three wanted peers all choking: too few for the share to mean anything.
    expect(
      rules(session(DELUGE, { interested: THRESHOLDS.chokedMinInterested - 1, unchoked: 0, seconds: 199 })),
    ).toEqual([]);
  });

  it('a big swarm where most peers choke but several send is normal: 6 of 50 letting us in is none', () => {
    expect(rules(session(DELUGE, { interested: 50, unchoked: 6, seconds: 199 }))).toEqual([]);
    expect(rules(session(DELUGE, { interested: 50, unchoked: 2, seconds: 199 }))).toEqual(['choked-by-peers']);
  });

  it("reads a libtorrent import's names and torrent count; a session without choke counts gets no such finding", () => {
    const lt = [
      ...['bw.payload_download_rate', 'peer.peers_connected', 'ses.num_downloading_torrents'].map(extra),
      extra('peer.num_peers_down_interested'),
      extra('peer.num_peers_down_unchoked'),
    ];
    expect(rules(session(lt, { interested: 8, unchoked: 0, seconds: 199 }, 'ses.num_downloading_torrents'))).toEqual([
      'choked-by-peers',
    ]);
    // A session_stats import: ours, then what it does not map under "libtorrent.".
    const imported = [
      ...builtinRegistry(),
      extra('libtorrent.peer.num_peers_down_interested'),
      extra('libtorrent.peer.num_peers_down_unchoked'),
    ];
    const input = session(imported, { interested: 8, unchoked: 0, seconds: 199 });
    const at = (n: string) => imported.findIndex((e) => e.name === n);
    for (let k = 0; k < input.length; k++) {
      (input.columns[at('libtorrent.peer.num_peers_down_interested')] as Float64Array)[k] = 8;
      (input.columns[at('libtorrent.peer.num_peers_down_unchoked')] as Float64Array)[k] = 0;
    }
    const found = findings(input).find((f) => f.rule === 'choked-by-peers');
    expect(found?.metrics).toEqual([
      'libtorrent.peer.num_peers_down_interested',
      'libtorrent.peer.num_peers_down_unchoked',
      'peer.num_downloading_torrents',
    ]);
    expect(rules(session(builtinRegistry(), { interested: 10, unchoked: 0, seconds: 199 }))).not.toContain(
      'choked-by-peers',
    );
  });
});
