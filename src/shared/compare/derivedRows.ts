import { DERIVED, type DerivedDef, derivedOverSpan, evaluateDerivedSeries, resolveDerived } from '../derived';
import { columnRates } from '../rates';
import type {
  Better,
  CompareInput,
  CompareRow,
  CompareSessionInfo,
  Comparison,
  Figures,
  Missing,
  SessionFigures,
} from './compareSessions';
import { rowDeltas, spanStart } from './compareSessions';
import { distribution } from './stats';

/*
 * The derived series (src/shared/derived.ts: ratios and means of sum/count pairs) as rows of
 * a comparison's summary table, next to the raw metrics. Per session: the series evaluated
 * sample by sample on counter rates (mean / p50 / p95 / max of the per-interval value), and as
 * its "total" the value over the whole compared span (first to last cumulative row), which is
 * also what the delta against the baseline compares.
 */

/** Which way is good, by derived id (names such as "hit_ratio" do not say it by themselves). */
const DERIVED_BETTER: Readonly<Record<string, Better>> = {
  'disk.cache_hit_ratio': 'higher',
  'disk.mean_job_time': 'lower',
  'proto.reject_share': 'lower',
  'proto.hashfail_share': 'lower',
  'dispatch.acquire_none_share': 'lower',
  'dispatch.mean_acquire_us': 'lower',
  'dispatch.mean_acquire_rtt_us': 'lower',
  'dispatch.mean_notify_wait_us': 'lower',
  'first_block.mean_latency_us': 'lower',
};

export function derivedBetter(id: string): Better {
  return DERIVED_BETTER[id] ?? 'neutral';
}

/** Columns of one session's span shared by all its derived series (inputs repeat across series). */
type SpanCache = Map<string, Float64Array>;

function figuresFor(
  def: DerivedDef,
  input: CompareInput,
  origin: number,
  hasDiagnostics: boolean,
  cache: SpanCache = new Map(),
): Figures | Missing {
  const { data } = input;
  const registry = data.meta.registry;
  const r = resolveDerived(def, registry);
  if (!r.ok) return 'not in registry';
  const inputs = [...r.num, ...r.den];
  if (inputs.some((i) => String(i) in data.meta.notReported)) return 'not reported';
  const diagnostic = inputs.some((i) => registry[i]?.diagnostic === true);
  if (diagnostic && !hasDiagnostics) return 'no diagnostics';

  const from = spanStart(data, origin);
  const t = data.t.subarray(from);
  const n = t.length;
  const on = data.diagnostics.subarray(from);
  // Each input column once (masked to diagnostics-on samples where that matters): the scans
  // below call this per row, and re-masking a day-long column per call was quadratic.
  const masked = (i: number) => {
    const key = `${from}:${diagnostic ? 'd' : ''}${i}`;
    let m = cache.get(key);
    if (!m) {
      const c = (data.columns[i] as Float64Array).subarray(from);
      if (diagnostic) {
        m = new Float64Array(c.length);
        for (let k = 0; k < c.length; k++) m[k] = on[k] === 1 ? (c[k] as number) : Number.NaN;
      } else m = c;
      cache.set(key, m);
    }
    return m;
  };
  const rate = (i: number) => {
    const key = `${from}:${diagnostic ? 'd' : ''}${i}:rate`;
    let c = cache.get(key);
    if (!c) {
      const col = masked(i);
      c = registry[i]?.kind === 'counter' ? columnRates(t, col) : col;
      cache.set(key, c);
    }
    return c;
  };
  const series = evaluateDerivedSeries(r, rate, n);
  // The span's value from the first and last rows where every input is known.
  const known = (k: number) => inputs.every((i) => Number.isFinite(masked(i)[k] as number));
  let a = 0;
  while (a < n && !known(a)) a++;
  let b = n - 1;
  while (b > a && !known(b)) b--;
  const row = (k: number) => registry.map((_, i) => (inputs.includes(i) ? (masked(i)[k] as number) : 0));
  const total = a < b ? derivedOverSpan(r, row(a), row(b)) : Number.NaN;
  return { ...distribution(series), total: Number.isFinite(total) ? total : null };
}

/** One session's figures for every derived series, and which of them read diagnostic metrics. */
export function sessionDerived(
  input: CompareInput,
  info: CompareSessionInfo,
): { derived: Record<string, Figures | Missing>; derivedDiagnostic: Record<string, boolean> } {
  const derived: Record<string, Figures | Missing> = {};
  const derivedDiagnostic: Record<string, boolean> = {};
  const registry = input.data.meta.registry;
  const cache: SpanCache = new Map();
  for (const def of DERIVED) {
    derived[def.id] = figuresFor(def, input, info.origin, info.hasDiagnostics, cache);
    const r = resolveDerived(def, registry);
    derivedDiagnostic[def.id] = r.ok && [...r.num, ...r.den].some((i) => registry[i]?.diagnostic === true);
  }
  return { derived, derivedDiagnostic };
}

/** Summary-table rows of the derived series from the sessions' figures (see combineMetricFigures). */
export function combineDerived(
  perSession: readonly Pick<SessionFigures, 'derived' | 'derivedDiagnostic'>[],
  baseline: number,
): CompareRow[] {
  return DERIVED.map((def) => {
    const sessions = perSession.map((h): Figures | Missing => h.derived[def.id] ?? 'not in registry');
    const better = derivedBetter(def.id);
    return {
      name: def.id,
      kind: 'gauge' as const,
      unit: def.unit,
      category: def.id.slice(0, def.id.indexOf('.')),
      diagnostic: perSession.some((h) => h.derivedDiagnostic[def.id] === true),
      better,
      sessions,
      deltas: rowDeltas(sessions, baseline, better, def.unit),
    };
  });
}

/**
 * Summary-table rows for every derived series, in the shape of compareSessions' rows (unit
 * 'ratio' or the definition's unit; kind 'gauge' since the headline is a level, not a count).
 */
export function compareDerived(inputs: readonly CompareInput[], comparison: Comparison): CompareRow[] {
  const perSession = inputs.map((input, k) => {
    const info = comparison.sessions[k] as CompareSessionInfo;
    return sessionDerived(input, info);
  });
  return combineDerived(perSession, comparison.baseline);
}
