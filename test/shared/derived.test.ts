import { describe, expect, it } from 'vitest';
import {
  DERIVED,
  derivedById,
  derivedOverSpan,
  evaluateDerived,
  evaluateDerivedSeries,
  type ResolvedDerived,
  resolveDerived,
} from '../../src/shared/derived';
import { builtinRegistry, M, NUM_METRICS } from '../../src/shared/registry';
import type { RegistryEntry } from '../../src/shared/registry-types';

const registry = builtinRegistry();
const ok = (id: string) => {
  const r = resolveDerived(derivedById(id)!, registry);
  if (!r.ok) throw new Error(`${id} missing ${r.missing}`);
  return r as Extract<ResolvedDerived, { ok: true }>;
};
const row = (set: Record<number, number>) => {
  const r = new Float64Array(NUM_METRICS);
  for (const [k, v] of Object.entries(set)) r[Number(k)] = v;
  return r;
};

describe('derived series', () => {
  it('every definition resolves against the built-in registry (libtorrent’s shares with libtorrent’s columns)', () => {
    const lt = ['disk.disk_read_time', 'disk.disk_write_time', 'disk.disk_hash_time'].map(
      (name): RegistryEntry => ({ name, kind: 'counter', unit: 'us', category: 'libtorrent', extra: true }),
    );
    for (const d of DERIVED) {
      const ours = d.id.startsWith('lt.');
      expect(resolveDerived(d, registry).ok, d.id).toBe(!ours);
      if (ours) expect(resolveDerived(d, [...registry, ...lt]).ok, d.id).toBe(true);
    }
  });

  it.each([
    { id: 'disk.cache_hit_ratio', rates: { [M.DISK_CACHE_HITS]: 30, [M.DISK_CACHE_MISSES]: 10 }, want: 0.75 },
    {
      id: 'disk.mean_job_time',
      rates: { [M.DISK_JOB_TIME_US]: 9000, [M.DISK_READ_COUNT]: 10, [M.DISK_WRITE_COUNT]: 20 },
      want: 300,
    },
    {
      id: 'dispatch.acquire_none_share',
      rates: { [M.DISPATCH_ACQUIRE_NONE_TOTAL]: 25, [M.DISPATCH_ACQUIRE_TOTAL]: 100 },
      want: 0.25,
    },
    {
      id: 'dispatch.mean_acquire_us',
      rates: { [M.DISPATCH_ACQUIRE_US]: 5000, [M.DISPATCH_ACQUIRE_TOTAL]: 100 },
      want: 50,
    },
    {
      id: 'remote.mean_unchoke_ms',
      rates: { [M.REMOTE_UNCHOKE_DURATION_SUM_MS]: 6000, [M.REMOTE_RECHOKE_TOTAL]: 3 },
      want: 2000,
    },
    { id: 'peer.mean_lifetime_ms', rates: { [M.PEER_LIFETIME_SUM_MS]: 100 }, want: Number.NaN },
    { id: 'disk.cache_hit_ratio', rates: {}, want: Number.NaN },
  ] as { id: string; rates: Record<number, number>; want: number }[])(
    '$id over $rates is $want',
    ({ id, rates, want }) => {
      expect(evaluateDerived(ok(id), row(rates))).toBe(want);
    },
  );

  it('evaluates a series point by point, NaN where nothing happened', () => {
    const r = ok('disk.cache_hit_ratio');
    const cols: Record<number, number[]> = { [M.DISK_CACHE_HITS]: [1, 0, 3], [M.DISK_CACHE_MISSES]: [1, 0, 0] };
    const out = evaluateDerivedSeries(r, (i) => cols[i] ?? [0, 0, 0], 3);
    expect(Array.from(out)).toEqual([0.5, Number.NaN, 1]);
  });

  it('gives the value over a span from two cumulative rows, counting a reset from zero', () => {
    const r = ok('dispatch.mean_acquire_rtt_us');
    const first = row({ [M.DISPATCH_ACQUIRE_RTT_US]: 1000, [M.DISPATCH_ACQUIRE_TOTAL]: 10 });
    const last = row({ [M.DISPATCH_ACQUIRE_RTT_US]: 4000, [M.DISPATCH_ACQUIRE_TOTAL]: 40 });
    expect(derivedOverSpan(r, first, last)).toBe(100);
    const reset = row({ [M.DISPATCH_ACQUIRE_RTT_US]: 600, [M.DISPATCH_ACQUIRE_TOTAL]: 3 });
    expect(derivedOverSpan(r, last, reset)).toBe(200);
  });

  it('matches a foreign registry by name and names what is missing', () => {
    const foreign: RegistryEntry[] = [
      { name: 'disk.cache_misses', kind: 'counter', unit: 'count' },
      { name: 'disk.cache_hits', kind: 'counter', unit: 'count' },
    ];
    const r = resolveDerived(derivedById('disk.cache_hit_ratio')!, foreign);
    expect(r.ok && evaluateDerived(r, [1, 3])).toBe(0.75);
    const miss = resolveDerived(derivedById('disk.mean_job_time')!, foreign);
    expect(miss.ok).toBe(false);
    if (!miss.ok) expect(miss.missing).toEqual(['disk.job_time_us', 'disk.read_count', 'disk.write_count']);
  });
});
