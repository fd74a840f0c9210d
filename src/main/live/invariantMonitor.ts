import { checkInvariants, type RateWindow, type Violation } from '../../shared/invariants';
import {
  addSpans,
  countByMetrics,
  type InvariantTally,
  MAX_RECENT_VIOLATIONS,
  NO_VIOLATIONS,
} from '../../shared/invariantTally';
import type { RegistryEntry } from '../../shared/registry-types';
import type { Snapshot } from '../../shared/snapshot';

/** Samples older than this before the newest are not needed by any rule (rates: about 3 windows). */
const HISTORY_WINDOWS = 3;
const MIN_HISTORY = 3;

/**
 * The invariants, checked live on every sample as the host takes it: a violated one is a
 * contradiction the dashboard would otherwise show silently (payload above wire, a counter that
 * went backwards). Each sample is checked once, against the few samples before it that the
 * rules look back over, so the cost per sample stays flat however long the session runs.
 */
export class InvariantMonitor {
  private readonly window: Snapshot[] = [];
  private checked = 0;
  private violations = 0;
  private recent: Violation[] = [];
  private readonly byMetrics: Record<string, number> = {};
  private readonly spans: { from: number; to: number }[] = [];

  constructor(private readonly registry: readonly RegistryEntry[]) {}

  private rateWindow: RateWindow | null = null;
  /** Metrics the source does not report: their slots hold zeros that mean nothing. */
  private unreported: ReadonlySet<number> = new Set();
  private active = false;

  /**
   * A new source (null: none, nothing to check): its samples are checked on their own, with its
   * rate window if it declares one, and without the metrics it does not report.
   */
  reset(source: { rateWindow?: RateWindow; notReported: ReadonlyMap<number, unknown> } | null): void {
    this.active = source !== null;
    this.rateWindow = source?.rateWindow ?? null;
    this.unreported = new Set(source?.notReported.keys() ?? []);
    this.window.length = 0;
  }

  /** Check the newest sample; returns the violations it brought (none, usually). */
  observe(s: Snapshot): readonly Violation[] {
    if (!this.active) return [];
    const w = this.window;
    w.push(s);
    const span = (this.rateWindow?.windowMs ?? 0) * HISTORY_WINDOWS;
    while (w.length > MIN_HISTORY && s.t - (w[1] as Snapshot).t > span) w.shift();
    this.checked++;
    const found = checkInvariants(this.registry, this.columns(), { rateWindow: this.rateWindow }).filter(
      (v) => v.t === s.t,
    );
    if (found.length === 0) return found;
    this.violations += found.length;
    this.recent = [...this.recent, ...found].slice(-MAX_RECENT_VIOLATIONS);
    countByMetrics(this.byMetrics, found);
    addSpans(this.spans, [s.t]);
    return found;
  }

  tally(): InvariantTally {
    return this.checked === 0
      ? NO_VIOLATIONS
      : {
          checked: this.checked,
          violations: this.violations,
          recent: this.recent,
          byMetrics: { ...this.byMetrics },
          spans: this.spans.map((r) => ({ ...r })),
        };
  }

  private columns() {
    const w = this.window;
    const width = this.registry.length;
    const columns = Array.from({ length: width }, (_, i) =>
      this.unreported.has(i)
        ? new Float64Array(w.length).fill(Number.NaN)
        : Float64Array.from(w, (s) => s.values[i] ?? Number.NaN),
    );
    return { t: w.map((s) => s.t), columns };
  }
}
