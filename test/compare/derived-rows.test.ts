import { describe, expect, it } from 'vitest';
import { compareSessions, type Figures } from '../../src/shared/compare/compareSessions';
import { compareDerived, derivedBetter } from '../../src/shared/compare/derivedRows';
import type { RegistryEntry } from '../../src/shared/registry-types';
import { ColumnBuilder, type SessionData } from '../../src/shared/session/data';
import type { SessionMeta } from '../../src/shared/session/meta';

const HITS: RegistryEntry = { name: 'disk.cache_hits', kind: 'counter', unit: 'count' };
const MISSES: RegistryEntry = { name: 'disk.cache_misses', kind: 'counter', unit: 'count' };
const ACQ: RegistryEntry = { name: 'dispatch.acquire_total', kind: 'counter', unit: 'count', diagnostic: true };
const NONE: RegistryEntry = { name: 'dispatch.acquire_none_total', kind: 'counter', unit: 'count', diagnostic: true };

function session(registry: RegistryEntry[], rows: number[][], diag = false, notReported: Record<string, string> = {}) {
  const b = new ColumnBuilder(registry.length);
  rows.forEach((v, r) => {
    b.push(1_000_000 + r * 1000, diag, v);
  });
  const meta = {
    format: 'tidegauge-session',
    version: 1,
    id: 'x',
    appVersion: 't',
    startedAt: 1_000_000,
    intervalMs: 1000,
    source: null,
    registry,
    notReported,
    origin: { type: 'recording' },
  } as SessionMeta;
  return b.build(meta);
}

function rowsOf(a: SessionData, b: SessionData, baseline = 0) {
  const inputs = [
    { id: 'a', title: 'A', data: a },
    { id: 'b', title: 'B', data: b },
  ];
  return compareDerived(inputs, compareSessions(inputs, { baseline }));
}

const fig = (f: Figures | string | undefined) => {
  if (typeof f !== 'object') throw new Error(`no figures: ${String(f)}`);
  return f;
};

describe('compareDerived', () => {
  // hits/misses per second: A 3/1 each second (75%), B 1/1 (50%) then 1/3 (25%).
  const a = session(
    [HITS, MISSES],
    [
      [0, 0],
      [3, 1],
      [6, 2],
      [9, 3],
    ],
  );
  const b = session(
    [HITS, MISSES],
    [
      [0, 0],
      [1, 1],
      [2, 4],
      [3, 7],
    ],
  );

  it.each([
    ['total is the ratio over the span', (f: Figures) => f.total, 0.75, 3 / 10],
    ['mean of the per-interval ratio', (f: Figures) => f.mean, 0.75, (0.5 + 0.25 + 0.25) / 3],
    ['max per interval', (f: Figures) => f.max, 0.75, 0.5],
    ['p50 per interval', (f: Figures) => f.p50, 0.75, 0.25],
  ])('%s', (_, pick, wantA, wantB) => {
    const row = rowsOf(a, b).find((r) => r.name === 'disk.cache_hit_ratio');
    expect(pick(fig(row?.sessions[0]))).toBeCloseTo(wantA, 10);
    expect(pick(fig(row?.sessions[1]))).toBeCloseTo(wantB, 10);
  });

  it('colours the delta by direction: a lower hit ratio is worse', () => {
    const row = rowsOf(a, b).find((r) => r.name === 'disk.cache_hit_ratio');
    expect(row?.deltas[0]).toBeNull();
    expect(row?.deltas[1]?.abs).toBeCloseTo(0.3 - 0.75, 10);
    expect(row?.deltas[1]?.pct).toBeCloseTo(-60, 10);
    expect(row?.deltas[1]?.verdict).toBe('worse');
    expect(rowsOf(b, a).find((r) => r.name === 'disk.cache_hit_ratio')?.deltas[1]?.verdict).toBe('better');
  });

  it.each([
    ['not in registry', session([HITS], [[0], [1]]), 'not in registry'],
    [
      'not reported',
      session(
        [HITS, MISSES],
        [
          [0, Number.NaN],
          [1, Number.NaN],
        ],
        false,
        { '1': 'n/a' },
      ),
      'not reported',
    ],
  ])('says why a session has no figures: %s', (_, other, want) => {
    expect(rowsOf(a, other).find((r) => r.name === 'disk.cache_hit_ratio')?.sessions[1]).toBe(want);
  });

  it('says "no diagnostics" for a diagnostic series where a session never had them on', () => {
    const on = session(
      [ACQ, NONE],
      [
        [0, 0],
        [10, 1],
        [20, 3],
      ],
      true,
    );
    const off = session(
      [ACQ, NONE],
      [
        [0, 0],
        [0, 0],
        [0, 0],
      ],
      false,
    );
    const row = rowsOf(on, off).find((r) => r.name === 'dispatch.acquire_none_share');
    expect(row?.diagnostic).toBe(true);
    expect(fig(row?.sessions[0]).total).toBeCloseTo(3 / 20, 10);
    expect(row?.sessions[1]).toBe('no diagnostics');
    expect(row?.deltas[1]).toBeNull();
  });

  it.each([
    ['disk.cache_hit_ratio', 'higher'],
    ['proto.hashfail_share', 'lower'],
    ['first_block.mean_latency_us', 'lower'],
    ['peer.mean_lifetime_ms', 'neutral'],
  ])('%s: %s is better', (id, want) => {
    expect(derivedBetter(id)).toBe(want);
  });
});
