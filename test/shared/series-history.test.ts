import { describe, expect, it } from 'vitest';
import { deriveRates } from '../../src/shared/rates';
import type { RegistryEntry } from '../../src/shared/registry-types';
import { type LevelSpec, type SampleRow, SeriesStore } from '../../src/shared/series';
import { applyHistory, decodeHistory, encodeHistory, isHistoryFrame } from '../../src/shared/series-history';
import { encodeSnapshot } from '../../src/shared/snapshot';

const REG: RegistryEntry[] = [
  { name: 'c', kind: 'counter', unit: 'B' },
  { name: 'g', kind: 'gauge', unit: 'count' },
  { name: 'd', kind: 'counter', unit: 'count', diagnostic: true },
];
// Small rings so a short stream wraps every level but the last.
const LEVELS: LevelSpec[] = [
  { stepMs: 0, capacity: 16 },
  { stepMs: 5_000, capacity: 8 },
  { stepMs: 60_000, capacity: 64 },
];
const KINDS = REG.map((e) => e.kind);

/** A 1 Hz stream with a counter reset at k = 70 and diagnostics on for a while. */
function stream(count: number): SampleRow[] {
  const out: SampleRow[] = [];
  let prev: Float64Array | null = null;
  for (let k = 0; k < count; k++) {
    const t = 1_000_000 + k * 1000;
    const diagnostics = k >= 30 && k < 90;
    const values = Float64Array.from([k < 70 ? 100 * k + (k % 7) : 50 * (k - 70), k % 13, diagnostics ? 3 * k : 0]);
    const rates = deriveRates(KINDS, values, t, prev, t - 1000);
    out.push({ t, values, rates, diagnostics });
    prev = values;
  }
  return out;
}

function everyLevel(store: SeriesStore) {
  return store.levelSpecs.map((_, level) => {
    const v = store.window({ from: 0, to: Number.MAX_SAFE_INTEGER, level });
    return {
      t: Array.from(v.t),
      diag: Array.from(v.diag),
      cols: REG.map((_, i) => [Array.from(v.values(i)), Array.from(v.rates(i))]),
    };
  });
}

function handOver(host: SeriesStore, lastSeq: number): SeriesStore {
  const page = new SeriesStore(REG, LEVELS);
  for (const f of encodeHistory(host, lastSeq)) {
    expect(isHistoryFrame(f)).toBe(true);
    expect(applyHistory(page, decodeHistory(f, REG.length))).toBe(true);
  }
  return page;
}

describe('session history frames', () => {
  it('give a page the host store exactly, and later samples fold the same way on both', () => {
    const samples = stream(200);
    const host = new SeriesStore(REG, LEVELS);
    for (const s of samples.slice(0, 123)) host.append(s);
    const page = handOver(host, 122);
    expect(page.startT).toBe(samples[0]?.t);
    expect(page.endT).toBe(samples[122]?.t);
    expect(everyLevel(page)).toEqual(everyLevel(host));
    // The open buckets carried over: the next samples close them identically.
    for (const s of samples.slice(123)) {
      expect(host.append(s)).toBe(true);
      expect(page.append(s)).toBe(true);
    }
    expect(everyLevel(page)).toEqual(everyLevel(host));
    // "All" reaches back to the first sample at the coarsest level, though the raw ring wrapped.
    const all = page.window({ from: page.startT, to: page.endT, maxPoints: 10 });
    expect(all.level).toBe(2);
    expect(all.t[0]).toBeLessThanOrEqual((samples[0]?.t ?? 0) + 60_000);
  });

  it('arrive coarsest first, so a long window can be drawn before the raw samples', () => {
    const host = new SeriesStore(REG, LEVELS);
    for (const s of stream(150)) host.append(s);
    const frames = encodeHistory(host, 149).map((f) => decodeHistory(f, REG.length));
    expect(frames.map((f) => f.level)).toEqual([2, 1, 0]);
    const page = new SeriesStore(REG, LEVELS);
    applyHistory(page, frames[0] as ReturnType<typeof decodeHistory>);
    expect(page.startT).toBe(1_000_000);
    expect(page.endT).toBe(host.endT);
  });

  it('are told apart from snapshot frames and refused for another registry', () => {
    const host = new SeriesStore(REG, LEVELS);
    for (const s of stream(3)) host.append(s);
    const [frame] = encodeHistory(host, 2);
    const snap = encodeSnapshot({
      seq: 0,
      t: 1,
      diagnostics: false,
      values: new Float64Array(3),
      rates: new Float64Array(3),
    });
    expect(isHistoryFrame(snap)).toBe(false);
    expect(() => decodeHistory(frame as ArrayBuffer, 99)).toThrow(/3 metrics, the stream's registry has 99/);
    expect(encodeHistory(new SeriesStore(REG, LEVELS), -1)).toEqual([]);
  });

  it('skip a level the page keeps at another step (a page that keeps every sample)', () => {
    const host = new SeriesStore(REG, LEVELS);
    for (const s of stream(40)) host.append(s);
    const page = new SeriesStore(REG, [{ stepMs: 0, capacity: 1_000_000 }]);
    const applied = encodeHistory(host, 39).map((f) => applyHistory(page, decodeHistory(f, REG.length)));
    expect(applied).toEqual([false, false, true]);
    expect(page.window({ from: 0, to: Number.MAX_SAFE_INTEGER }).length).toBe(16);
  });
});
