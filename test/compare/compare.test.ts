import { describe, expect, it } from 'vitest';
import { completeTime, firstPayloadTime } from '../../src/shared/compare/align';
import { betterDirection, compareSessions } from '../../src/shared/compare/compareSessions';
import { counterFigures, distribution, percentile } from '../../src/shared/compare/stats';
import { columnRates, counterTotal } from '../../src/shared/rates';
import type { RegistryEntry } from '../../src/shared/registry-types';
import { ColumnBuilder, type SessionData } from '../../src/shared/session/data';
import type { SessionMeta } from '../../src/shared/session/meta';

const REG: RegistryEntry[] = [
  { name: 'bw.total_downloaded', kind: 'counter', unit: 'B', category: 'bandwidth' },
  { name: 'peer.num_downloading_torrents', kind: 'gauge', unit: 'count', category: 'peers' },
  { name: 'proto.hashfails', kind: 'counter', unit: 'count', category: 'protocol' },
  { name: 'dispatch.acquire_total', kind: 'counter', unit: 'count', category: 'diagnostics', diagnostic: true },
];

function session(
  rows: Array<[t: number, values: number[], diag?: boolean]>,
  registry: RegistryEntry[] = REG,
  notReported: Record<string, string> = {},
): SessionData {
  const b = new ColumnBuilder(registry.length);
  for (const [t, v, d] of rows) b.push(t, d ?? false, v);
  const meta: SessionMeta = {
    format: 'tidegauge-session',
    version: 1,
    id: `s${rows.length}`,
    appVersion: 'test',
    startedAt: rows[0]?.[0] ?? 0,
    intervalMs: 1000,
    source: null,
    registry,
    notReported,
    origin: { type: 'recording' },
  } as SessionMeta;
  return b.build(meta);
}

describe('stats', () => {
  it.each([
    [[1, 2, 3, 4, 5], 50, 3],
    [[1, 2, 3, 4, 5], 95, 4.8],
    [[10], 95, 10],
    [[0, 10], 50, 5],
  ])('percentile(%j, %d) = %d', (xs, p, want) => {
    expect(percentile(Float64Array.from(xs), p)).toBeCloseTo(want, 10);
  });

  it('skips missing samples in distributions', () => {
    expect(distribution([1, Number.NaN, 3])).toEqual({ n: 2, mean: 2, p50: 2, p95: 2.9, max: 3 });
    expect(distribution([Number.NaN]).n).toBe(0);
  });

  it.each([
    [[0, 10, 25], 25],
    [[100, 150, 20, 50], 100], // reset after 150: +50, then 20 from zero, then +30
    [[5, Number.NaN, 9], 4],
  ])('counterTotal(%j) = %d', (xs, want) => {
    expect(counterTotal(xs)).toBe(want);
  });

  it('knows which way is better', () => {
    expect(betterDirection('proto.hashfails')).toBe('lower');
    expect(betterDirection('first_block.latency_sum_us')).toBe('lower');
    expect(betterDirection('bw.payload_download_rate')).toBe('higher');
    expect(betterDirection('net.num_tcp_peers')).toBe('neutral');
  });
});

describe('alignment events', () => {
  const s = session([
    [1000, [0, 1, 0, 0]],
    [2000, [0, 1, 0, 0]],
    [3000, [500, 1, 0, 0]],
    [4000, [1000, 0, 0, 0]],
    [5000, [1000, 0, 0, 0]],
  ]);
  it('finds the first payload byte and download complete', () => {
    expect(firstPayloadTime(s)).toBe(3000);
    expect(completeTime(s)).toBe(4000);
  });
});

describe('compareSessions', () => {
  // Baseline: 1 MB/s for 4 s, completes at 4 s. Candidate: 2 MB/s, completes at 2 s, 3 hash fails.
  const base = session([
    [0, [0, 1, 0, 0], true],
    [1000, [1e6, 1, 0, 5], true],
    [2000, [2e6, 1, 0, 10], true],
    [3000, [3e6, 1, 0, 15], true],
    [4000, [4e6, 0, 0, 20], true],
  ]);
  const cand = session([
    [10_000, [0, 1, 0, 0]],
    [11_000, [2e6, 1, 1, 0]],
    [12_000, [4e6, 0, 3, 0]],
    [13_000, [4e6, 0, 3, 0]],
  ]);

  it('computes totals, rate statistics, deltas and time to complete', () => {
    const c = compareSessions(
      [
        { id: 'a', title: 'before', data: base },
        { id: 'b', title: 'after', data: cand },
      ],
      { baseline: 0 },
    );
    expect(c.sessions.map((s) => s.timeToCompleteS)).toEqual([4, 2]);
    const dl = c.rows.find((r) => r.name === 'bw.total_downloaded');
    expect(dl?.sessions[0]).toMatchObject({ total: 4e6, mean: 1e6, p50: 1e6, max: 1e6 });
    expect(dl?.sessions[1]).toMatchObject({ total: 4e6, max: 2e6 });
    expect(dl?.deltas[1]).toEqual({ abs: 0, pct: 0, verdict: 'same' });
    const hf = c.rows.find((r) => r.name === 'proto.hashfails');
    expect(hf?.deltas[1]).toEqual({ abs: 3, pct: null, verdict: 'worse' });
    const gauge = c.rows.find((r) => r.name === 'peer.num_downloading_torrents');
    expect(gauge?.sessions[0]).toMatchObject({ total: null, mean: 0.8 });
    expect(gauge?.deltas[1]?.pct).toBeCloseTo(((0.5 - 0.8) / 0.8) * 100, 10);
  });

  it('says per row when a session has no diagnostics', () => {
    const c = compareSessions([
      { id: 'a', title: 'a', data: base },
      { id: 'b', title: 'b', data: cand },
    ]);
    const acq = c.rows.find((r) => r.name === 'dispatch.acquire_total');
    expect(acq?.sessions[0]).toMatchObject({ total: 20, mean: 5 });
    expect(acq?.sessions[1]).toBe('no diagnostics');
    expect(acq?.deltas[1]).toBeNull();
  });

  it('aligns on download complete and measures from there', () => {
    const c = compareSessions(
      [
        { id: 'a', title: 'a', data: base },
        { id: 'b', title: 'b', data: cand },
      ],
      { alignment: { kind: 'event', event: 'complete' } },
    );
    expect(c.sessions.map((s) => s.origin)).toEqual([4000, 12_000]);
    const dl = c.rows.find((r) => r.name === 'bw.total_downloaded');
    expect(dl?.sessions[1]).toMatchObject({ total: 0 });
  });

  it('matches different registries by name and lists one-sided metrics', () => {
    const other: RegistryEntry[] = [
      { name: 'proto.hashfails', kind: 'counter', unit: 'count' },
      { name: 'bw.total_downloaded', kind: 'counter', unit: 'B' },
      { name: 'net.sent_payload_bytes', kind: 'counter', unit: 'B' },
    ];
    const lt = session(
      [
        [0, [0, 0, 0]],
        [1000, [2, 3e6, 10]],
      ],
      other,
      { '2': 'not in this log' },
    );
    const c = compareSessions([
      { id: 'a', title: 'a', data: base },
      { id: 'lt', title: 'libtorrent', data: lt },
    ]);
    expect(c.rows.find((r) => r.name === 'bw.total_downloaded')?.sessions[1]).toMatchObject({ total: 3e6 });
    expect(c.rows.find((r) => r.name === 'net.sent_payload_bytes')?.sessions).toEqual([
      'not in registry',
      'not reported',
    ]);
    expect(c.onlyIn.map((o) => o.name)).toEqual([
      'peer.num_downloading_torrents',
      'dispatch.acquire_total',
      'net.sent_payload_bytes',
    ]);
  });

  it('refuses fewer than 2 or more than 4 sessions and a bad baseline', () => {
    const one = { id: 'a', title: 'a', data: base };
    expect(() => compareSessions([one])).toThrow(/2 to 4 sessions/);
    expect(() => compareSessions([one, one, one, one, one])).toThrow(/2 to 4 sessions/);
    expect(() => compareSessions([one, one], { baseline: 2 })).toThrow(/from 1 to 2/);
  });
});

describe('distribution against a sort-based reference', () => {
  function reference(xs: number[]) {
    const s = xs.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
    return {
      n: s.length,
      p50: percentile(Float64Array.from(s), 50),
      p95: percentile(Float64Array.from(s), 95),
      max: s[s.length - 1],
    };
  }
  it('matches on random series with duplicates, NaN and infinities', () => {
    let x = 7;
    const rnd = () => {
      x = (x * 1103515245 + 12345) >>> 0;
      return x / 2 ** 32;
    };
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(rnd() * 300);
      const xs = Array.from({ length: n }, () => {
        const r = rnd();
        if (r < 0.05) return Number.NaN;
        if (r < 0.07) return Number.POSITIVE_INFINITY;
        if (r < 0.4) return Math.floor(r * 10); // many duplicates
        return r * 1e6 - 3e5;
      });
      const want = reference(xs);
      if (want.n === 0) continue;
      const got = distribution(xs);
      expect(got.n).toBe(want.n);
      expect(got.p50).toBeCloseTo(want.p50, 6);
      expect(got.p95).toBeCloseTo(want.p95, 6);
      expect(got.max).toBe(want.max);
    }
  });
});

describe('counterFigures', () => {
  it('equals distribution(columnRates) and counterTotal on counters with gaps, resets and stalls', () => {
    let x = 11;
    const rnd = () => {
      x = (x * 1103515245 + 12345) >>> 0;
      return x / 2 ** 32;
    };
    for (let round = 0; round < 100; round++) {
      const n = 1 + Math.floor(rnd() * 400);
      const t: number[] = [];
      const v: number[] = [];
      let time = 1_700_000_000_000;
      let c = 0;
      for (let i = 0; i < n; i++) {
        const r = rnd();
        time += r < 0.03 ? 0 : 1000; // a repeated timestamp: no elapsed time
        c = r < 0.05 ? Math.floor(rnd() * 10) : c + Math.floor(rnd() * (r < 0.5 ? 3 : 5000));
        t.push(time);
        v.push(r > 0.93 ? Number.NaN : c);
      }
      const want = { ...distribution(columnRates(t, v)), total: counterTotal(v) };
      const got = counterFigures(t, v);
      expect(got.n).toBe(want.n);
      expect(got.total).toBe(want.total);
      if (want.n === 0) continue;
      expect(got.mean).toBeCloseTo(want.mean, 9);
      expect(got.p50).toBe(want.p50);
      expect(got.p95).toBe(want.p95);
      expect(got.max).toBe(want.max);
    }
  });
});

describe('distribution of long series (sampled brackets) against a full sort', () => {
  let x = 5;
  const rnd = () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return x / 2 ** 32;
  };
  const reference = (xs: ArrayLike<number>) => {
    const s = Float64Array.from(Array.from(xs).filter((v) => Number.isFinite(v))).sort();
    return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] };
  };
  const shapes: Record<string, (i: number, n: number) => number> = {
    continuous: () => rnd() * 1e6 - 2e5,
    'three values': (i) => [999, 1000.5, 1000.5][i % 3] as number,
    'fifty values': (i) => (i * 7) % 50,
    'mostly zero with bursts': () => (rnd() < 0.9 ? 0 : rnd() * 5e6),
    'sorted ramp': (i) => i * 0.5,
    'reverse ramp': (i, n) => n - i,
    'periodic at the sample stride': (i) => (i % 168 < 3 ? 1e9 : 1),
    'heavy tail': () => 1 / (rnd() + 1e-9),
    'gaps and infinities': () => {
      const r = rnd();
      return r < 0.2 ? Number.NaN : r < 0.21 ? Number.POSITIVE_INFINITY : Math.floor(r * 20);
    },
    'two values, 95% the low one': () => (rnd() < 0.95 ? 1 : 2),
  };
  for (const [name, gen] of Object.entries(shapes)) {
    it(`is exact for ${name}`, () => {
      for (const n of [8192, 20_000, 86_400]) {
        const xs = Float64Array.from({ length: n }, (_, i) => gen(i, n));
        const want = reference(xs);
        const got = distribution(xs);
        expect(got.n).toBe(want.n);
        expect(got.p50).toBe(want.p50);
        expect(got.p95).toBeCloseTo(want.p95 as number, 9);
        expect(got.max).toBe(want.max);
        // The same series as a counter's rates (cumulative sum at 1 s) through counterFigures.
        const t = Float64Array.from({ length: n + 1 }, (_, i) => 1_700_000_000_000 + i * 1000);
        const v = new Float64Array(n + 1);
        for (let i = 0; i < n; i++)
          v[i + 1] = (v[i] as number) + Math.max(0, Number.isFinite(xs[i] as number) ? (xs[i] as number) : 0);
        const c = counterFigures(t, v);
        const r = reference(columnRates(t, v));
        expect(c.n).toBe(r.n);
        expect(c.p50).toBeCloseTo(r.p50 as number, 6);
        expect(c.p95).toBeCloseTo(r.p95 as number, 6);
        expect(c.total).toBe(counterTotal(v));
      }
    });
  }
});
