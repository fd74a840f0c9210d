import { describe, expect, it } from 'vitest';
import { type ChartFrame, rowsMax, snapInstant, valuesAt } from '../../src/renderer/src/panels/frame';
import type { ChartRow, PanelPoints } from '../../src/shared/panel-data';

/** 1 Hz samples at t = 0..n-1 s (plus an offset) of one series `s0`, drawn through the `kept` rows. */
function frame(n: number, value: (k: number) => number, kept: readonly number[], offsetMs = 0): ChartFrame {
  const t = Float64Array.from({ length: n }, (_, k) => k * 1000 + offsetMs);
  const col = Float64Array.from({ length: n }, (_, k) => value(k));
  const points: PanelPoints = { t, stepMs: 0, columns: { s0: col } };
  const rows: ChartRow[] = kept.map((k) => ({
    t: t[k] as number,
    s0: Number.isFinite(col[k]) ? (col[k] as number) : null,
  }));
  return { rows, points, series: [{ key: 's0', label: 'A', color: 'red' }], intervalMs: 1000 };
}

describe('snapInstant', () => {
  it('gives every panel of a source the same instant, whatever LTTB kept of each', () => {
    const a = frame(600, (k) => k % 7, [0, 40, 95, 300, 599]);
    const b = frame(600, (k) => k % 5, [0, 12, 230, 231, 599]);
    for (const pointer of [93_400, 230_600, 501_000])
      expect(snapInstant([a], pointer)).toEqual(snapInstant([b], pointer));
    expect(snapInstant([a], 93_400)).toEqual({ t: 93_000, sampled: true });
  });

  it('is the pointer itself in a gap of the stream', () => {
    const t = Float64Array.from([0, 1000, 2000, 60_000, 61_000]);
    const f: ChartFrame = { ...frame(5, () => 1, []), points: { t, stepMs: 0, columns: { s0: new Float64Array(5) } } };
    expect(snapInstant([f], 30_500)).toEqual({ t: 30_500, sampled: false });
    expect(snapInstant([f], 2400)).toEqual({ t: 2000, sampled: true });
  });

  it('goes to a lone value within the slack when the nearest sample has none', () => {
    const sparse = frame(600, (k) => (k === 300 ? 42 : Number.NaN), [0, 299, 300, 301, 599]);
    expect(snapInstant([sparse], 302_400)).toEqual({ t: 302_000, sampled: true });
    expect(snapInstant([sparse], 302_400, 3000)).toEqual({ t: 300_000, sampled: true });
    expect(snapInstant([sparse], 310_000, 3000)).toEqual({ t: 310_000, sampled: true });
  });
});

describe('valuesAt', () => {
  it("gives each compared session its own nearest sample within one interval, or 'no sample'", () => {
    const a = frame(60, (k) => k, []);
    const b = frame(30, (k) => 100 + k, [], 400); // another sample clock, and a shorter session
    const at = valuesAt([a, b], 12_000);
    expect(at.map((v) => v.at)).toEqual([
      { t: 12_000, value: 12 },
      { t: 12_400, value: 112 },
    ]);
    expect(valuesAt([a, b], 45_000).map((v) => ('missing' in v.at ? v.at.missing : v.at.value))).toEqual([
      45,
      'no sample',
    ]);
  });
});

describe('rowsMax', () => {
  it('is the largest value drawn within the range', () => {
    const f = frame(10, (k) => k * 10, [0, 3, 5, 9]);
    expect(rowsMax([f], 0, 6000)).toBe(50);
    expect(rowsMax([f], 0, 60_000)).toBe(90);
    expect(rowsMax([], 0, 1)).toBe(0);
  });
});
