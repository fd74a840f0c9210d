import { describe, expect, it } from 'vitest';
import { maskCommandLine } from '../../src/main/live/provenance';
import { compareGroups, runFigures } from '../../src/shared/compare/compareGroups';
import { betterDirection } from '../../src/shared/compare/compareSessions';
import { mannWhitneyP, median, medianChange } from '../../src/shared/compare/groupStats';
import { headlineFigures } from '../../src/shared/compare/headline';
import { provenanceSettings, settingsDiff } from '../../src/shared/compare/provenance';
import { describeVerdict, judgeGroups } from '../../src/shared/compare/verdict';
import type { RegistryEntry } from '../../src/shared/registry-types';
import { ColumnBuilder, type SessionData } from '../../src/shared/session/data';
import type { SessionMeta } from '../../src/shared/session/meta';

const REG: RegistryEntry[] = [
  { name: 'bw.total_downloaded', kind: 'counter', unit: 'B', category: 'bandwidth' },
  { name: 'peer.num_downloading_torrents', kind: 'gauge', unit: 'count', category: 'peers' },
  { name: 'proto.waste_bytes', kind: 'counter', unit: 'B', category: 'protocol' },
  { name: 'net.num_peers_connected', kind: 'gauge', unit: 'count', category: 'net' },
];

const KiB = 1024;

/**
 * A download of `bytes` at `rate` B/s that starts after `delayS` s, then `idleS` s of seeding,
 * sampled every second: the ground truth of every headline figure is known.
 */
function download(
  bytes: number,
  rate: number,
  delayS: number,
  idleS: number,
  settings: Record<string, string | number | boolean | null> = {},
): SessionData {
  const b = new ColumnBuilder(REG.length);
  const doneS = delayS + bytes / rate;
  const end = Math.ceil(doneS) + idleS;
  for (let s = 0; s <= end; s++) {
    const got = Math.max(0, Math.min(bytes, (s - delayS) * rate));
    b.push(s * 1000, false, [got, got < bytes ? 1 : 0, 0, 3]);
  }
  const meta = {
    format: 'tidegauge-session',
    version: 1,
    id: `d${rate}`,
    appVersion: 'test',
    startedAt: 0,
    intervalMs: 1000,
    source: { kind: 'engine', label: 'Embedded engine', version: 'webtorrent 3.0.21', settings },
    registry: REG,
    notReported: {},
    origin: { type: 'recording' },
  } as SessionMeta;
  return b.build(meta);
}

describe('rank test, bootstrap and verdicts', () => {
  it.each([
    [[1, 2, 3], [4, 5, 6], 0.1], // 2 of 20 splits are this extreme: the floor for 3 against 3
    [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 2 / 252],
    [[1, 2, 3], [1, 2, 3], 1],
    [[5, 5, 5], [5, 5, 5], 1],
    [[1, 3, 5], [2, 4, 6], 0.7], // |W - 10.5| >= 1.5: 14 of 20 splits
  ])('mannWhitneyP(%j, %j) = %d', (a, b, p) => {
    expect(mannWhitneyP(a, b)).toBeCloseTo(p, 10);
  });

  it('gives a normal-approximation p for large groups that matches the exact one closely', () => {
    const a = Array.from({ length: 30 }, (_, i) => i);
    const b = a.map((x) => x + 10);
    const p = mannWhitneyP(a, b);
    expect(p).toBeGreaterThan(0.0001);
    expect(p).toBeLessThan(0.05);
  });

  it('bootstraps the change of the median: separated groups exclude no change, overlapping do not', () => {
    const c = medianChange([10, 11, 12], [20, 21, 22]);
    expect(c.rel).toBeCloseTo(21 / 11 - 1, 10);
    expect(c.relLow as number).toBeGreaterThan(0);
    expect(c.relLow as number).toBeLessThanOrEqual(20 / 12 - 1 + 1e-9);
    expect(c.relHigh as number).toBeGreaterThanOrEqual(22 / 10 - 1 - 1e-9);
    const o = medianChange([10, 12, 14], [11, 13, 15]);
    expect(o.absLow).toBeLessThan(0);
    expect(o.absHigh).toBeGreaterThan(0);
    expect(medianChange([1, 2, 3], [4, 5, 6])).toEqual(medianChange([1, 2, 3], [4, 5, 6])); // seeded
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });

  it('judges only changes above the minimum effect and the noise', () => {
    const rate = { better: 'higher' as const, minRel: 0.05, minAbs: 1024 };
    expect(judgeGroups(rate, [100e3, 101e3, 102e3], [200e3, 201e3, 203e3])?.verdict).toBe('better');
    // Consistent but tiny (1 %): below the minimum effect.
    expect(judgeGroups(rate, [100e3, 100.1e3, 100.2e3], [101e3, 101.1e3, 101.2e3])?.verdict).toBe('no difference');
    // Large but noisy (overlapping groups): no verdict.
    expect(judgeGroups(rate, [50e3, 100e3, 150e3], [60e3, 120e3, 170e3])?.verdict).toBe('no difference');
    // Peers connected has no better direction: a change, never "better".
    expect(judgeGroups({ better: 'neutral', minRel: 0.05, minAbs: 0.5 }, [1, 1, 1], [5, 5, 5])?.verdict).toBe(
      'changed',
    );
    const g = judgeGroups(rate, [100e3, 101e3, 102e3], [200e3, 201e3, 203e3]);
    expect(g && describeVerdict(g, ['faster', 'slower'])).toMatch(/^faster by 99 % \(\d+–\d+ %\)$/);
    const same = judgeGroups(rate, [1e5, 1.1e5, 0.9e5], [1.05e5, 0.95e5, 1e5]);
    expect(same && describeVerdict(same)).toBe('no significant difference');
    const fromZero = judgeGroups({ better: 'lower', minRel: 0.1, minAbs: 0.002 }, [0, 0, 0], [0.1, 0.1, 0.12]);
    expect(fromZero && describeVerdict(fromZero, ['less waste', 'more waste'])).toBe('more waste: new');
  });

  it('gives peers connected and half-open connections no better direction', () => {
    expect(betterDirection('net.num_peers_connected')).toBe('neutral');
    expect(betterDirection('net.num_half_open')).toBe('neutral');
    expect(betterDirection('bw.payload_download_rate')).toBe('higher');
    expect(betterDirection('proto.waste_bytes')).toBe('lower');
  });
});

describe('headline figures against ground truth', () => {
  it('measures time to complete, first byte and the rate while active, not diluted by idle seeding', () => {
    // Starting between two samples, as a real transfer does: its bytes of the first and the
    // last interval came in half of each, so first to last rise (3 s to 9 s) is its length.
    const d = download(600 * KiB, 100 * KiB, 2.5, 300);
    const h = headlineFigures(d, 0);
    expect(h.time_to_complete).toBe(9); // done at 8.5 s, seen at the next sample
    expect(h.time_to_first_byte).toBe(3); // first sample with payload: 0.5 s after the start at 2.5 s
    expect(h.payload_down_active).toBeCloseTo(100 * KiB, 6);
    expect(h.payload_up_active).toBeNull(); // not in this registry
    expect(h.waste_share).toBe(0);
  });

  it('compares a 13-minute run with a 6-minute one on rates, not on raw totals', () => {
    const slow = [1, 2, 3].map(() => download(6000 * KiB, 100 * KiB, 1.5, 700));
    const fast = [1, 2, 3].map(() => download(6000 * KiB, 200 * KiB, 1.5, 300));
    const g = compareGroups(
      slow.map((data, k) => runFigures({ id: `s${k}`, title: '', data }, { kind: 'start' })),
      fast.map((data, k) => runFigures({ id: `f${k}`, title: '', data }, { kind: 'start' })),
    );
    const row = (id: string) => g.headline.find((h) => h.id === id);
    expect(row('payload_down_active')?.result?.change.rel).toBeCloseTo(1, 6);
    // 62 s against 32 s (done at 61.5 and 31.5, seen at the next sample): 32 / 62 - 1 = -48.4 %;
    // identical runs give an interval of one point.
    expect(row('time_to_complete')?.text).toBe('faster by 48 % (48–48 %)');
    expect(row('time_to_complete')?.result?.verdict).toBe('better');
    // Identical runs have no spread: the interval is the point, and the rank test's p its floor.
    expect(row('payload_down_active')?.result?.p).toBeCloseTo(0.1, 10);
    // Peers connected (3 in all runs) gets no verdict whatever the run length.
    expect(g.metrics.find((m) => m.name === 'net.num_peers_connected')?.result?.verdict).toBe('no difference');
  });
});

describe('provenance', () => {
  it('diffs the settings of two runs and leaves out what is the same', () => {
    const a = provenanceSettings(download(KiB, KiB, 0, 0, { utp: null, downloadLimit: 512 }).meta);
    const b = provenanceSettings(download(KiB, KiB, 0, 0, { utp: false, downloadLimit: 512 }).meta);
    expect(settingsDiff([a, b])).toEqual([{ name: 'setting utp', values: ['default', 'false'] }]);
    expect(a['source version']).toBe('webtorrent 3.0.21');
  });

  it('masks credentials in the command line it records', () => {
    expect(
      maskCommandLine([
        'serve',
        '--source',
        'qbittorrent://admin:hunter2@127.0.0.1:8080',
        '--password',
        'x',
        '--token=abc',
      ]),
    ).toEqual(['serve', '--source', 'qbittorrent://admin:***@127.0.0.1:8080', '--password', '***', '--token=***']);
  });
});
