import { describe, expect, it } from 'vitest';
import { prometheusMetric, prometheusName, toPrometheusText } from '../../src/shared/prometheus';
import { builtinRegistry, metricIndex, NUM_METRICS } from '../../src/shared/registry';
import type { RegistryEntry } from '../../src/shared/registry-types';
import { hasPromtool, parseExposition, promtool } from '../helpers/promtool';

const reg = builtinRegistry();
const ALL = { notReported: {}, diagnostics: true };

describe('Prometheus names', () => {
  it.each([
    ['net.bytes_sent', 'tidegauge_net_sent_bytes_total'],
    ['disk.read_bytes', 'tidegauge_disk_read_bytes_total'],
    ['disk.write_buffer_bytes', 'tidegauge_disk_write_buffer_bytes'],
    ['bw.total_downloaded', 'tidegauge_bw_downloaded_bytes_total'],
    ['bw.upload_rate', 'tidegauge_bw_upload_bytes_per_second'],
    ['bw.payload_download_rate', 'tidegauge_bw_payload_download_bytes_per_second'],
    ['disk.job_time_us', 'tidegauge_disk_job_time_seconds_total'],
    ['first_block.latency_sum_us', 'tidegauge_first_block_latency_seconds_total'],
    ['peer.lifetime_sum_ms', 'tidegauge_peer_lifetime_seconds_total'],
    ['ses.uptime_secs', 'tidegauge_ses_uptime_seconds'],
    ['dispatch.acquire_total', 'tidegauge_dispatch_acquire_total'],
    ['piece.steals_total', 'tidegauge_piece_steals_total'],
    ['net.num_connections', 'tidegauge_net_num_connections'],
    ['proto.hashfails', 'tidegauge_proto_hashfails_total'],
  ])('%s -> %s', (name, want) => {
    expect(prometheusName(reg[metricIndex(name)] as RegistryEntry)).toBe(want);
  });

  it('gives every built-in metric its own name, _total once on counters and never on gauges', () => {
    const names = reg.map(prometheusName);
    expect(new Set(names).size).toBe(NUM_METRICS);
    expect(names.filter((n) => n.endsWith('_total_total'))).toEqual([]);
    for (const [i, e] of reg.entries()) expect(names[i]?.endsWith('_total'), e.name).toBe(e.kind === 'counter');
    // No abbreviated units left in a name (promtool's lint).
    expect(names.filter((n) => /_(us|ms|secs?)(_|$)/.test(n))).toEqual([]);
  });

  it('writes foreign names in snake_case and says an unknown unit in HELP', () => {
    const e: RegistryEntry = { name: 'peer.errorPeers', kind: 'gauge', unit: 'peers' };
    expect(prometheusMetric(e)).toMatchObject({ name: 'tidegauge_peer_error_peers', divisor: 1 });
    expect(prometheusMetric(e).help).toBe('peer.errorPeers. Unit: peers. Tidegauge metric peer.errorPeers.');
  });
});

describe('Prometheus text', () => {
  const values = Float64Array.from({ length: NUM_METRICS }, (_, i) => i * 10);

  it('exports every metric with HELP and TYPE, values in base units', () => {
    values[metricIndex('disk.job_time_us')] = 9_150_000;
    values[metricIndex('peer.lifetime_sum_ms')] = 2500;
    const { samples, types, helps } = parseExposition(toPrometheusText(reg, values, ALL));
    expect(samples.size).toBe(NUM_METRICS);
    expect(samples.get('tidegauge_net_recv_bytes_total')).toBe(10);
    expect(types.get('tidegauge_net_recv_bytes_total')).toBe('counter');
    expect(samples.get('tidegauge_net_num_connections')).toBe(20);
    expect(types.get('tidegauge_net_num_connections')).toBe('gauge');
    expect(samples.get('tidegauge_disk_job_time_seconds_total')).toBe(9.15);
    expect(samples.get('tidegauge_peer_lifetime_seconds_total')).toBe(2.5);
    expect(helps.size).toBe(NUM_METRICS);
  });

  it('has clean HELP texts: no "(counter)", converted units said, constants named as series', () => {
    const { helps } = parseExposition(toPrometheusText(reg, values, ALL));
    expect(helps.get('tidegauge_dispatch_acquire_total')).toBe(
      'Total AcquirePiece requests handled. Tidegauge metric dispatch.acquire_total.',
    );
    expect(helps.get('tidegauge_disk_job_time_seconds_total')).toBe(
      'Cumulative disk job time in seconds. Exported in seconds (the source counts microseconds). Tidegauge metric disk.job_time_us.',
    );
    expect(helps.get('tidegauge_peer_lifetime_seconds_total')).toContain(
      'Divide by tidegauge_peer_lifetime_count_total for mean connection duration.',
    );
    expect(helps.get('tidegauge_event_tx_high_water')).toContain('(M182 surface).');
    for (const [name, help] of helps) expect(help, name).not.toMatch(/\((counter|gauge)\)|microseconds spent|\s\s/);
  });

  it('leaves out what the source does not report', () => {
    const notReported = {
      [metricIndex('peer.num_web_seeds')]: 'no web seeds',
      [metricIndex('dispatch.acquire_total')]: 'x',
    };
    const { samples } = parseExposition(toPrometheusText(reg, values, { notReported, diagnostics: true }));
    expect(samples.size).toBe(NUM_METRICS - 2);
    expect(samples.has('tidegauge_peer_num_web_seeds')).toBe(false);
    expect(samples.has('tidegauge_dispatch_acquire_total')).toBe(false);
  });

  it('leaves out all 29 diagnostic metrics while diagnostics are off', () => {
    const diagnostic = reg.filter((e) => e.diagnostic).map(prometheusName);
    expect(diagnostic).toHaveLength(29);
    const { samples } = parseExposition(toPrometheusText(reg, values, { notReported: {}, diagnostics: false }));
    expect(samples.size).toBe(70);
    expect(diagnostic.filter((n) => samples.has(n))).toEqual([]);
  });

  it('exports one of two entries that would share a name, and nothing at all for an empty scope', () => {
    const twins: RegistryEntry[] = [
      { name: 'a.b_c', kind: 'gauge', unit: 'count' },
      { name: 'a.b.c', kind: 'gauge', unit: 'count' },
    ];
    expect(parseExposition(toPrometheusText(twins, [1, 2], ALL)).samples).toEqual(new Map([['tidegauge_a_b_c', 1]]));
    const none = Object.fromEntries(reg.map((_, i) => [i, 'no source']));
    expect(toPrometheusText(reg, values, { notReported: none, diagnostics: true })).toBe('');
  });

  it("passes promtool check metrics (needs Debian's prometheus for promtool; .ci/run installs it)", () => {
    expect(hasPromtool, 'promtool is missing: apt-get install prometheus').toBe(true);
    const r = promtool(toPrometheusText(reg, values, ALL));
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });
});
