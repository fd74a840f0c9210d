import { describe, expect, it } from 'vitest';
import { type FindingsInput, findings, THRESHOLDS } from '../../src/shared/findings';
import { builtinRegistry } from '../../src/shared/registry';

// Table-driven checks of each rule's threshold on sessions built here, 1 Hz from t = 0.
const REG = builtinRegistry();
const at = (name: string) => REG.findIndex((e) => e.name === name);

function session(n: number, fill: (set: (name: string, k: number, v: number) => void) => void): FindingsInput {
  const columns = REG.map(() => new Float64Array(n));
  fill((name, k, v) => {
    (columns[at(name)] as Float64Array)[k] = v;
  });
  return { registry: REG, length: n, t: Float64Array.from({ length: n }, (_, k) => k * 1000), columns };
}

/** A healthy download: 3 peers sending 4 MiB/s, 16 pieces a second, all passing. */
function healthy(set: (name: string, k: number, v: number) => void, n: number): void {
  for (let k = 0; k < n; k++) {
    set('bw.payload_download_rate', k, 4 * 1024 * 1024);
    set('peer.num_downloading', k, 3);
    set('peer.peers_connected', k, 3);
    set('peer.peers_available', k, 3);
    set('peer.num_downloading_torrents', k, 1);
    set('proto.pieces_downloaded', k, 16 * k);
    set('bw.total_downloaded', k, 4 * 1024 * 1024 * k);
    set('proto.tracker_announces', k, Math.floor(k / 30));
  }
}

describe('findings rules', () => {
  it('a healthy download gives none', () => {
    expect(findings(session(120, (set) => healthy(set, 120)))).toEqual([]);
  });

  it('hash failures above 1% give a warning with the range where they happened', () => {
    const found = findings(
      session(60, (set) => {
        healthy(set, 60);
        for (let k = 0; k < 60; k++) set('proto.hashfails', k, k < 20 ? 0 : k < 30 ? (k - 19) * 2 : 22);
      }),
    );
    expect(found.map((f) => f.rule)).toEqual(['hashfail-share']);
    expect(found[0]?.ranges).toEqual([{ from: 19_000, to: 30_000 }]);
    expect(found[0]?.value).toBeGreaterThan(THRESHOLDS.hashfailShare);
  });

  it('a share of hash failures under the threshold is no finding', () => {
    const found = findings(
      session(60, (set) => {
        healthy(set, 60);
        for (let k = 0; k < 60; k++) set('proto.hashfails', k, k < 30 ? 0 : 1);
      }),
    );
    expect(found).toEqual([]);
  });

  it('one slow peer and no others on offer for over 10 s: limited by the seeders; 9 s is not (a rate at k covers k-1 to k)', () => {
    const run = (seconds: number) =>
      findings(
        session(40, (set) => {
          healthy(set, 40);
          for (let k = 5; k <= 5 + seconds; k++) {
            set('peer.num_downloading', k, 1);
            set('peer.peers_connected', k, 1);
            set('peer.peers_available', k, 1);
            set('bw.payload_download_rate', k, 500 * 1024);
          }
        }),
      );
    expect(run(12).map((f) => f.rule)).toEqual(['limited-by-seeders']);
    expect(run(12)[0]?.ranges).toEqual([{ from: 4_000, to: 17_000 }]);
    expect(run(8)).toEqual([]);
  });

  it('a stall of 30 s with peers connected is a warning; counter resets are not counted as failures', () => {
    const found = findings(
      session(100, (set) => {
        healthy(set, 100);
        for (let k = 40; k < 75; k++) set('bw.payload_download_rate', k, 0);
        // The engine restarted at k = 80: counters start again from 0.
        for (let k = 80; k < 100; k++) set('proto.pieces_downloaded', k, 16 * (k - 80));
      }),
    );
    expect(found.map((f) => f.rule)).toEqual(['long-stalls']);
    expect(found[0]?.ranges).toEqual([{ from: 39_000, to: 74_000 }]);
  });

  it('tracker errors above a fifth of the announces', () => {
    const found = findings(
      session(120, (set) => {
        healthy(set, 120);
        for (let k = 0; k < 120; k++) set('proto.tracker_errors', k, Math.floor(k / 60));
      }),
    );
    expect(found.map((f) => f.rule)).toEqual(['tracker-errors']);
  });

  it('a registry without the metrics a rule reads gives no finding from it', () => {
    const reg = [{ name: 'other', kind: 'counter' as const, unit: 'B' }];
    expect(findings({ registry: reg, length: 3, t: [0, 1000, 2000], columns: [[0, 1, 2]] })).toEqual([]);
  });
  it('wire bytes 20% above payload while payload moves: protocol overhead, with the share; 10% is none', () => {
    const run = (extra: number) =>
      findings(
        session(60, (set) => {
          healthy(set, 60);
          for (let k = 0; k < 60; k++) set('net.bytes_recv', k, 4 * 1024 * 1024 * k * (1 + extra));
        }),
      );
    const found = run(0.25);
    expect(found.map((f) => f.rule)).toEqual(['overhead-down']);
    // 0.25 / 1.25 of the wire bytes were not payload.
    expect(found[0]?.value).toBeCloseTo(0.2, 6);
    expect(found[0]?.ranges).toEqual([{ from: 0, to: 59_000 }]);
    expect(run(0.1)).toEqual([]);
  });

  it('overhead beside a trickle of payload is no finding (the share says nothing there)', () => {
    const found = findings(
      session(60, (set) => {
        for (let k = 0; k < 60; k++) {
          set('bw.total_downloaded', k, 1024 * k);
          set('net.bytes_recv', k, 10 * 1024 * k);
        }
      }),
    );
    expect(found).toEqual([]);
  });

  it('two peers connected of 40 on offer for over a minute: few peers; for 59 s it is not', () => {
    const run = (seconds: number) =>
      findings(
        session(120, (set) => {
          healthy(set, 120);
          for (let k = 0; k < 120; k++) {
            const few = k >= 10 && k <= 10 + seconds;
            set('peer.peers_connected', k, few ? 2 : 12);
            set('peer.num_downloading', k, few ? 2 : 12);
            set('peer.peers_available', k, 40);
          }
        }),
      ).map((f) => f.rule);
    expect(run(60)).toContain('few-peers'); // samples 10..70: 61 s (a sample at k covers k-1 to k)
    expect(run(58)).not.toContain('few-peers'); // 59 s
  });

  it('most connection attempts failing gives connect-failures; fewer than 20 failures is none', () => {
    const run = (failed: number, connected: number) =>
      findings(
        session(60, (set) => {
          healthy(set, 60);
          for (let k = 0; k < 60; k++) {
            set('connect.failures_total', k, Math.round((failed * k) / 59));
            set('dispatch.peer_connect_total', k, Math.round((connected * k) / 59));
          }
        }),
      );
    const found = run(30, 10);
    expect(found.map((f) => f.rule)).toEqual(['connect-failures']);
    expect(found[0]?.measured).toContain('30 of 40 connection attempts (75.0%) failed');
    expect(run(19, 1)).toEqual([]);
    expect(run(30, 40)).toEqual([]);
  });
  it('waste over 5% of what was received and over 8 MiB; end-game sized waste on a small download is none', () => {
    const run = (wasteMiB: number, downMiB: number) =>
      findings(
        session(60, (set) => {
          for (let k = 0; k < 60; k++) {
            set('bw.total_downloaded', k, (downMiB * 1024 * 1024 * k) / 59);
            set('proto.waste_bytes', k, (wasteMiB * 1024 * 1024 * k) / 59);
          }
        }),
      ).map((f) => f.rule);
    expect(run(10, 100)).toEqual(['waste-share']);
    expect(run(4, 100)).toEqual([]); // 4 %
    expect(run(1, 16)).toEqual([]); // 6 %, but 1 MiB: the end game's duplicates
  });
});
