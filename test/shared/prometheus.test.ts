import { describe, expect, it } from 'vitest';
import { toPrometheusText } from '../../src/shared/prometheus';
import { builtinRegistry, NUM_METRICS } from '../../src/shared/registry';

/** A small parser of the text format, enough to check that what we serve is well formed. */
function parse(text: string) {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  const helps = new Set<string>();
  for (const line of text.trimEnd().split('\n')) {
    let m = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge)$/.exec(line);
    if (m) {
      types.set(m[1] as string, m[2] as string);
      continue;
    }
    m = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$/.exec(line);
    if (m) {
      helps.add(m[1] as string);
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*) (-?[0-9.e+]+|NaN|[+-]Inf)$/.exec(line);
    if (!m) throw new Error(`not a valid exposition line: ${line}`);
    samples.set(m[1] as string, Number(m[2]));
  }
  return { samples, types, helps };
}

describe('Prometheus text', () => {
  const reg = builtinRegistry();
  const values = Float64Array.from({ length: NUM_METRICS }, (_, i) => i * 10);

  it('exports every metric with HELP and TYPE; counters end in _total', () => {
    const { samples, types, helps } = parse(toPrometheusText(reg, values));
    expect(samples.size).toBe(NUM_METRICS);
    expect(samples.get('tidegauge_net_bytes_recv_total')).toBe(10);
    expect(types.get('tidegauge_net_bytes_recv_total')).toBe('counter');
    expect(samples.get('tidegauge_net_num_connections')).toBe(20);
    expect(types.get('tidegauge_net_num_connections')).toBe('gauge');
    expect(helps.size).toBe(NUM_METRICS);
  });

  it('leaves out what the source does not report', () => {
    const { samples } = parse(toPrometheusText(reg, values, (i) => i >= 70));
    expect(samples.size).toBe(70);
    expect(samples.has('tidegauge_dispatch_acquire_total_total')).toBe(false);
  });
});
