import type { SessionData } from '../session/data';
import { type Alignment, alignmentOrigin, completeTime, EVENT_LABELS, type Marker } from './align';
import type { Better } from './better';
import type { HeadlineFigures } from './headline';
import { provenanceSettings } from './provenance';
import { counterFigures, type Distribution, distribution } from './stats';
import { counterSummary, levelSummary } from './summaryStats';
import { DEFAULT_MIN_REL, unitMinAbs } from './verdict';

export type { Better } from './better';

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
  /cache_misses/,
  /paused_by_auto/,
  /steals/,
  /rechoke/,
];
const HIGHER = [/bytes_(sent|recv)/, /_rate/, /total_(up|down)loaded/, /pieces_/, /cache_hits/];
/*
 * Levels that say how a run went, not whether it went well: more peers connected or half-open
 * connections may only mean a run stayed longer (issue 17: "Peers connected +66.7 % better" for
 * the slower run). They get no verdict.
 */
const NEUTRAL = [/half_open/, /peers_connected/, /num_peers/, /num_.*connections/, /uptime/];

export function betterDirection(name: string): Better {
  if (NEUTRAL.some((r) => r.test(name))) return 'neutral';
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
  /** Seconds of the compared span: aligned origin to the last sample. */
  readonly spanS: number;
  /** How the run was made (provenanceSettings: source, its version and settings, host, app). */
  readonly settings: Readonly<Record<string, string>>;
  /** Seconds from the session's first sample to download complete, or null. */
  readonly timeToCompleteS: number | null;
  readonly hasDiagnostics: boolean;
  readonly samples: number;
  /** Samples taken with diagnostics on (of the whole session). */
  readonly diagnosticSamples: number;
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

function verdictOf(better: Better, abs: number, base: number, unit: string): Delta['verdict'] {
  if (better === 'neutral') return 'neutral';
  // Below the minimum effect a change is noise, whichever way it went (verdict.ts).
  const minAbs = unitMinAbs(unit);
  if (abs === 0 || Math.abs(abs) < minAbs || (base !== 0 && Math.abs(abs / base) < DEFAULT_MIN_REL)) return 'same';
  return (better === 'higher') === abs > 0 ? 'better' : 'worse';
}

function firstIndexAtOrAfter(t: ArrayLike<number>, origin: number): number {
  let i = 0;
  while (i < t.length && (t[i] as number) < origin) i++;
  return i;
}

/** What a row needs to know about its metric (the first session that has it decides). */
export interface FigureEntry {
  readonly name: string;
  readonly kind: 'counter' | 'gauge';
  readonly unit: string;
  readonly category: string;
  readonly diagnostic: boolean;
}

/**
 * One session's figures for a comparison: its info and its figures for every metric it has, over
 * its compared span (aligned origin to end). Independent of the other sessions, so each can be
 * computed where its data is (a worker that just decoded the file) and the sessions' figures combined.
 * Plain data: it crosses threads and HTTP as JSON.
 */
export interface SessionFigures {
  readonly info: CompareSessionInfo;
  /** The session's metrics in registry order. */
  readonly entries: readonly FigureEntry[];
  /** Per entry (same order): figures, or why there are none. */
  readonly figures: readonly (Figures | Missing)[];
  /** Derived series by id: figures, or why there are none (derivedRows' sessionDerived). */
  readonly derived: Readonly<Record<string, Figures | Missing>>;
  /** Derived series by id: whether this session's inputs to it are diagnostic metrics. */
  readonly derivedDiagnostic: Readonly<Record<string, boolean>>;
  /** The headline figures over the compared span (headline.ts). */
  readonly headline: HeadlineFigures;
  /** The session's sample interval in s. */
  readonly intervalS: number;
}

export function sessionInfo(input: CompareInput, alignment: Alignment): CompareSessionInfo {
  const { data } = input;
  const a = alignmentOrigin(data, input.markers ?? [], alignment);
  const start = data.length ? (data.t[0] as number) : 0;
  const end = data.length ? (data.t[data.length - 1] as number) : 0;
  const done = completeTime(data);
  let diagnosticSamples = 0;
  for (let i = 0; i < data.length; i++) diagnosticSamples += data.diagnostics[i] === 1 ? 1 : 0;
  return {
    id: input.id,
    title: input.title,
    origin: (a.ok ? a.origin : start) - (input.nudgeMs ?? 0),
    spanS: (end - Math.max(start, (a.ok ? a.origin : start) - (input.nudgeMs ?? 0))) / 1000,
    settings: provenanceSettings(data.meta),
    alignmentError: a.ok ? null : a.error,
    durationS: (end - start) / 1000,
    timeToCompleteS: done === null ? null : (done - start) / 1000,
    hasDiagnostics: diagnosticSamples > 0,
    samples: data.length,
    diagnosticSamples,
  };
}

/** Index of the first sample at or after the origin: where the compared span starts. */
export function spanStart(data: SessionData, origin: number): number {
  return firstIndexAtOrAfter(data.t, origin);
}

/** The per-metric figures of one session (derived series: see derivedRows' sessionDerived). */
export function metricFigures(
  data: SessionData,
  info: CompareSessionInfo,
  /** Totals and means only (summaryStats.ts: what groups of runs read), not the percentiles. */
  summary = false,
): { entries: FigureEntry[]; figures: (Figures | Missing)[] } {
  const from = spanStart(data, info.origin);
  const t = data.t.subarray(from);
  const on = data.diagnostics.subarray(from);
  const masked = new Float64Array(t.length);
  const entries: FigureEntry[] = [];
  const figures: (Figures | Missing)[] = [];
  data.meta.registry.forEach((e, i) => {
    const diagnostic = e.diagnostic === true;
    entries.push({ name: e.name, kind: e.kind, unit: e.unit, category: e.category ?? 'other', diagnostic });
    if (String(i) in data.meta.notReported) {
      figures.push('not reported');
      return;
    }
    if (diagnostic && !info.hasDiagnostics) {
      figures.push('no diagnostics');
      return;
    }
    let col = (data.columns[i] as Float64Array).subarray(from);
    if (diagnostic) {
      // Only samples taken while diagnostics were on mean anything for a diagnostic metric.
      for (let r = 0; r < col.length; r++) masked[r] = on[r] === 1 ? (col[r] as number) : Number.NaN;
      col = masked;
    }
    if (e.kind === 'counter') figures.push(summary ? counterSummary(t, col) : counterFigures(t, col));
    else figures.push({ ...(summary ? levelSummary(col) : distribution(col)), total: null });
  });
  return { entries, figures };
}

/** The change of each session's headline figure against the baseline's. */
export function rowDeltas(
  figures: readonly (Figures | Missing)[],
  baseline: number,
  better: Better,
  unit = '',
): (Delta | null)[] {
  const base = figures[baseline];
  return figures.map((f, k): Delta | null => {
    if (k === baseline || typeof f === 'string' || typeof base === 'string' || base === undefined) return null;
    const b = headline(base);
    const v = headline(f);
    if (!Number.isFinite(b) || !Number.isFinite(v)) return null;
    const abs = v - b;
    return { abs, pct: b === 0 ? null : (abs / Math.abs(b)) * 100, verdict: verdictOf(better, abs, b, unit) };
  });
}

function checkArgs(n: number, baseline: number): void {
  if (n < 2 || n > 4) throw new RangeError(`compare takes 2 to 4 sessions, got ${n}`);
  if (!Number.isInteger(baseline) || baseline < 0 || baseline >= n) {
    throw new RangeError(`baseline must be a session number from 1 to ${n}`);
  }
}

/**
 * Join the sessions' figures into the summary table: for every metric name in any session (the
 * baseline's first, then first-seen order), each session's figures, and the change against
 * the baseline. Sessions from different registries are matched by metric name.
 */
export function combineMetricFigures(
  perSession: readonly Pick<SessionFigures, 'info' | 'entries' | 'figures'>[],
  options: CompareOptions = {},
): Comparison {
  const baseline = options.baseline ?? 0;
  checkArgs(perSession.length, baseline);
  const alignment = options.alignment ?? { kind: 'start' };
  const order = [baseline, ...perSession.keys()].filter((v, i, a) => a.indexOf(v) === i);
  const names: string[] = [];
  const seen = new Set<string>();
  for (const k of order) {
    for (const e of (perSession[k] as SessionFigures).entries) {
      if (!seen.has(e.name)) {
        seen.add(e.name);
        names.push(e.name);
      }
    }
  }
  const lookup = perSession.map((h) => new Map(h.entries.map((e, i) => [e.name, i])));
  const rows: CompareRow[] = [];
  const onlyIn: { name: string; sessions: number[] }[] = [];
  for (const name of names) {
    const having = perSession.flatMap((_, k) => (lookup[k]?.has(name) ? [k] : []));
    if (having.length < perSession.length) onlyIn.push({ name, sessions: having });
    const firstK = having[0] as number;
    const entry = perSession[firstK]?.entries[lookup[firstK]?.get(name) as number];
    if (!entry) continue;
    const better = betterDirection(name);
    const figures = perSession.map((h, k): Figures | Missing => {
      const i = lookup[k]?.get(name);
      if (i === undefined) return 'not in registry';
      const f = h.figures[i] as Figures | Missing;
      // A diagnostic metric of a session without diagnostics has nothing to show, whatever its registry says.
      if (entry.diagnostic && !h.info.hasDiagnostics && typeof f !== 'string') return 'no diagnostics';
      return f;
    });
    rows.push({
      name,
      kind: entry.kind,
      unit: entry.unit,
      category: entry.category,
      diagnostic: entry.diagnostic,
      better,
      sessions: figures,
      deltas: rowDeltas(figures, baseline, better, entry.unit),
    });
  }
  return { baseline, alignment, sessions: perSession.map((h) => h.info), rows, onlyIn };
}

/**
 * The summary table of 2–4 sessions: for every metric name in any session, per-session total
 * (counters), mean / p50 / p95 / max (counter rates, gauge values), and the change against the
 * baseline. Sessions from different registries are matched by metric name; figures are taken
 * from each session's aligned origin to its end.
 */
export function compareSessions(inputs: readonly CompareInput[], options: CompareOptions = {}): Comparison {
  checkArgs(inputs.length, options.baseline ?? 0);
  const alignment = options.alignment ?? { kind: 'start' };
  const perSession = inputs.map((s) => {
    const info = sessionInfo(s, alignment);
    return { info, ...metricFigures(s.data, info) };
  });
  return combineMetricFigures(perSession, options);
}

export function describeAlignment(a: Alignment): string {
  if (a.kind === 'start') return 'elapsed time from each session’s start';
  if (a.kind === 'event') return `elapsed time from each session’s ${EVENT_LABELS[a.event]}`;
  return `elapsed time from the marker “${a.name}”`;
}
