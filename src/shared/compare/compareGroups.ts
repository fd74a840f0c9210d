import type { Alignment } from './align';
import {
  betterDirection,
  type CompareInput,
  type CompareRow,
  type CompareSessionInfo,
  type Figures,
  headline,
  metricFigures,
  type SessionFigures,
  sessionInfo,
  spanStart,
} from './compareSessions';
import { HEADLINES, type HeadlineDef, type HeadlineFigures, headlineFigures, minAbsEffect } from './headline';
import { limitSpan } from './span';
import { DEFAULT_MIN_REL, describeVerdict, type GroupFigure, judgeGroups, unitMinAbs } from './verdict';

/*
 * N runs against M runs: per headline figure and per metric, each group's median and spread,
 * the change with its bootstrap interval, the rank test's p and a verdict. A metric's value per
 * run is its total per second of the run's compared span (counters; runs of different length
 * compare fairly) or its mean level (gauges).
 */

/** One run as a group needs it: computed from that run alone (a worker can do it). */
export type RunFigures = Pick<SessionFigures, 'info' | 'entries' | 'figures' | 'headline' | 'intervalS'>;

/** What the headline rows read of a run. */
export type RunHeadline = Pick<RunFigures, 'headline' | 'intervalS'>;

/**
 * A run's figures from its aligned origin to its end, or to spanS seconds after the origin
 * (span.ts). `summary`: totals and means only, all a group comparison reads (summaryStats.ts).
 */
export function runFigures(whole: CompareInput, alignment: Alignment, spanS?: number, summary = false): RunFigures {
  const input = limitSpan(whole, alignment, spanS);
  const info = sessionInfo(input, alignment);
  const from = spanStart(input.data, info.origin);
  return {
    info,
    headline: headlineFigures(input.data, from),
    ...metricFigures(input.data, info, summary),
    intervalS: input.data.meta.intervalMs / 1000,
  };
}

export interface HeadlineRow {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly better: HeadlineDef['better'];
  readonly description: string;
  /** Per run of group a, then group b: the figure (null: that run does not have it). */
  readonly a: readonly (number | null)[];
  readonly b: readonly (number | null)[];
  readonly result: GroupFigure | null;
  /** The verdict in words ("faster by 48 % (45–52 %)", "no significant difference"). */
  readonly text: string;
}

export interface MetricGroupRow {
  readonly name: string;
  readonly kind: 'counter' | 'gauge';
  /** Unit of the compared value: per second for counters. */
  readonly unit: string;
  readonly better: CompareRow['better'];
  readonly result: GroupFigure | null;
  readonly text: string;
}

export interface GroupComparison {
  readonly a: readonly CompareSessionInfo[];
  readonly b: readonly CompareSessionInfo[];
  readonly headline: readonly HeadlineRow[];
  readonly metrics: readonly MetricGroupRow[];
}

function values(runs: readonly RunHeadline[], id: keyof HeadlineFigures): (number | null)[] {
  return runs.map((r) => r.headline[id]);
}

/** The headline rows of group a against group b. */
export function headlineRows(a: readonly RunHeadline[], b: readonly RunHeadline[]): HeadlineRow[] {
  const intervalS = Math.max(...[...a, ...b].map((r) => r.intervalS));
  return HEADLINES.map((def) => {
    const va = values(a, def.id);
    const vb = values(b, def.id);
    const effect = { better: def.better, minRel: def.minRel, minAbs: minAbsEffect(def, intervalS) };
    const result = judgeGroups(
      effect,
      va.filter((v): v is number => v !== null),
      vb.filter((v): v is number => v !== null),
    );
    return {
      id: def.id,
      label: def.label,
      unit: def.unit,
      better: def.better,
      description: def.description,
      a: va,
      b: vb,
      result,
      text: result ? describeVerdict(result, def.words) : 'not in every session',
    };
  });
}

function metricValue(f: Figures, kind: 'counter' | 'gauge', spanS: number): number {
  if (kind === 'counter') return f.total === null || !(spanS > 0) ? Number.NaN : f.total / spanS;
  return headline(f);
}

/** Compare the runs of group a (the baseline) with those of group b. */
export function compareGroups(a: readonly RunFigures[], b: readonly RunFigures[]): GroupComparison {
  if (a.length === 0 || b.length === 0) throw new RangeError('each group needs at least one session');
  const runs = [...a, ...b];
  const lookup = runs.map((r) => new Map(r.entries.map((e, i) => [e.name, i])));
  const metrics: MetricGroupRow[] = [];
  // Every metric name in any run, the baseline group's first (matched by name, as in compareSessions).
  const names = new Set<string>();
  for (const r of runs) for (const e of r.entries) names.add(e.name);
  for (const name of names) {
    const k0 = runs.findIndex((_, k) => lookup[k]?.has(name));
    const entry = runs[k0]?.entries[lookup[k0]?.get(name) as number];
    if (!entry) continue;
    const better = betterDirection(name);
    const per = (r: RunFigures, k: number): number => {
      const i = lookup[k]?.get(name);
      const f = i === undefined ? undefined : r.figures[i];
      return typeof f === 'object' ? metricValue(f, entry.kind, r.info.spanS) : Number.NaN;
    };
    const va = a.map((r, k) => per(r, k));
    const vb = b.map((r, k) => per(r, a.length + k));
    const unit = entry.kind === 'counter' ? `${entry.unit}/s` : entry.unit;
    const minAbs = entry.kind === 'counter' ? unitMinAbs(entry.unit) / 60 : unitMinAbs(entry.unit);
    const result = judgeGroups({ better, minRel: DEFAULT_MIN_REL, minAbs }, va, vb);
    metrics.push({
      name,
      kind: entry.kind,
      unit,
      better,
      result,
      text: result ? describeVerdict(result) : 'not reported',
    });
  }
  return { a: a.map((r) => r.info), b: b.map((r) => r.info), headline: headlineRows(a, b), metrics };
}

/** A headline figure of 2–4 single runs: each run's value, and each against the baseline run. */
export interface HeadlineTableRow {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly better: HeadlineDef['better'];
  readonly description: string;
  readonly values: readonly (number | null)[];
  /** Per run: its comparison with the baseline (null for the baseline itself). */
  readonly vs: readonly (HeadlineRow | null)[];
}

/** The headline table of single runs against one baseline run (the 2–4 session comparison's). */
export function headlineTable(runs: readonly RunHeadline[], baseline: number): HeadlineTableRow[] {
  const base = runs[baseline] as RunHeadline;
  const per = runs.map((r, k) => (k === baseline ? null : headlineRows([base], [r])));
  return HEADLINES.map((def, i) => ({
    id: def.id,
    label: def.label,
    unit: def.unit,
    better: def.better,
    description: def.description,
    values: runs.map((r) => r.headline[def.id]),
    vs: per.map((rows) => (rows ? (rows[i] as HeadlineRow) : null)),
  }));
}
