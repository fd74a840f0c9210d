import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePromAddress } from '../../src/main/prometheus/promClient';
import { parsePromTime, selectorOf } from '../../src/main/prometheus/promImport';
import { prometheusMetric } from '../../src/shared/prometheus';
import { type PromMatrixSeries, PromRangeAssembler } from '../../src/shared/promImport/assemble';
import { promMapping } from '../../src/shared/promImport/names';
import { builtinRegistry } from '../../src/shared/registry';

/*
 * The pure half of the Prometheus import on answers recorded from Prometheus 2.42 scraping a
 * qBittorrent exporter (test/fixtures/prometheus), and the name maps as data.
 */

const FIX = new URL('../fixtures/prometheus/', import.meta.url);
const matrix = JSON.parse(readFileSync(new URL('query_range-download_rate.json', FIX), 'utf8')).data
  .result as PromMatrixSeries[];
const ctx = (o: Partial<ConstructorParameters<typeof PromRangeAssembler>[0]> = {}) => ({
  server: 'http://127.0.0.1:9090',
  query: '{instance="127.0.0.1:9101"}',
  instance: '127.0.0.1:9101',
  from: 1796178088.674,
  to: 1796178178.674,
  stepS: 2,
  id: 'qbt',
  appVersion: 'test',
  ...o,
});

describe('PromRangeAssembler', () => {
  it('maps a qBittorrent exporter’s series onto ours and keeps the rest as extra columns', () => {
    const a = new PromRangeAssembler(ctx());
    a.add(matrix);
    a.add([
      {
        metric: { __name__: 'scrape_duration_seconds', instance: '127.0.0.1:9101', job: 'x' },
        values: [[1796178088.674, '0.01']],
      },
    ]);
    const { data, report } = a.finish({ scrape_duration_seconds: 'gauge' });
    expect(report.mapped).toContainEqual({ from: 'qbittorrent_download_rate_bytes', to: 'bw.download_rate' });
    expect(report.kept).toEqual(['scrape_duration_seconds']);
    const i = data.meta.registry.findIndex((e) => e.name === 'bw.download_rate');
    expect(Array.from(data.columns[i] as Float64Array).slice(0, 3)).toEqual([0, 855389, 546171]);
    expect(data.length).toBe(46);
    expect(data.meta.intervalMs).toBe(2000);
    expect(data.meta.notReported[String(0)]).toMatch(/qbittorrent-exporter/);
    expect(data.meta.source?.label).toBe('Prometheus http://127.0.0.1:9090 · 127.0.0.1:9101');
  });

  it('a step without a sample is a null, a run of them one null row, and leading/trailing ones are dropped', () => {
    const a = new PromRangeAssembler(ctx({ from: 0, to: 20, stepS: 1 }));
    const s = (name: string, pts: [number, string][]): PromMatrixSeries => ({
      metric: { __name__: name },
      values: pts,
    });
    a.add([
      s('tidegauge_net_recv_bytes_total', [
        [2, '10'],
        [3, '20'],
        [10, '5'],
        [11, '15'],
      ]),
    ]);
    const { data, report } = a.finish();
    expect(Array.from(data.t)).toEqual([2000, 3000, 4000, 10000, 11000]);
    const recv = data.columns[1] as Float64Array;
    expect(Number.isNaN(recv[2] as number)).toBe(true);
    expect(report.notes.join(' ')).toMatch(/1 counter resets .* 1 gaps/);
  });

  it('refuses a range without samples, naming the query and range', () => {
    expect(() => new PromRangeAssembler(ctx()).finish()).toThrow(
      /no samples of \{instance="127\.0\.0\.1:9101"\} between/,
    );
  });
});

describe('name maps', () => {
  it('invert our own exposition for every metric, units included (µs exported in seconds come back in µs)', () => {
    for (const e of builtinRegistry()) {
      const p = prometheusMetric(e);
      const m = promMapping(p.name);
      expect(m?.to, p.name).toBe(e.name);
      expect(m?.factor).toBe(p.divisor);
    }
    expect(promMapping('tidegauge_disk_job_time_seconds_total')).toMatchObject({ to: 'disk.job_time_us', factor: 1e6 });
  });

  it('know the Deluge exporter’s libtorrent counters', () => {
    expect(promMapping('deluge_libtorrent_net_recv_bytes')).toMatchObject({
      to: 'net.bytes_recv',
      exporter: 'deluge_exporter',
    });
  });
});

describe('addresses, selectors and times', () => {
  it('keeps credentials out of the server it shows', () => {
    const t = parsePromAddress('prometheus://u:p%40ss@prom.example:9090/sub/?instance=a:1');
    expect(t.server).toBe('http://prom.example:9090/sub');
    expect(t.authorization).toBe(`Basic ${Buffer.from('u:p@ss').toString('base64')}`);
    expect(t.params.get('instance')).toBe('a:1');
    expect(parsePromAddress('prometheus+https://h').server).toBe('https://h');
  });
  it.each([
    ['instance="a:1"', [], '{instance="a:1"}'],
    ['{job="x"}', ['instance="b"'], '{job="x",instance="b"}'],
    ['up', ['instance="b"'], 'up{instance="b"}'],
    [undefined, [], '{__name__=~".+"}'],
  ] as const)('selectorOf(%s)', (m, extra, want) => {
    expect(selectorOf(m, [...extra])).toBe(want);
  });
  it('reads epoch seconds, ISO 8601 and now-relative times', () => {
    expect(parsePromTime('1700000000')).toBe(1_700_000_000);
    expect(parsePromTime('2023-11-14T22:13:20Z')).toBe(1_700_000_000);
    expect(parsePromTime('now-1h', 10_000)).toBe(6400);
    expect(() => parsePromTime('yesterday')).toThrow(/not a time/);
  });
});
