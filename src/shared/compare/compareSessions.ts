import { columnRates } from '../rates';
import type { SessionData } from '../session/data';
import { type Alignment, alignmentOrigin, completeTime, EVENT_LABELS, type Marker } from './align';
import { counterTotal, type Distribution, distribution } from './stats';

/** Which way is good for a metric: coloured green when it moves that way against the baseline. */
export type Better = 'lower' | 'higher' | 'neutral';

const LOWER = [
  /latency/,
  /waste/,
  /hashfail/,
  /eviction/,
  /failure/,
  /reject/,
  /error/,
  /banned/,
  /blocked/,
  /_us$/,
  /_ms$/,
  /queue_depth/,
  /acquire_none/,
  /half_open/,
  /cache_misses/,
  /paused_by_auto/,
  /steals/,
  /rechoke/,
];
const HIGHER = [/bytes_(sent|recv)/, /_rate/, /total_(up|down)loaded/, /pieces_/, /cache_hits/, /peers_connected/];

export function betterDirection(name: string): Better {
  if (LOWER.some((r) => r.test(name))) return 'lower';
  if (HIGHER.some((r) => r.test(name))) return 'higher';
  return 'neutral';
}

export interface CompareInput {
  readonly id: string;
  readonly title: string;
  readonly data: SessionData;
  readonly markers?: readonly Marker[];
  /** Extra shift in ms applied after alignment (the user's nudge). */
  readonly nudgeMs?: number;
}

export interface CompareOptions {
  /** Index into the inputs of the baseline session (default 0). */
  readonly baseline?: number;
  readonly alignment?: Alignment;
}

/** Why a session has no figures for a metric. */
export type Missing = 'not in registry' | 'not reported' | 'no diagnostics';

export interface Figures extends Distribution {
  /** Counters: what the counter added over the compared span. Gauges: null. */
  readonly total: number | null;
}

export interface Delta {
  readonly abs: number;
  /** % change against the baseline; null where the baseline is 0. */
  readonly pct: number | null;
  /** Whether the change is good, bad or neither for this metric. */
  readonly verdict: 'better' | 'worse' | 'same' | 'neutral';
}

export interface CompareRow {
  readonly name: string;
  readonly kind: 'counter' | 'gauge';
  readonly unit: string;
  readonly category: string;
  readonly diagnostic: boolean;
  readonly better: Better;
  /** Per session: the figures, or why there are none. Counters' distribution is of their rate. */
  readonly sessions: readonly (Figures | Missing)[];
  /** Per session: change of the headline figure (counters: total; gauges: mean) against the baseline. */
  readonly deltas: readonly (Delta | null)[];
}

export interface CompareSessionInfo {
  readonly id: string;
  readonly title: string;
  /** Aligned origin, ms on the session's clock (null when alignment failed: then its start). */
  readonly origin: number;
  readonly alignmentError: string | null;
  readonly durationS: number;
  /** Seconds from the session's first sample to download complete, or null. */
  readonly timeToCompleteS: number | null;
  readonly hasDiagnostics: boolean;
  readonly samples: number;
}

export interface Comparison {
  readonly baseline: number;
  readonly alignment: Alignment;
  readonly sessions: readonly CompareSessionInfo[];
  readonly rows: readonly CompareRow[];
  /** Metrics that exist in some sessions' registries only: name -> indices of the sessions that have it. */
  readonly onlyIn: readonly { name: string; sessions: number[] }[];
}

/** Headline figure of a row: what its delta compares. */
export function headline(f: Figures): number {
  return f.total ?? f.mean;
}

function verdictOf(better: Better, abs: number): Delta['verdict'] {
  if (better === 'neutral') return 'neutral';
  if (abs === 0) return 'same';
  return (better === 'higher') === abs > 0 ? 'better' : 'worse';
}

function firstIndexAtOrAfter(t: ArrayLike<number>, origin: number): number {
  let i = 0;
  while (i < t.length && (t[i] as number) < origin) i++;
  return i;
}

/**
 * The summary table of 2–4 sessions: for every metric name in any session, per-session total
 * (counters), mean / p50 / p95 / max (counter rates, gauge values), and the change against the
 * baseline. Sessions from different registries are matched by metric name; figures are taken
 * from each session's aligned origin to its end.
 */
export function compareSessions(inputs: readonly CompareInput[], options: CompareOptions = {}): Comparison {
  if (inputs.length < 2 || inputs.length > 4)
    throw new RangeError(`compare takes 2 to 4 sessions, got ${inputs.length}`);
  const baseline = options.baseline ?? 0;
  if (!Number.isInteger(baseline) || baseline < 0 || baseline >= inputs.length) {
    throw new RangeError(`baseline must be a session number from 1 to ${inputs.length}`);
  }
  const alignment = options.alignment ?? { kind: 'start' };

  const infos: CompareSessionInfo[] = inputs.map((s) => {
    const a = alignmentOrigin(s.data, s.markers ?? [], alignment);
    const start = s.data.length ? (s.data.t[0] as number) : 0;
    const end = s.data.length ? (s.data.t[s.data.length - 1] as number) : 0;
    const done = completeTime(s.data);
    return {
      id: s.id,
      title: s.title,
      origin: (a.ok ? a.origin : start) - (s.nudgeMs ?? 0),
      alignmentError: a.ok ? null : a.error,
      durationS: (end - start) / 1000,
      timeToCompleteS: done === null ? null : (done - start) / 1000,
      hasDiagnostics: s.data.diagnostics.some((d) => d === 1),
      samples: s.data.length,
    };
  });

  // Union of names in first-seen order, baseline first.
  const order = [baseline, ...inputs.keys()].filter((v, i, a) => a.indexOf(v) === i);
  const names: string[] = [];
  const seen = new Set<string>();
  for (const k of order) {
    for (const e of (inputs[k] as CompareInput).data.meta.registry) {
      if (!seen.has(e.name)) {
        seen.add(e.name);
        names.push(e.name);
      }
    }
  }
  const lookup = inputs.map((s) => new Map(s.data.meta.registry.map((e, i) => [e.name, i])));

  // Where each session's compared span starts, and one buffer for every counter's rates.
  const starts = inputs.map((s, k) => firstIndexAtOrAfter(s.data.t, (infos[k] as CompareSessionInfo).origin));
  const rateScratch = new Float64Array(Math.max(0, ...inputs.map((s) => s.data.length)));
  const rows: CompareRow[] = [];
  const onlyIn: { name: string; sessions: number[] }[] = [];
  for (const name of names) {
    const having = inputs.flatMap((_, k) => (lookup[k]?.has(name) ? [k] : []));
    if (having.length < inputs.length) onlyIn.push({ name, sessions: having });
    const firstK = having[0] as number;
    const entry = (inputs[firstK] as CompareInput).data.meta.registry[lookup[firstK]?.get(name) as number];
    if (!entry) continue;
    const diagnostic = entry.diagnostic === true;
    const better = betterDirection(name);

    const figures = inputs.map((s, k): Figures | Missing => {
      const from = starts[k] as number;
      const i = lookup[k]?.get(name);
      if (i === undefined) return 'not in registry';
      if (String(i) in s.data.meta.notReported) return 'not reported';
      if (diagnostic && !infos[k]?.hasDiagnostics) return 'no diagnostics';
      const t = s.data.t.subarray(from);
      let col = (s.data.columns[i] as Float64Array).subarray(from);
      if (diagnostic) {
        // Only samples taken while diagnostics were on mean anything for a diagnostic metric.
        const on = s.data.diagnostics.subarray(from);
        col = col.map((v, r) => (on[r] === 1 ? v : Number.NaN));
      }
      if (entry.kind === 'counter') {
        return { ...distribution(columnRates(t, col, rateScratch)), total: counterTotal(col) };
      }
      return { ...distribution(col), total: null };
    });

    const base = figures[baseline];
    const deltas = figures.map((f, k): Delta | null => {
      if (k === baseline || typeof f === 'string' || typeof base === 'string' || base === undefined) return null;
      const b = headline(base);
      const v = headline(f);
      if (!Number.isFinite(b) || !Number.isFinite(v)) return null;
      const abs = v - b;
      return { abs, pct: b === 0 ? null : (abs / Math.abs(b)) * 100, verdict: verdictOf(better, abs) };
    });

    rows.push({
      name,
      kind: entry.kind,
      unit: entry.unit,
      category: entry.category ?? 'other',
      diagnostic,
      better,
      sessions: figures,
      deltas,
    });
  }
  return { baseline, alignment, sessions: infos, rows, onlyIn };
}

export function describeAlignment(a: Alignment): string {
  if (a.kind === 'start') return 'elapsed time from each session’s start';
  if (a.kind === 'event') return `elapsed time from each session’s ${EVENT_LABELS[a.event]}`;
  return `elapsed time from the marker “${a.name}”`;
}
