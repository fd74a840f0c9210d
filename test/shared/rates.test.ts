import { describe, expect, it } from 'vitest';
import { counterResets, deriveRates } from '../../src/shared/rates';
import type { MetricKind } from '../../src/shared/registry-types';

const kinds: MetricKind[] = ['counter', 'gauge', 'counter'];

describe('deriveRates', () => {
  it.each([
    {
      name: 'counter delta over elapsed seconds',
      prev: [100, 5, 0],
      cur: [600, 7, 50],
      dtMs: 500,
      want: [1000, 7, 100],
    },
    { name: 'gauges pass through unchanged', prev: [0, 9, 0], cur: [0, 3, 0], dtMs: 1000, want: [0, 3, 0] },
    {
      name: 'a counter that goes down is a reset, counted from zero',
      prev: [1000, 0, 10],
      cur: [200, 0, 10],
      dtMs: 2000,
      want: [100, 0, 0],
    },
    {
      name: 'no elapsed time gives zero rates, not infinity',
      prev: [1, 1, 1],
      cur: [5, 2, 5],
      dtMs: 0,
      want: [0, 2, 0],
    },
  ])('$name', ({ prev, cur, dtMs, want }) => {
    expect(Array.from(deriveRates(kinds, cur, 10_000 + dtMs, prev, 10_000))).toEqual(want);
  });

  it('gives counter rates of 0 on the first sample', () => {
    expect(Array.from(deriveRates(kinds, [5, 6, 7], 1000, null, 1000))).toEqual([0, 6, 0]);
  });

  it('reports which counters reset', () => {
    expect(counterResets(kinds, [1, 0, 5], [2, 9, 5])).toEqual([0]);
  });
});
