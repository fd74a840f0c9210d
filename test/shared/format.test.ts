import { describe, expect, it } from 'vitest';
import { formatBytes, formatChartValue, formatDuration, formatRate, formatValue } from '../../src/shared/format';

const KiB = 1024;
const MiB = 1024 * KiB;

describe('one formatter for every surface', () => {
  it.each([
    // bytes: IEC, one decimal
    [0, 'B', '0 B'],
    [512, 'B', '512 B'],
    [1536, 'B', '1.5 KiB'],
    [2 * MiB, 'B', '2.0 MiB'],
    [12.34 * MiB, 'B', '12.3 MiB'],
    [123.4 * MiB, 'B', '123.4 MiB'],
    [-3 * MiB, 'B', '-3.0 MiB'],
    [2 * MiB, 'B/s', '2.0 MiB/s'],
    // times by magnitude, whatever unit the metric counts in
    [850, 'us', '850 µs'],
    [35_300, 'us', '35.3 ms'],
    [35.3, 'ms', '35.3 ms'],
    [9_150_000, 'us', '9.15 s'],
    [9150, 'ms', '9.15 s'],
    [64_355_131, 'us', '1 min 4 s'],
    [45, 's', '45 s'],
    [7500, 's', '2 h 5 min'],
    // zero in the metric's own unit, not "0.0 µs" for a millisecond counter
    [0, 'us', '0 µs'],
    [0, 'ms', '0 ms'],
    [0, 's', '0 s'],
    // counts and events per second: "/s" spaced alike everywhere
    [64_355_131, 'count', '64,355,131'],
    [8.96, '/s', '8.96/s'],
    [20, '/s', '20/s'],
    [1234.5, '/s', '1,235/s'],
    [0.25, 'ratio', '25.00%'],
    // a foreign registry's unit
    [3, 'peers', '3 peers'],
    [Number.NaN, 'B', '—'],
  ])('%d %s -> %s', (v, unit, want) => {
    expect(formatValue(v, unit)).toBe(want);
    expect(formatChartValue(v, unit)).toBe(want);
  });

  it.each([
    [2 * MiB, 'B', '2.0 MiB/s'],
    [8.96, 'count', '8.96/s'],
    [20, 'count', '20/s'],
    [0, 'ms', '0 ms/s'],
    [0, 'us', '0 µs/s'],
    [120, 'ms', '120 ms/s'],
    [1_500_000, 'us', '1.50 s/s'],
    [2, 'peers', '2 peers/s'],
  ])('a counter rate: %d %s per second -> %s', (v, unit, want) => {
    expect(formatRate(v, unit)).toBe(want);
  });

  it.each([
    [0, '/s', '0/s'],
    [1500, '/s', '1.5k/s'],
    [1500, 'us', '1.5 ms'],
    [3 * MiB, 'B/s', '3 MiB/s'],
    [0.5, 'ratio', '50%'],
    [7200, 's', '2 h 0 min'],
  ])('axis ticks: %d %s -> %s', (v, unit, want) => {
    expect(formatChartValue(v, unit, true)).toBe(want);
  });

  it('gives more decimals when asked, and durations in whole seconds', () => {
    expect(formatBytes(1.25 * MiB, 2)).toBe('1.25 MiB');
    expect(formatDuration(44.6)).toBe('45 s');
    expect(formatDuration(725)).toBe('12 min 5 s');
  });
});
