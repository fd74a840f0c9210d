import { describe, expect, it } from 'vitest';
import { InvariantMonitor } from '../../src/main/live/invariantMonitor';
import { type FindingsInput, findings, rateLimits, THRESHOLDS } from '../../src/shared/findings';
import { checkInvariants } from '../../src/shared/invariants';
import { tallyInvariants } from '../../src/shared/invariantTally';
import { builtinRegistry } from '../../src/shared/registry';

// The rules added for issue 18: the cap, the disk queue, silent peers, invariant violations.
const REG = builtinRegistry();
const at = (name: string) => REG.findIndex((e) => e.name === name);
const MiB = 1024 * 1024;

function session(n: number, fill: (set: (name: string, k: number, v: number) => void) => void): FindingsInput {
  const columns = REG.map(() => new Float64Array(n));
  fill((name, k, v) => {
    (columns[at(name)] as Float64Array)[k] = v;
  });
  return { registry: REG, length: n, t: Float64Array.from({ length: n }, (_, k) => k * 1000), columns };
}

/** A download at `rate` from three peers, pieces passing, wire 2 % above payload. */
function download(set: (name: string, k: number, v: number) => void, n: number, rate: (k: number) => number) {
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += k > 0 ? rate(k) : 0;
    set('bw.payload_download_rate', k, rate(k));
    set('bw.download_rate', k, rate(k) * 1.02);
    set('bw.total_downloaded', k, total);
    set('net.bytes_recv', k, total * 1.02);
    // All over TCP, so TCP + uTP equal the totals (an invariant).
    set('bw.download_rate_tcp', k, rate(k) * 1.02);
    set('net.tcp_bytes_recv', k, total * 1.02);
    set('peer.num_downloading', k, 3);
    set('peer.peers_connected', k, 3);
    set('peer.peers_available', k, 3);
    set('peer.num_downloading_torrents', k, 1);
    set('proto.pieces_downloaded', k, Math.floor(total / (256 * 1024)));
  }
}

describe('limited by the cap', () => {
  const capped = (seconds: number, limits: FindingsInput['limits'], share = 0.97) => ({
    ...session(120, (set) => download(set, 120, (k) => (k > 0 && k <= seconds ? share * 2 * MiB : 0.5 * MiB))),
    limits,
  });

  it('at 97 % of a 2 MiB/s cap for 70 s: limited by the download cap, with its range; 59 s is not', () => {
    const found = findings(capped(70, { download: 2 * MiB }));
    expect(found.map((f) => f.rule)).toEqual(['limited-by-cap-down']);
    expect(found[0]?.ranges).toEqual([{ from: 0, to: 70_000 }]);
    expect(found[0]?.measured).toMatch(/ran at 2\.0 MiB\/s, 98\.9% of the session.s own 2\.0 MiB\/s cap/); // the wire rate, 2 % above payload
    expect(findings(capped(59, { download: 2 * MiB }))).toEqual([]);
  });

  it('at 85 % of the cap (the wire rate 86.7 %, more than 10 % under it) for 100 s is no finding', () => {
    expect(findings(capped(100, { download: 2 * MiB }, 0.85))).toEqual([]);
    expect(findings(capped(100, { download: 2 * MiB }, 0.9)).map((f) => f.rule)).toEqual(['limited-by-cap-down']);
  });

  it('the same rates with no cap recorded, or a cap twice as high, are no finding', () => {
    expect(findings(capped(90, undefined))).toEqual([]);
    expect(findings(capped(90, { download: null }))).toEqual([]);
    expect(findings(capped(90, { download: 4 * MiB }))).toEqual([]);
  });

  it('each client spells its caps its own way: all read as bytes/s, "unlimited" as none', () => {
    expect(rateLimits({ downloadLimit: 524288, uploadLimit: -1 })).toEqual({ download: 524288, upload: null });
    expect(rateLimits({ dl_limit: 0, up_limit: 102400 })).toEqual({ download: null, upload: 102400 });
    expect(
      rateLimits({
        'speed-limit-down': 500,
        'speed-limit-down-enabled': true,
        'speed-limit-up': 100,
        'speed-limit-up-enabled': false,
      }),
    ).toEqual({ download: 500_000, upload: null });
    expect(rateLimits({ max_download_speed: -1, max_upload_speed: 64 })).toEqual({ download: null, upload: 65536 });
    expect(rateLimits({ somethingElse: 1 })).toEqual({});
    expect(rateLimits(undefined)).toEqual({});
  });
});

describe('disk queue', () => {
  const queued = (depth: number, seconds: number) =>
    session(60, (set) => {
      download(set, 60, () => MiB);
      for (let k = 0; k < 60; k++) set('disk.queue_depth', k, k >= 10 && k < 10 + seconds ? depth : 2);
    });

  it(`${THRESHOLDS.diskQueueDepth}+ jobs waiting for over 10 s is a saturated queue; 31 jobs, or 9 s, is not`, () => {
    const found = findings(queued(48, 15));
    expect(found.map((f) => f.rule)).toEqual(['disk-queue']);
    expect(found[0]?.ranges).toEqual([{ from: 9_000, to: 24_000 }]);
    expect(found[0]?.measured).toMatch(/at most 48/);
    expect(findings(queued(31, 30))).toEqual([]);
    expect(findings(queued(48, 9))).toEqual([]);
  });
});

describe('silent peers', () => {
  const silent = (connected: number, sending: number, seconds: number) =>
    session(120, (set) => {
      download(set, 120, () => 256 * 1024);
      for (let k = 0; k < 120; k++) {
        set('peer.peers_connected', k, connected);
        set('peer.peers_available', k, connected + 20);
        set('peer.num_downloading', k, k < seconds ? sending : 3);
      }
    });

  it('one of 8 connected peers sending for over a minute; two sending, 3 connected, or 59 s, are not', () => {
    const found = findings(silent(8, 1, 90));
    expect(found.map((f) => f.rule)).toEqual(['silent-peers']);
    expect(found[0]?.measured).toMatch(/of up to 8 connected peers/);
    expect(findings(silent(8, 2, 90))).toEqual([]);
    expect(findings(silent(3, 1, 90))).toEqual([]);
    expect(findings(silent(8, 1, 60))).toEqual([]);
  });
});

describe('invariant violations', () => {
  // Payload above wire for three samples at 20-21 s and one at 50 s.
  const broken = session(60, (set) => {
    download(set, 60, () => MiB);
    for (const k of [20, 21, 50]) set('bw.payload_download_rate', k, 2 * MiB);
  });

  it('a tally with violations is a warning whose ranges are where they happened', () => {
    const tally = tallyInvariants(REG, broken, { rateWindow: null });
    expect(tally.violations).toBeGreaterThan(0);
    const found = findings({ ...broken, invariants: tally });
    const f = found.find((x) => x.rule === 'invariant-violations');
    expect(f?.severity).toBe('warning');
    expect(f?.ranges).toEqual([
      { from: 20_000, to: 21_000 },
      { from: 50_000, to: 50_000 },
    ]);
    expect(f?.measured).toContain('bw.payload_download_rate');
  });

  it('the live monitor, sample by sample, gives the same ranges as the whole-file tally', () => {
    const monitor = new InvariantMonitor(REG);
    monitor.reset({ notReported: new Map() });
    for (let k = 0; k < broken.length; k++)
      monitor.observe({
        t: broken.t[k] as number,
        values: REG.map((_, i) => broken.columns[i]?.[k] as number),
      } as never);
    const live = monitor.tally();
    expect(live.spans).toEqual(tallyInvariants(REG, broken, { rateWindow: null }).spans);
  });

  it('an honest session has no violation, so no finding, whether the tally is given or not', () => {
    const honest = session(60, (set) => download(set, 60, () => MiB));
    expect(checkInvariants(REG, honest, { rateWindow: null })).toEqual([]);
    expect(findings({ ...honest, invariants: tallyInvariants(REG, honest, { rateWindow: null }) })).toEqual([]);
    expect(findings(honest)).toEqual([]);
  });
});

describe('the cap and the seeders', () => {
  it('one peer sending at the session cap is limited by the cap, not by the seeders', () => {
    const input = session(120, (set) => {
      download(set, 120, () => 0.95 * MiB);
      for (let k = 0; k < 120; k++) {
        set('peer.num_downloading', k, 1);
        set('peer.peers_connected', k, 1);
        set('peer.peers_available', k, 1);
      }
    });
    expect(findings({ ...input, limits: { download: MiB } }).map((f) => f.rule)).toEqual(['limited-by-cap-down']);
    // Without the cap (or far under it) the same samples are the seeders' limit.
    expect(findings(input).map((f) => f.rule)).toEqual(['limited-by-seeders']);
    expect(findings({ ...input, limits: { download: 4 * MiB } }).map((f) => f.rule)).toEqual(['limited-by-seeders']);
  });
});

describe('samples the source did not report', () => {
  it('NaN next to a sample is an unknown increase, not a NaN in every sum (no "NaN of NaN" finding)', () => {
    // Counters first reported at 30 s (NaN before: the source was not reachable yet).
    const input = session(90, (set) => {
      download(set, 90, () => MiB);
      for (let k = 0; k < 30; k++)
        for (const m of [
          'proto.hashfails',
          'proto.pieces_downloaded',
          'proto.tracker_errors',
          'proto.tracker_announces',
        ])
          set(m, k, Number.NaN);
      for (let k = 30; k < 90; k++) set('proto.tracker_announces', k, 5);
    });
    const found = findings(input);
    expect(found.map((f) => f.measured).join(' ')).not.toContain('NaN');
    expect(found).toEqual([]);
  });
});
