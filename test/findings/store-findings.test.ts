import { describe, expect, it } from 'vitest';
import { findings } from '../../src/shared/findings';
import { builtinRegistry, M } from '../../src/shared/registry';
import { SeriesStore } from '../../src/shared/series';
import { storeFindings } from '../../src/shared/storeFindings';

// The live view's findings come from the SeriesStore's levels: over a session too long for raw
// samples they must find what the raw samples say (same rule, same total, ranges at bucket edges).
const REG = builtinRegistry();
const N = 3 * 3600; // 3 h at 1 Hz: more than the raw level keeps (4,096 samples)

function run(failFrom: number, failTo: number) {
  const store = new SeriesStore(REG);
  const t = new Float64Array(N);
  const columns = REG.map(() => new Float64Array(N));
  const v = new Float64Array(REG.length);
  for (let k = 0; k < N; k++) {
    v[M.PROTO_PIECES_DOWNLOADED] = k;
    v[M.PROTO_HASHFAILS] = Math.max(0, Math.min(k, failTo) - failFrom);
    t[k] = 1_700_000_000_000 + k * 1000;
    for (let i = 0; i < REG.length; i++) (columns[i] as Float64Array)[k] = v[i] as number;
    store.append({ t: t[k] as number, values: v, rates: new Float64Array(REG.length), diagnostics: false });
  }
  return { store, raw: findings({ registry: REG, length: N, t, columns }) };
}

describe('storeFindings', () => {
  it('finds on the levels what the raw samples say, for a session longer than the raw level', () => {
    const { store, raw } = run(600, 1200);
    const live = storeFindings(store, {}, 2000);
    expect(raw.map((f) => f.rule)).toEqual(['hashfail-share']);
    expect(live.map((f) => f.rule)).toEqual(['hashfail-share']);
    // The total counted is the same: counters are read at bucket ends.
    expect(live[0]?.measured).toContain('600 of ');
    expect(raw[0]?.measured).toContain('600 of ');
    // The range is the raw one, widened to the buckets that hold it (5 s or 1 min).
    const [r] = raw[0]?.ranges ?? [];
    const [l] = live[0]?.ranges ?? [];
    expect(l?.from).toBeLessThanOrEqual(r?.from as number);
    expect(l?.to).toBeGreaterThanOrEqual(r?.to as number);
    expect((l?.to as number) - (l?.from as number)).toBeLessThan((r?.to as number) - (r?.from as number) + 120_000);
  });

  it('an honest session gives none, and an empty store gives none', () => {
    expect(storeFindings(run(0, 0).store)).toEqual([]);
    expect(storeFindings(new SeriesStore(REG))).toEqual([]);
  });
});
