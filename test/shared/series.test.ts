import { describe, expect, it } from 'vitest';
import { deriveRates } from '../../src/shared/rates';
import { builtinRegistry, NUM_METRICS } from '../../src/shared/registry';
import type { RegistryEntry } from '../../src/shared/registry-types';
import { DEFAULT_LEVELS, type SampleRow, SeriesStore } from '../../src/shared/series';

// A small registry: a counter, a gauge, a diagnostic counter.
const REG: RegistryEntry[] = [
  { name: 'c', kind: 'counter', unit: 'B' },
  { name: 'g', kind: 'gauge', unit: 'count' },
  { name: 'd', kind: 'counter', unit: 'count', diagnostic: true },
];
const LEVELS = [
  { stepMs: 0, capacity: 8 },
  { stepMs: 1000, capacity: 4 },
];

/** Sample k at t = k * 250 ms: counter +100 per sample (400 B/s), gauge = k, diag counter +1 when on. */
function sample(k: number, diagnostics = false): SampleRow {
  return { t: k * 250, values: [100 * k, k, diagnostics ? k : 0], rates: [400, k, diagnostics ? 4 : 0], diagnostics };
}

describe('SeriesStore', () => {
  it('keeps raw samples and returns a window with one point beyond each edge', () => {
    const s = new SeriesStore(REG, LEVELS);
    for (let k = 0; k < 8; k++) s.append(sample(k));
    const v = s.window({ from: 500, to: 1000, level: 0 });
    expect(Array.from(v.t)).toEqual([250, 500, 750, 1000, 1250]);
    expect(Array.from(v.values(1))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(v.rates(0))).toEqual([400, 400, 400, 400, 400]);
    expect(s.startT).toBe(0);
    expect(s.endT).toBe(1750);
  });

  it('folds samples into 1 s buckets: mean rate, last value, time of the last sample', () => {
    const s = new SeriesStore(REG, LEVELS);
    for (let k = 0; k < 10; k++) s.append(sample(k)); // t 0..2250: buckets [0,1000) [1000,2000) + open [2000,..)
    const v = s.window({ from: 0, to: 10_000, level: 1 });
    expect(Array.from(v.t)).toEqual([750, 1750, 2250]);
    expect(Array.from(v.rates(0))).toEqual([400, 400, 400]);
    expect(Array.from(v.rates(1))).toEqual([1.5, 5.5, 8.5]); // mean of gauge over each bucket, open bucket too
    expect(Array.from(v.values(0))).toEqual([300, 700, 900]);
  });

  it('wraps the raw ring and falls back to a coarser level for a window it no longer reaches', () => {
    const s = new SeriesStore(REG, LEVELS);
    for (let k = 0; k < 20; k++) s.append(sample(k)); // raw keeps t 3000..4750
    expect(s.window({ from: 3000, to: 4750 }).level).toBe(0);
    const old = s.window({ from: 0, to: 4750 });
    expect(old.level).toBe(1);
    expect(old.t[old.length - 1]).toBe(4750);
    expect(Array.from(s.window({ from: 3000, to: 3500, level: 0 }).values(1))).toEqual([12, 13, 14, 15]);
  });

  it('chooses a coarser level when the window holds more points than the caller can draw', () => {
    const s = new SeriesStore(REG, [
      { stepMs: 0, capacity: 1000 },
      { stepMs: 1000, capacity: 1000 },
    ]);
    for (let k = 0; k < 400; k++) s.append(sample(k)); // 100 s at 4 Hz
    expect(s.window({ from: 0, to: 100_000, maxPoints: 200 }).level).toBe(0); // 400 <= 200 * 4
    expect(s.window({ from: 0, to: 100_000, maxPoints: 50 }).level).toBe(1);
  });

  it('averages a diagnostic rate only over samples taken with diagnostics on', () => {
    const s = new SeriesStore(REG, LEVELS);
    s.append(sample(0, false));
    s.append(sample(1, true));
    s.append(sample(2, true));
    s.append(sample(3, false));
    s.append(sample(4, false)); // closes bucket [0, 1000)
    const v = s.window({ from: 0, to: 1000, level: 1 });
    expect(v.rates(2)[0]).toBe(4);
    expect(v.rates(0)[0]).toBe(400);
    expect(v.diag[0]).toBe(1);
    expect(v.diag[1]).toBe(0);
  });

  it('drops a sample that goes back in time', () => {
    const s = new SeriesStore(REG, LEVELS);
    expect(s.append(sample(3))).toBe(true);
    expect(s.append(sample(2))).toBe(false);
    expect(s.endT).toBe(750);
  });

  it('loads a saved session from columns and derives counter rates', () => {
    const s = SeriesStore.forSession(REG, 10_000);
    const n = 10_000;
    s.load({
      t: Float64Array.from({ length: n }, (_, k) => k * 1000),
      values: [
        Float64Array.from({ length: n }, (_, k) => k * 2048),
        Float64Array.from({ length: n }, (_, k) => k % 7),
        new Float64Array(n),
      ],
    });
    const v = s.window({ from: 0, to: n * 1000, level: 0 });
    expect(v.length).toBe(n);
    expect(v.rates(0)[0]).toBe(0);
    expect(v.rates(0)[n - 1]).toBe(2048);
    expect(v.values(1)[13]).toBe(6);
  });

  it('keeps 24 h of 1 Hz snapshots of all 99 metrics in well under 40 MB', () => {
    const s = new SeriesStore(builtinRegistry(), DEFAULT_LEVELS);
    const values = new Float64Array(NUM_METRICS);
    const rates = new Float64Array(NUM_METRICS);
    for (let k = 0; k < 86_400; k++) {
      values[0] = k;
      s.append({ t: k * 1000, values, rates, diagnostics: false });
    }
    expect(s.bytes).toBeLessThan(40 * 1024 * 1024);
    const all = s.window({ from: 0, to: 86_400_000, maxPoints: 1000 });
    expect(all.t[0]).toBeLessThan(60_000); // the first 1-min bucket, stamped at its last sample
    expect(all.length).toBeLessThanOrEqual(4000);
    const hours = s.window({ from: 79_200_000, to: 86_399_000, maxPoints: 1000 });
    expect(hours.level).toBe(1); // 2 h: raw no longer reaches back, 5 s buckets do
    const minute = s.window({ from: 86_340_000, to: 86_399_000, maxPoints: 1000 });
    expect(minute.level).toBe(0);
    expect(minute.values(0)[minute.length - 1]).toBe(86_399);
  });
});

describe('SeriesStore.load fast path', () => {
  /** The reference: every sample through append with deriveRates, as a live stream would. */
  function appendAll(store: SeriesStore, t: Float64Array, cols: Float64Array[], diag: Uint8Array): void {
    const kinds = store.registry.map((e) => e.kind);
    let prev: Float64Array | null = null;
    let prevT = 0;
    for (let k = 0; k < t.length; k++) {
      const values = Float64Array.from(cols, (c) => c[k] as number);
      const rates = deriveRates(kinds, values, t[k] as number, prev, prevT);
      store.append({ t: t[k] as number, values, rates, diagnostics: diag[k] === 1 });
      prev = values;
      prevT = t[k] as number;
    }
  }

  it.each([
    ['a whole session kept at full resolution', 5000, (reg: typeof REG, n: number) => SeriesStore.forSession(reg, n)],
    [
      'a store smaller than the session (the raw ring drops the oldest)',
      5000,
      (reg: typeof REG) => new SeriesStore(reg, LEVELS),
    ],
  ])('gives the same windows as sample-by-sample appends: %s', (_name, n, make) => {
    let x = 99;
    const rnd = () => {
      x = (x * 1103515245 + 12345) >>> 0;
      return x / 2 ** 32;
    };
    const t = Float64Array.from({ length: n }, (_, k) => 1_000_000 + k * 1000 + Math.floor(rnd() * 300));
    const diag = Uint8Array.from({ length: n }, (_, k) => (k % 50 < 20 ? 1 : 0));
    const counter = new Float64Array(n);
    for (let k = 1; k < n; k++) counter[k] = (counter[k - 1] as number) + Math.floor(rnd() * 5000);
    counter[2500] = 10; // a reset
    const cols = [
      counter,
      Float64Array.from({ length: n }, () => (rnd() < 0.05 ? Number.NaN : Math.floor(rnd() * 40))),
      Float64Array.from({ length: n }, (_, k) => k * 3),
    ];
    const fast = make(REG, n);
    fast.load({ t, values: cols, diagnostics: diag });
    const slow = make(REG, n);
    appendAll(slow, t, cols, diag);
    expect(fast.startT).toBe(slow.startT);
    expect(fast.endT).toBe(slow.endT);
    for (let level = 0; level < fast.levelSpecs.length; level++) {
      const q = { from: 0, to: Number.MAX_SAFE_INTEGER, level };
      const a = fast.window(q);
      const b = slow.window(q);
      expect(Array.from(a.t), `times at level ${level}`).toEqual(Array.from(b.t));
      expect(Array.from(a.diag)).toEqual(Array.from(b.diag));
      for (let i = 0; i < REG.length; i++) {
        expect(Array.from(a.rates(i)), `rates of ${i} at level ${level}`).toEqual(Array.from(b.rates(i)));
        expect(Array.from(a.values(i))).toEqual(Array.from(b.values(i)));
      }
    }
  });
});
