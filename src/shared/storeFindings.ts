import { type Finding, type FindingsInput, findings } from './findings';
import type { SeriesStore } from './series';

/**
 * The findings of what a SeriesStore holds (the live view's whole session so far), read at the
 * finest level that fits `maxPoints`: a day at 10 Hz is read from 5 s buckets, not 864,000 raw
 * samples, so the cost stays flat however long the engine has run. Counters are read at bucket
 * ends and gauges as bucket means, which is what the rules' differences and thresholds expect.
 */
export function storeFindings(
  store: SeriesStore,
  /** The session's caps and the host's invariant tally over the same samples. */
  context: Pick<FindingsInput, 'limits' | 'invariants'> = {},
  maxPoints = 20_000,
): Finding[] {
  const registry = store.registry;
  if (store.empty) return [];
  const view = store.window({ from: store.startT, to: store.endT, maxPoints, oversample: 1 });
  if (view.length < 2) return [];
  const columns = registry.map((_, i) => view.values(i));
  return findings({ ...context, registry, length: view.length, t: view.t, columns });
}
