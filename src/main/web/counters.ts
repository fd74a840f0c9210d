import type { MetricKind } from '../../shared/registry-types';
import type { StatsHost } from '../live/statsHost';

/** One metric of GET /api/v1/session/counters: irontide's {name, kind, value}, null when not reported. */
export interface CounterJson {
  readonly name: string;
  readonly kind: MetricKind;
  /** null: the source cannot report this metric (never a made-up 0). */
  readonly value: number | null;
  /** Why the value is null. */
  readonly reason?: string;
}

/** Every metric in index order, the shape irontide's daemon serves, with "not reported" said as null. */
export function countersJson(host: StatsHost): CounterJson[] {
  const values = host.counters.snapshot();
  const missing = host.notReported();
  return host.registry.map((e, i) => {
    const reason = missing[i];
    return reason === undefined
      ? { name: e.name, kind: e.kind, value: values[i] ?? null }
      : { name: e.name, kind: e.kind, value: null, reason };
  });
}
