import { describe, expect, it } from 'vitest';
import { counterFigures, distribution } from '../../src/shared/compare/stats';
import { counterSummary, levelSummary } from '../../src/shared/compare/summaryStats';

/* The group comparison's cheap figures are the full figures' totals and means, to the last bit. */

function series(n: number, seed: number, resets: boolean): { t: Float64Array; v: Float64Array } {
  let x = seed;
  const rnd = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    t[i] = i * 1000;
    acc += Math.floor(rnd() * 1e6);
    if (resets && rnd() < 0.002) acc = 0;
    v[i] = rnd() < 0.02 ? Number.NaN : acc;
  }
  return { t, v };
}

describe('summaryStats', () => {
  it.each([
    [100, 1, false],
    [20_000, 2, true],
    [86_400, 3, true],
    [0, 4, false],
  ])('counterSummary equals counterFigures on total, mean, max and n (%i samples)', (n, seed, resets) => {
    const { t, v } = series(n, seed, resets);
    const full = counterFigures(t, v);
    const cheap = counterSummary(t, v);
    expect([cheap.total, cheap.mean, cheap.max, cheap.n]).toEqual([full.total, full.mean, full.max, full.n]);
    expect(cheap.p50).toBeNaN();
  });

  it.each([
    [100, 5],
    [50_000, 6],
  ])('levelSummary equals distribution on mean, max and n (%i samples)', (n, seed) => {
    const { v } = series(n, seed, true);
    const full = distribution(v);
    const cheap = levelSummary(v);
    expect([cheap.mean, cheap.max, cheap.n]).toEqual([full.mean, full.max, full.n]);
  });
});
