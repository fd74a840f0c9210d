import { describe, expect, it } from 'vitest';
import { formatChartValue } from '../../src/shared/format';
import { niceStep, valueTicks } from '../../src/shared/value-axis';

const MiB = 1024 * 1024;

describe('valueTicks', () => {
  it.each([
    {
      name: 'bytes step in IEC units',
      max: 86 * MiB,
      unit: 'B/s',
      labels: ['0', '25 MiB/s', '50 MiB/s', '75 MiB/s', '100 MiB/s'],
    },
    { name: 'small byte counts stay in B', max: 700, unit: 'B', labels: ['0', '200 B', '400 B', '600 B', '800 B'] },
    { name: 'counts in 1/2/2.5/5 steps', max: 1810, unit: '/s', labels: ['0/s', '500/s', '1k/s', '1.5k/s', '2k/s'] },
    {
      name: 'a share near 100% spans the whole range',
      max: 0.93,
      unit: 'ratio',
      labels: ['0%', '25%', '50%', '75%', '100%'],
    },
    {
      name: 'a small share is not squeezed at the bottom',
      max: 0.042,
      unit: 'ratio',
      labels: ['0%', '2%', '4%', '6%'],
    },
    {
      name: 'durations in µs read in ms above 1000',
      max: 3600,
      unit: 'us',
      labels: ['0', '1 ms', '2 ms', '3 ms', '4 ms'],
    },
    { name: 'nothing to show still gives an axis', max: 0, unit: 'count', labels: ['0', '1'] },
  ])('$name', ({ max, unit, labels }) => {
    const ticks = valueTicks(max, unit);
    expect(ticks.map((t) => formatChartValue(t, unit, true)).map((s) => s.replace(/^0 B(\/s)?$/, '0'))).toEqual(labels);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
  });

  it.each([
    [0.3, 0.5],
    [1, 1],
    [2.2, 2.5],
    [7, 10],
    [450, 500],
  ])('niceStep(%d) = %d', (raw, want) => expect(niceStep(raw)).toBe(want));
});
