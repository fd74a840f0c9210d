import { prometheusName } from '../../src/shared/prometheus';
import { builtinRegistry, metricIndex } from '../../src/shared/registry';

/*
 * Synthetic samples of one instance in OpenMetrics text, for `promtool tsdb create-blocks-from
 * openmetrics` (tests and bench/prometheus-import.ts): a byte counter with a reset, a µs
 * counter (exported in seconds as our /metrics does), a gauge, a series no table knows, and
 * optionally a hole where the target was down.
 */

export interface Synthetic {
  readonly instance: string;
  /** Epoch seconds of the first sample. */
  readonly start: number;
  readonly stepS: number;
  readonly count: number;
  /** Sample index at which the byte counter resets (the exporter restarted), or -1. */
  readonly resetAt: number;
  /** Sample indices [a, b) with no sample at all. */
  readonly hole: readonly [number, number] | null;
  /** Also every other non-diagnostic metric of ours, as a real serve exports them (bench). */
  readonly allMetrics?: boolean;
}

const name = (n: string) => prometheusName(builtinRegistry()[metricIndex(n)] as never);
export const RECV = name('net.bytes_recv');
export const JOB_TIME = name('disk.job_time_us');
export const CONNECTIONS = name('net.num_connections');
export const EXTRA = 'synthetic_extra_total';

/** The byte counter's value at sample k: 1000 a step, from 500 again after the reset. */
export function recvAt(s: Synthetic, k: number): number {
  return s.resetAt >= 0 && k >= s.resetAt ? 500 + 1000 * (k - s.resetAt) : 1000 * k;
}

export function syntheticOpenMetrics(s: Synthetic): string {
  const labels = `{instance="${s.instance}",job="backfill"}`;
  const out: string[] = [];
  const family = (fam: string, type: string, sample: string, value: (k: number) => number) => {
    out.push(`# TYPE ${fam} ${type}`);
    for (let k = 0; k < s.count; k++) {
      if (s.hole && k >= s.hole[0] && k < s.hole[1]) continue;
      out.push(`${sample}${labels} ${value(k)} ${s.start + k * s.stepS}`);
    }
  };
  family(RECV.replace(/_total$/, ''), 'counter', RECV, (k) => recvAt(s, k));
  family(JOB_TIME.replace(/_total$/, ''), 'counter', JOB_TIME, (k) => k * 0.25);
  family(CONNECTIONS, 'gauge', CONNECTIONS, (k) => k % 50);
  family(EXTRA.replace(/_total$/, ''), 'counter', EXTRA, (k) => k);
  if (s.allMetrics)
    builtinRegistry().forEach((e, i) => {
      const n = prometheusName(e);
      if (e.diagnostic || [RECV, JOB_TIME, CONNECTIONS].includes(n)) return;
      if (e.kind === 'counter') family(n.replace(/_total$/, ''), 'counter', n, (k) => k * (i + 1));
      else family(n, 'gauge', n, (k) => k % (i + 2));
    });
  out.push('# EOF', '');
  return out.join('\n');
}
