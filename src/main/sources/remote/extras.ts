import { builtinRegistry } from '../../../shared/registry';
import { type ExtraMetric, MAX_EXTRA_COLUMNS, type SourceExtras } from '../../../shared/session/extras';
import type { Connected, Reading, RemoteAdapter } from './adapter';

const OURS = new Set(builtinRegistry().map((e) => e.name));

/**
 * A remote engine's metrics beyond ours (adapter.extras): the registry names none of our names
 * maps onto, learnt on each connection, and their values from the latest reading, for the
 * recorder's extra columns. Names the adapter maps, or that are ours, are never extras.
 */
export class RemoteExtras {
  private current: SourceExtras | null = null;

  constructor(private readonly adapter: RemoteAdapter) {}

  learn(c: Connected): void {
    const spec = this.adapter.extras;
    if (!spec) return;
    const mapped = new Set(Object.values(this.adapter.mapping.names));
    const metrics: ExtraMetric[] = [];
    const seen = new Set<string>();
    for (const e of c.registry) {
      if (metrics.length >= MAX_EXTRA_COLUMNS) break;
      if (seen.has(e.name) || mapped.has(e.name) || OURS.has(e.name) || !spec.keep(e.name)) continue;
      seen.add(e.name);
      metrics.push({ name: e.name, kind: e.kind });
    }
    // A new list object per connection: the recorder maps by name again only then.
    this.current = { section: spec.section, metrics, values: new Float64Array(metrics.length).fill(Number.NaN) };
  }

  take(r: Reading): void {
    const x = this.current;
    if (!x) return;
    x.metrics.forEach((m, i) => {
      const v = r.values.get(m.name);
      x.values[i] = v !== undefined && Number.isFinite(v) ? v : Number.NaN;
    });
  }

  get(): SourceExtras | null {
    return this.current;
  }
}
