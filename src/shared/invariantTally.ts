import {
  type InvariantOptions,
  type InvariantSamples,
  runInvariants,
  type Violation,
  type ViolationSink,
} from './invariants';
import type { RegistryEntry } from './registry-types';

// The tallies of invariant violations (src/shared/invariants.ts has the rules): what the host's
// status carries live, and what a saved session's findings read.

/** How a session's samples fared against the invariants: the host's live tally, or a file's. */
export interface InvariantTally {
  /** Samples checked. */
  readonly checked: number;
  /** Violations found in them. */
  readonly violations: number;
  /** The most recent violations (at most MAX_RECENT_VIOLATIONS), oldest first. */
  readonly recent: readonly Violation[];
  /** Violations per set of metrics involved (their names joined by ','), over all checked samples. */
  readonly byMetrics: Readonly<Record<string, number>>;
  /**
   * When they happened: violation times merged into ranges (SPAN_GAP_MS apart at most), the
   * latest MAX_SPANS of them, for the findings' ranges. Absent in tallies from before.
   */
  readonly spans?: readonly { readonly from: number; readonly to: number }[];
}

export const SPAN_GAP_MS = 5_000;
export const MAX_SPANS = 200;

/** Add violation times (in increasing order) to merged spans, keeping the latest MAX_SPANS. */
export function addSpans(
  into: { from: number; to: number }[],
  times: ArrayLike<number>,
): { from: number; to: number }[] {
  for (let k = 0; k < times.length; k++) {
    const t = times[k] as number;
    const last = into[into.length - 1];
    if (last && t >= last.from && t - last.to <= SPAN_GAP_MS) last.to = Math.max(last.to, t);
    else into.push({ from: t, to: t });
  }
  if (into.length > MAX_SPANS) into.splice(0, into.length - MAX_SPANS);
  return into;
}

export const MAX_RECENT_VIOLATIONS = 20;

export const NO_VIOLATIONS: InvariantTally = { checked: 0, violations: 0, recent: [], byMetrics: {} };

/** Add violations to a per-metrics count (InvariantTally.byMetrics). */
export function countByMetrics(into: Record<string, number>, violations: readonly Violation[]): Record<string, number> {
  for (const v of violations) {
    const key = v.metrics.join(',');
    into[key] = (into[key] ?? 0) + 1;
  }
  return into;
}

/**
 * What a tally keeps of the violations as the rules report them: counts per set of metrics,
 * the spans and the latest few. Nothing per violation outlives the call, so a file that breaks
 * a rule at every one of its 86,400 samples costs little more than the rules' loops.
 */
class TallySink implements ViolationSink {
  count = 0;
  /** Per metrics array (each rule passes the same array for every sample): its key and count. */
  private readonly counts = new Map<readonly string[], { key: string; n: number }>();
  private last: { metrics: readonly string[]; entry: { key: string; n: number } } | null = null;
  /**
   * Spans of each run of reports in time order (a rule reports one set of metrics sample by
   * sample), merged across runs at the end: the same spans as those of every time sorted.
   */
  private readonly runs: { from: number; to: number }[] = [];
  private span: { from: number; to: number } | null = null;
  /** The latest violations seen so far, in the order reported, pruned now and then. */
  private recent: Violation[] = [];
  /** Once pruned: the oldest of the latest kept; anything earlier cannot be among the latest. */
  private floor = Number.NEGATIVE_INFINITY;

  add(rule: string, metrics: readonly string[], t: number, detail: () => string): void {
    this.count++;
    let entry = this.last?.metrics === metrics ? this.last.entry : this.counts.get(metrics);
    if (entry === undefined) {
      entry = { key: metrics.join(','), n: 0 };
      this.counts.set(metrics, entry);
    }
    entry.n++;
    this.last = { metrics, entry };
    const span = this.span;
    if (span && t >= span.to && t - span.to <= SPAN_GAP_MS) span.to = t;
    else {
      this.span = { from: t, to: t };
      this.runs.push(this.span);
    }
    // Only a candidate for the latest few gets its detail written.
    if (t < this.floor) return;
    this.recent.push({ rule, metrics, t, detail: detail() });
    if (this.recent.length >= 4 * MAX_RECENT_VIOLATIONS) {
      this.recent = this.latest();
      this.floor = (this.recent[0] as Violation).t;
    }
  }

  byMetrics(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const { key, n } of this.counts.values()) out[key] = (out[key] ?? 0) + n;
    return out;
  }

  /** The latest MAX_RECENT_VIOLATIONS by time (reporting order among equal times), oldest first. */
  latest(): Violation[] {
    return [...this.recent].sort((a, b) => a.t - b.t).slice(-MAX_RECENT_VIOLATIONS);
  }

  /** addSpans over every time, from the runs' spans: merged where they overlap or are SPAN_GAP_MS apart at most. */
  spans(): { from: number; to: number }[] {
    const out: { from: number; to: number }[] = [];
    for (const s of [...this.runs].sort((a, b) => a.from - b.from)) {
      const last = out[out.length - 1];
      if (last && s.from - last.to <= SPAN_GAP_MS) last.to = Math.max(last.to, s.to);
      else out.push({ ...s });
    }
    return out.length > MAX_SPANS ? out.slice(-MAX_SPANS) : out;
  }
}

/** The tally of a whole set of samples (a file, a replay). */
export function tallyInvariants(
  registry: readonly RegistryEntry[],
  samples: InvariantSamples,
  options: InvariantOptions = {},
): InvariantTally {
  const sink = new TallySink();
  runInvariants(registry, samples, options, sink);
  return {
    checked: samples.t.length,
    violations: sink.count,
    recent: sink.latest(),
    byMetrics: sink.byMetrics(),
    spans: sink.spans(),
  };
}

/**
 * What concerns a panel that draws these metrics (directly or through a derived series): how
 * many violations named one of them, and the most recent of those.
 */
export function violationsOf(
  metricNames: ReadonlySet<string>,
  tally: InvariantTally,
): { count: number; recent: Violation[] } {
  let count = 0;
  for (const [key, n] of Object.entries(tally.byMetrics))
    if (key.split(',').some((m) => metricNames.has(m))) count += n;
  return { count, recent: tally.recent.filter((v) => v.metrics.some((m) => metricNames.has(m))) };
}
