import { describe, expect, it } from 'vitest';
import type { PromMatrixSeries } from '../../src/shared/promImport/assemble';
import { LiveTotals, upOf } from '../../src/shared/promImport/live';

/* The live Prometheus source's fold of raw samples: what a counter added, resets included. */

const series = new Map([
  ['tidegauge_net_recv_bytes_total', { to: 'net.bytes_recv', factor: 1, counter: true }],
  ['tidegauge_disk_job_time_seconds_total', { to: 'disk.job_time_us', factor: 1e6, counter: true }],
  ['tidegauge_dht_nodes', { to: 'dht.nodes', factor: 1, counter: false }],
]);

function s(name: string, points: [number, number][]): PromMatrixSeries {
  return { metric: { __name__: name, instance: 'a:1' }, values: points.map(([t, v]) => [t, String(v)] as const) };
}

describe('LiveTotals', () => {
  it('starts at the newest sample (the engine’s total), then adds increases', () => {
    const l = new LiveTotals(series);
    l.add([
      s('tidegauge_net_recv_bytes_total', [
        [1, 50],
        [2, 70],
        [3, 100],
      ]),
    ]);
    expect(l.values().get('net.bytes_recv')).toBe(100);
    // Overlapping windows: samples already folded are skipped.
    l.add([
      s('tidegauge_net_recv_bytes_total', [
        [3, 100],
        [4, 130],
      ]),
    ]);
    expect(l.values().get('net.bytes_recv')).toBe(130);
  });

  it('a reset inside one catch-up window loses nothing and never goes down', () => {
    const l = new LiveTotals(series);
    l.add([s('tidegauge_net_recv_bytes_total', [[1, 100]])]);
    // 100 -> 150 (+50), restart, 0 -> 10 (+10), -> 30 (+20)
    l.add([
      s('tidegauge_net_recv_bytes_total', [
        [2, 150],
        [3, 10],
        [4, 30],
      ]),
    ]);
    expect(l.values().get('net.bytes_recv')).toBe(180);
    expect(l.resets).toBe(1);
  });

  it('converts units, keeps gauges as set, ignores unknown series and NaN', () => {
    const l = new LiveTotals(series);
    l.add([
      s('tidegauge_disk_job_time_seconds_total', [[1, 0.25]]),
      s('tidegauge_dht_nodes', [[1, 40]]),
      s('something_else', [[1, 5]]),
    ]);
    l.add([
      s('tidegauge_dht_nodes', [
        [2, 30],
        [3, Number.NaN],
      ]),
    ]);
    expect(Object.fromEntries(l.values())).toEqual({ 'disk.job_time_us': 250_000, 'dht.nodes': 30 });
  });

  it('a reconnect keeps the totals of the series that remain', () => {
    const l = new LiveTotals(series);
    l.add([s('tidegauge_net_recv_bytes_total', [[1, 100]]), s('tidegauge_dht_nodes', [[1, 3]])]);
    l.add([s('tidegauge_net_recv_bytes_total', [[2, 10]])]);
    l.retarget(new Map([...series].filter(([k]) => k !== 'tidegauge_dht_nodes')));
    l.add([
      s('tidegauge_net_recv_bytes_total', [
        [1, 100],
        [2, 10],
        [3, 15],
      ]),
    ]);
    expect(Object.fromEntries(l.values())).toEqual({ 'net.bytes_recv': 115 });
  });

  it('upOf: the newest up and the scrape interval', () => {
    expect(
      upOf([
        s('up', [
          [10, 1],
          [25, 1],
          [40, 0],
        ]),
      ]),
    ).toEqual({ t: 40, up: 0, intervalS: 15 });
    expect(upOf([])).toBeNull();
  });
});
