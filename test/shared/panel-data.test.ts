import { describe, expect, it } from 'vitest';
import {
  bindPanel,
  buildPanelData,
  nearestIndex,
  type PanelPoints,
  sampleIndex,
  valueNear,
} from '../../src/shared/panel-data';
import { PANELS } from '../../src/shared/panels';
import { builtinRegistry } from '../../src/shared/registry';
import { SeriesStore } from '../../src/shared/series';

const registry = builtinRegistry();
const at = (name: string) => registry.findIndex((e) => e.name === name);
const panel = (id: string) => PANELS.find((p) => p.id === id)!;

/** n samples at 1 Hz, diagnostics on; first-block measurements (latency ms) at the given seconds. */
function sparseStore(n: number, events: Map<number, number>): SeriesStore {
  const count = at('first_block.latency_count');
  const sum = at('first_block.latency_sum_us');
  const cols = registry.map(() => new Float64Array(n));
  for (let k = 1; k < n; k++) {
    (cols[count] as Float64Array)[k] = ((cols[count] as Float64Array)[k - 1] as number) + (events.has(k) ? 1 : 0);
    (cols[sum] as Float64Array)[k] = ((cols[sum] as Float64Array)[k - 1] as number) + (events.get(k) ?? 0) * 1000;
  }
  const store = SeriesStore.forSession(registry, n);
  store.load({
    t: Float64Array.from({ length: n }, (_, k) => k * 1000),
    values: cols,
    diagnostics: new Uint8Array(n).fill(1),
  });
  return store;
}

describe('buildPanelData', () => {
  const events = new Map([
    [95, 30],
    [250, 45],
    [251, 47],
    [600, 60],
    [1100, 80],
  ]);
  const store = sparseStore(1200, events);
  const bound = bindPanel(panel('diag.first_block'), registry, {});

  it('keeps every interval of a rare-event mean through LTTB, each lone one with the gaps beside it', () => {
    const d = buildPanelData(bound, store.window({ from: 0, to: 1_199_000, level: 0 }), 'rate', 300);
    expect(d.sourcePoints).toBeGreaterThan(1000);
    expect(d.rows.length).toBeLessThan(400);
    const drawn = d.rows.filter((r) => r.s0 !== null);
    expect(drawn.map((r) => [r.t / 1000, r.s0])).toEqual([...events].map(([s, ms]) => [s, ms * 1000]));
    for (const s of [95, 600, 1100]) {
      const k = d.rows.findIndex((r) => r.t === s * 1000);
      expect([d.rows[k - 1]?.s0, d.rows[k + 1]?.s0]).toEqual([null, null]);
    }
    expect(d.latest).toEqual([80_000]);
  });

  it('hands the crosshair every point of the window, LTTB or not', () => {
    const view = store.window({ from: 0, to: 1_199_000, level: 0 });
    const d = buildPanelData(bound, view, 'rate', 300);
    expect(Array.from(d.points.t)).toEqual(Array.from(view.t));
    expect(d.points.stepMs).toBe(0);
    expect(d.points.columns.s0?.[600]).toBe(60_000);
    expect(Number.isNaN(d.points.columns.s0?.[601])).toBe(true);
  });
});

describe('the sample at an instant', () => {
  // 1 Hz, then a 60 s gap, then 1 Hz again.
  const t = Float64Array.from([0, 1000, 2000, 3000, 63_000, 64_000, 65_000]);
  const points: PanelPoints = {
    t,
    stepMs: 0,
    columns: { a: Float64Array.from([1, 2, Number.NaN, 4, 5, 6, 7]) },
  };

  it.each([
    [1400, 1],
    [1500, 1],
    [1600, 2],
    [-500, 0],
    [99_000, 6],
  ])('nearestIndex(%d) = %d', (x, k) => {
    expect(nearestIndex(t, x)).toBe(k);
  });

  it('is the nearest sample within one interval, else none (a gap)', () => {
    expect(sampleIndex(points, 3400, 1000)).toBe(3);
    expect(sampleIndex(points, 30_000, 1000)).toBe(-1);
    // A stream whose samples are further apart than its nominal interval (a backfill): their spacing counts.
    expect(sampleIndex(points, 1400, 100)).toBe(1);
    expect(sampleIndex({ ...points, t: new Float64Array(0) }, 0, 1000)).toBe(-1);
  });

  it('gives the value, "no data" for a sample without one, "no sample" in a gap', () => {
    expect(valueNear(points, 'a', 1100, 1000)).toEqual({ t: 1000, value: 2 });
    expect(valueNear(points, 'a', 2100, 1000)).toEqual({ t: 2000, value: null, missing: 'no data' });
    expect(valueNear(points, 'a', 33_000, 1000)).toEqual({ t: null, value: null, missing: 'no sample' });
    expect(valueNear(points, 'other', 1100, 1000)).toEqual({ t: 1000, value: null, missing: 'no data' });
  });
});
