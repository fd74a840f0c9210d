import { DERIVED, type DerivedDef, derivedOverSpan, evaluateDerivedSeries, resolveDerived } from '../derived';
import { columnRates } from '../rates';
import type { Better, CompareInput, CompareRow, Comparison, Delta, Figures, Missing } from './compareSessions';
import { headline } from './compareSessions';
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

function verdict(better: Better, abs: number): Delta['verdict'] {
  if (better === 'neutral') return 'neutral';
  if (abs === 0) return 'same';
  return (better === 'higher') === abs > 0 ? 'better' : 'worse';
}

function figuresFor(def: DerivedDef, input: CompareInput, origin: number, hasDiagnostics: boolean): Figures | Missing {
  const { data } = input;
  const registry = data.meta.registry;
  const r = resolveDerived(def, registry);
  if (!r.ok) return 'not in registry';
  const inputs = [...r.num, ...r.den];
  if (inputs.some((i) => String(i) in data.meta.notReported)) return 'not reported';
  const diagnostic = inputs.some((i) => registry[i]?.diagnostic === true);
  if (diagnostic && !hasDiagnostics) return 'no diagnostics';

  let from = 0;
  while (from < data.length && (data.t[from] as number) < origin) from++;
  const t = data.t.subarray(from);
  const n = t.length;
  const on = data.diagnostics.subarray(from);
  // Each input column once (masked to diagnostics-on samples where that matters): the scans
  // below call this per row, and re-masking a day-long column per call was quadratic.
  const maskedCols = new Map<number, Float64Array>();
  const masked = (i: number) => {
    let m = maskedCols.get(i);
    if (!m) {
      const c = (data.columns[i] as Float64Array).subarray(from);
      m = diagnostic ? c.map((v, k) => (on[k] === 1 ? v : Number.NaN)) : c;
      maskedCols.set(i, m);
    }
    return m;
  };
  const rates = new Map<number, Float64Array>();
  const rate = (i: number) => {
    let c = rates.get(i);
    if (!c) {
      const col = masked(i);
      c = registry[i]?.kind === 'counter' ? columnRates(t, col) : Float64Array.from(col);
      rates.set(i, c);
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

/**
 * Summary-table rows for every derived series, in the shape of compareSessions' rows (unit
 * 'ratio' or the definition's unit; kind 'gauge' since the headline is a level, not a count).
 */
export function compareDerived(inputs: readonly CompareInput[], comparison: Comparison): CompareRow[] {
  const { baseline } = comparison;
  return DERIVED.map((def) => {
    const sessions = inputs.map((input, k) => {
      const info = comparison.sessions[k];
      return figuresFor(def, input, info?.origin ?? Number.NEGATIVE_INFINITY, info?.hasDiagnostics ?? false);
    });
    const better = derivedBetter(def.id);
    const base = sessions[baseline];
    const deltas = sessions.map((f, k): Delta | null => {
      if (k === baseline || typeof f === 'string' || base === undefined || typeof base === 'string') return null;
      const b = headline(base);
      const v = headline(f);
      if (!Number.isFinite(b) || !Number.isFinite(v)) return null;
      const abs = v - b;
      return { abs, pct: b === 0 ? null : (abs / Math.abs(b)) * 100, verdict: verdict(better, abs) };
    });
    const diagnostic = inputs.some((s) => {
      const r = resolveDerived(def, s.data.meta.registry);
      return r.ok && [...r.num, ...r.den].some((i) => s.data.meta.registry[i]?.diagnostic === true);
    });
    return {
      name: def.id,
      kind: 'gauge' as const,
      unit: def.unit,
      category: def.id.slice(0, def.id.indexOf('.')),
      diagnostic,
      better,
      sessions,
      deltas,
    };
  });
}
