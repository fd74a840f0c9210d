import { describe, expect, it } from 'vitest';
import { keepRuns, lttb, lttbUnion } from '../../src/shared/downsample';

const xs = (n: number) => Float64Array.from({ length: n }, (_, i) => i);

describe('lttb', () => {
  it.each([
    { name: 'fewer points than the threshold are all kept', y: [1, 2, 3], threshold: 10, want: [0, 1, 2] },
    { name: 'two points are kept as they are', y: [5, 6], threshold: 2, want: [0, 1] },
    { name: 'a threshold below 3 keeps the ends', y: [1, 9, 1, 9, 1], threshold: 2, want: [0, 4] },
    {
      name: 'a single spike survives a 4x reduction',
      y: [0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      threshold: 5,
      contains: [0, 7, 19],
    },
    {
      name: 'a dip survives as well as a peak',
      y: [5, 5, 5, 5, 9, 5, 5, 5, 5, 5, 5, 5, 5, -9, 5, 5, 5, 5, 5, 5],
      threshold: 6,
      contains: [4, 13],
    },
    {
      name: 'a gap (NaN) inside a bucket is kept so the line breaks there',
      y: [1, 2, 3, 4, 5, Number.NaN, Number.NaN, 8, 9, 10, 11, 12],
      threshold: 5,
      containsNaN: true,
    },
  ])('$name', ({ y, threshold, want, contains, containsNaN }) => {
    const idx = Array.from(lttb(xs(y.length), y, threshold));
    if (want) expect(idx).toEqual(want);
    if (contains) for (const c of contains) expect(idx).toContain(c);
    if (containsNaN) expect(idx.some((i) => Number.isNaN(y[i]))).toBe(true);
    // Always ascending, first and last kept, exactly `threshold` points when reducing.
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(y.length - 1);
    if (y.length > threshold) expect(idx).toHaveLength(Math.max(2, threshold));
  });

  it('reduces 100,000 points to 1,000 and keeps the extremes of a noisy sine', () => {
    const n = 100_000;
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 1000) * 100 + ((i * 7919) % 13) - 6);
    y[54_321] = 1000;
    const idx = lttb(xs(n), y, 1000);
    expect(idx).toHaveLength(1000);
    expect(Array.from(idx)).toContain(54_321);
  });
});

describe('lttbUnion', () => {
  it('keeps the peaks of every series on a shared x axis, with about threshold rows', () => {
    const n = 2000;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    a[300] = 50;
    b[1500] = -50;
    const idx = Array.from(lttbUnion(xs(n), [a, b], 200));
    expect(idx).toContain(300);
    expect(idx).toContain(1500);
    expect(idx.length).toBeLessThanOrEqual(200);
    expect(idx).toEqual([...new Set(idx)].sort((p, q) => p - q));
  });

  it('returns every index when there is nothing to reduce', () => {
    expect(Array.from(lttbUnion(xs(4), [[1, 2, 3, 4]], 10))).toEqual([0, 1, 2, 3]);
  });
});

describe('keepRuns', () => {
  it('adds every run of values LTTB kept nothing of, with the gaps beside it', () => {
    const n = 40;
    const y = new Float64Array(n).fill(Number.NaN);
    y[7] = 5;
    y[20] = 3;
    y[21] = 4;
    y[39] = 1; // at the edge
    const kept = lttb(xs(n), y, 6);
    expect(Array.from(kept).filter((k) => Number.isFinite(y[k]))).toEqual([39]);
    const out = Array.from(keepRuns(kept, [y]));
    expect(out).toEqual([...new Set([...kept, 6, 7, 8, 19, 20, 21, 22])].sort((a, b) => a - b));
  });

  it('returns the kept indices themselves when LTTB kept a point of every run', () => {
    const kept = Uint32Array.of(0, 5, 9);
    expect(keepRuns(kept, [Float64Array.from({ length: 10 }, (_, i) => i)])).toBe(kept);
  });
});
