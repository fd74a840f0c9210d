import { describe, expect, it } from 'vitest';
import { bindPanel } from '../../src/shared/panel-data';
import { PANELS } from '../../src/shared/panels';
import { deriveRates } from '../../src/shared/rates';
import { SeriesStore } from '../../src/shared/series';
import { isEmpty, sessionSource, shiftedSource, storeRows } from '../../src/shared/series-source';
import { makeData, makeMeta } from '../sessions/helpers';

const data = makeData(600);
const registry = data.meta.registry;
const panel = (id: string) => PANELS.find((p) => p.id === id)!;

/** The same samples appended one by one, as the live view receives them. */
function liveStore(): SeriesStore {
  const s = new SeriesStore(registry);
  const kinds = registry.map((e) => e.kind);
  let prev: Float64Array | null = null;
  for (let k = 0; k < data.length; k++) {
    const values = Float64Array.from(data.columns, (c) => c[k] as number);
    const t = data.t[k] as number;
    s.append({
      t,
      values,
      rates: deriveRates(kinds, values, t, prev, data.t[k - 1] ?? t),
      diagnostics: !!data.diagnostics[k],
    });
    prev = values;
  }
  return s;
}

describe('sessionSource', () => {
  const source = sessionSource(data);

  it('says what the session file says: registry, reasons by metric index, interval, span', () => {
    expect(source.registry).toEqual(registry);
    expect(source.notReported).toEqual({ 3: 'not measured' });
    expect(source.intervalMs).toBe(1000);
    expect([source.start, source.end]).toEqual([data.t[0], data.t[data.length - 1]]);
    expect(isEmpty(source)).toBe(false);
    expect(isEmpty(sessionSource(makeData(0)))).toBe(true);
    expect(source.subscribe(() => {})).toBeTypeOf('function');
  });

  it.each(['bw.rate', 'bw.totals', 'disk.cache'])('draws %s as the live view drew the same samples', (id) => {
    const live = liveStore();
    const bound = bindPanel(panel(id), registry, source.notReported);
    for (const q of [
      { from: source.start, to: source.end, maxPoints: 200 },
      { from: source.start + 60_000, to: source.start + 120_000, maxPoints: 0 },
    ])
      for (const mode of ['rate', 'cumulative'] as const) {
        const got = source.rows(bound, { ...q, mode });
        const want = storeRows(live, bound, { ...q, mode });
        expect(got.rows).toEqual(want.rows);
        expect(got.latest).toEqual(want.latest);
        expect(Array.from(got.points.t)).toEqual(Array.from(want.points.t));
      }
  });
});

describe('shiftedSource', () => {
  const source = sessionSource(data);
  const origin = (data.t[0] as number) + 30_000;
  const aligned = shiftedSource(source, origin);
  const bound = bindPanel(panel('bw.rate'), registry, source.notReported);

  it('moves the span and every time by the shift, and nothing else', () => {
    expect([aligned.start, aligned.end]).toEqual([-30_000, source.end - origin]);
    expect(aligned.registry).toBe(source.registry);
    expect(aligned.notReported).toBe(source.notReported);
    const q = { from: 0, to: 120_000, mode: 'rate' as const, maxPoints: 100 };
    const got = aligned.rows(bound, q);
    const want = source.rows(bound, { ...q, from: origin, to: origin + 120_000 });
    expect(got.rows).toEqual(want.rows.map((r) => ({ ...r, t: r.t - origin })));
    expect(Array.from(got.points.t)).toEqual(Array.from(want.points.t, (t) => t - origin));
    expect(got.points.columns).toEqual(want.points.columns);
    expect(got.rows[0]?.t).toBeLessThanOrEqual(0);
  });

  it('is the source itself with no shift', () => {
    expect(shiftedSource(source, 0)).toBe(source);
  });
});

describe('reasons', () => {
  it('keys the file reasons by metric index', () => {
    const s = sessionSource(makeData(10, makeMeta(undefined, { notReported: { '0': 'a', '12': 'b' } })));
    expect(s.notReported).toEqual({ 0: 'a', 12: 'b' });
  });
});
