import { type CounterRun, foldCounter, startRun } from '../../../shared/counterFold';
import { builtinRegistry } from '../../../shared/registry';
import { type ExtraMetric, MAX_EXTRA_COLUMNS, type SourceExtras } from '../../../shared/session/extras';
import type { Connected, Reading, RemoteAdapter } from './adapter';

const OURS = new Set(builtinRegistry().map((e) => e.name));

/**
 * A remote engine's metrics beyond ours (adapter.extras): the registry names none of our names
 * maps onto, learnt on each connection, and their values from the latest reading, for the
 * recorder's extra columns and the live stream. Names the adapter maps, or that are ours, are
 * never extras. Counters are handed on as totals that never go down (shared/counterFold): a
 * daemon that restarts counts from 0 again, and the session's total goes on from where it was,
 * as our own counters do. Gauges are handed on as read.
 */
export class RemoteExtras {
  private current: SourceExtras | null = null;
  /** Each counter's run by name, kept across connections: a reconnect is where a restart shows. */
  private readonly runs = new Map<string, CounterRun>();
  /** The current list's counters' names (null: a gauge), by position. */
  private counterNames: readonly (string | null)[] = [];

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
    // A counter the engine no longer lists starts afresh should it come back.
    const names = new Set(metrics.map((m) => m.name));
    for (const n of [...this.runs.keys()]) if (!names.has(n)) this.runs.delete(n);
    this.counterNames = metrics.map((m) => (m.kind === 'counter' ? m.name : null));
    // A new list object per connection: the recorder maps by name again only then.
    this.current = { section: spec.section, metrics, values: new Float64Array(metrics.length).fill(Number.NaN) };
  }

  take(r: Reading): void {
    const x = this.current;
    if (!x) return;
    x.metrics.forEach((m, i) => {
      const v = r.values.get(m.name);
      if (v === undefined || !Number.isFinite(v)) {
        x.values[i] = Number.NaN;
        return;
      }
      const counter = this.counterNames[i];
      if (!counter) {
        x.values[i] = v;
        return;
      }
      let run = this.runs.get(counter);
      if (run) foldCounter(run, v);
      else {
        run = startRun(v);
        this.runs.set(counter, run);
      }
      x.values[i] = run.total;
    });
  }

  get(): SourceExtras | null {
    return this.current;
  }
}
