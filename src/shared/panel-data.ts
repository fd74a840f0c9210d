import { derivedById, evaluateDerivedSeries, type ResolvedDerived, resolveDerived } from './derived';
import { keepRuns, lttbUnion } from './downsample';
import { cumulativeUnit, type PanelDef, type PanelUnit } from './panels';
import type { RegistryEntry } from './registry-types';
import type { SeriesView } from './series';

/*
 * From a panel definition and a window of a SeriesStore to what a chart draws: series bound
 * to the stream's registry (by name), the ones that cannot be drawn with the reason why, and
 * rows downsampled to about the chart's width. No DOM: reports can draw the same rows.
 */

export type PanelMode = 'rate' | 'cumulative';

interface Base {
  /** Row key: s0, s1, … in panel order. */
  readonly key: string;
  readonly label: string;
  /** Position in the panel definition (for a stable colour). */
  readonly slot: number;
  /** Reads a diagnostic metric: points taken while diagnostics were off are gaps. */
  readonly diagnostic: boolean;
}

export type BoundSeries =
  | (Base & { readonly type: 'metric'; readonly index: number; readonly counter: boolean })
  | (Base & { readonly type: 'derived'; readonly resolved: Extract<ResolvedDerived, { ok: true }> });

export interface UnavailableSeries {
  readonly label: string;
  readonly slot: number;
  readonly reason: string;
}

export interface BoundPanel {
  readonly panel: PanelDef;
  readonly series: readonly BoundSeries[];
  readonly unavailable: readonly UnavailableSeries[];
  /** Whether a rate/total switch makes sense (some series is a counter or a derived series). */
  readonly canCumulate: boolean;
}

/** Bind a panel to a stream: which series it can draw, and why the others cannot be drawn. */
export function bindPanel(
  panel: PanelDef,
  registry: readonly RegistryEntry[],
  notReported: Readonly<Record<number, string>>,
): BoundPanel {
  const index = new Map(registry.map((e, i) => [e.name, i]));
  const series: BoundSeries[] = [];
  const unavailable: UnavailableSeries[] = [];
  panel.series.forEach((s, slot) => {
    const key = `s${slot}`;
    if ('metric' in s) {
      const i = index.get(s.metric);
      const entry = i === undefined ? undefined : registry[i];
      if (i === undefined || !entry) {
        unavailable.push({ label: s.label, slot, reason: `${s.metric} is not in this stream's registry` });
      } else if (notReported[i] !== undefined) {
        unavailable.push({ label: s.label, slot, reason: `not reported by this source: ${notReported[i]}` });
      } else {
        series.push({
          type: 'metric',
          key,
          label: s.label,
          slot,
          index: i,
          counter: entry.kind === 'counter',
          diagnostic: entry.diagnostic === true,
        });
      }
      return;
    }
    const def = derivedById(s.derived);
    if (!def) {
      unavailable.push({ label: s.label, slot, reason: `unknown derived series ${s.derived}` });
      return;
    }
    const r = resolveDerived(def, registry);
    if (!r.ok) {
      unavailable.push({ label: s.label, slot, reason: `${r.missing.join(', ')} not in this stream's registry` });
      return;
    }
    const silent = [...new Set([...r.num, ...r.den])].filter((i) => notReported[i] !== undefined);
    if (silent.length) {
      const why = silent.map((i) => ({ name: registry[i]?.name ?? String(i), reason: notReported[i] as string }));
      unavailable.push({ label: s.label, slot, reason: notReportedInputs(why) });
      return;
    }
    const diagnostic = [...r.num, ...r.den].some((i) => registry[i]?.diagnostic === true);
    series.push({ type: 'derived', key, label: s.label, slot, resolved: r, diagnostic });
  });
  const canCumulate = series.some((s) => s.type === 'derived' || s.counter);
  return { panel, series, unavailable, canCumulate };
}

/**
 * Why a derived series cannot be drawn: the source's own reason for each input it lacks, with
 * the inputs it concerns ("not reported by this source: no peer ever waits … (dispatch.notify_wait_us)").
 */
export function notReportedInputs(inputs: readonly { readonly name: string; readonly reason: string }[]): string {
  const byReason = new Map<string, string[]>();
  for (const { name, reason } of inputs) byReason.set(reason, [...(byReason.get(reason) ?? []), name]);
  const parts = [...byReason].map(([reason, names]) => `${reason} (${names.join(', ')})`);
  return `not reported by this source: ${parts.join('; ')}`;
}

export type ChartRow = { t: number } & Record<string, number | null>;

/**
 * Every point of the window at the resolution drawn, before downsampling: what the crosshair
 * reads, so every panel of a dashboard finds the same sample times whatever LTTB kept for its
 * lines. Columns by series key (NaN: no value at that point).
 */
export interface PanelPoints {
  readonly t: Float64Array;
  /** Bucket width of the store level (0: raw samples). */
  readonly stepMs: number;
  readonly columns: Readonly<Record<string, Float64Array>>;
}

export interface PanelData {
  readonly rows: ChartRow[];
  readonly points: PanelPoints;
  /** Value of each bound series at the right edge of the window (NaN: none). */
  readonly latest: readonly number[];
  readonly unit: PanelUnit;
  /** Largest value drawn (of the stack's sum for stacked panels); 0 when there is none. */
  readonly max: number;
  /** Points in the window before downsampling, and the store level they came from. */
  readonly sourcePoints: number;
  readonly level: number;
}

/** The unit a bound panel shows in a mode. */
export function panelUnit(bound: BoundPanel, mode: PanelMode): PanelUnit {
  return mode === 'cumulative' ? cumulativeUnit(bound.panel.unit) : bound.panel.unit;
}

/**
 * Chart rows for a window. maxPoints > 0 downsamples (LTTB over all series together) to about
 * that many rows; 0 hands over every point of the window.
 */
export function buildPanelData(
  bound: BoundPanel,
  view: SeriesView,
  mode: PanelMode,
  maxPoints: number,
  to: number = Number.POSITIVE_INFINITY,
): PanelData {
  const n = view.length;
  const col = (i: number) => (mode === 'rate' ? view.rates(i) : view.values(i));
  const columns = bound.series.map((s) => {
    const c = s.type === 'metric' ? Float64Array.from(col(s.index)) : evaluateDerivedSeries(s.resolved, col, n);
    if (s.diagnostic) for (let k = 0; k < n; k++) if (!view.diag[k]) c[k] = Number.NaN;
    return c;
  });
  const keep = maxPoints > 0 && n > maxPoints ? keepRuns(lttbUnion(view.t, columns, maxPoints), columns) : null;
  const count = keep ? keep.length : n;
  const rows: ChartRow[] = new Array(count);
  for (let r = 0; r < count; r++) {
    const k = keep ? (keep[r] as number) : r;
    const row: ChartRow = { t: view.t[k] as number };
    for (let j = 0; j < columns.length; j++) {
      const v = (columns[j] as Float64Array)[k] as number;
      row[(bound.series[j] as BoundSeries).key] = Number.isFinite(v) ? v : null;
    }
    rows[r] = row;
  }
  const latest = columns.map((c) => lastFinite(c, view.t, to));
  const max = columnsMax(columns, bound.panel.chart === 'stacked');
  const byKey: Record<string, Float64Array> = {};
  bound.series.forEach((s, j) => {
    byKey[s.key] = columns[j] as Float64Array;
  });
  const points = { t: view.t, stepMs: view.stepMs, columns: byKey };
  return { rows, points, latest, max, unit: panelUnit(bound, mode), sourcePoints: n, level: view.level };
}

/** Largest finite value of the columns (of their sum at each point when stacked); 0 when none. */
export function columnsMax(columns: readonly Float64Array[], stacked: boolean): number {
  let max = 0;
  const n = columns[0]?.length ?? 0;
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (const c of columns) {
      const v = c[k] as number;
      if (!Number.isFinite(v)) continue;
      if (stacked) sum += v;
      else if (v > max) max = v;
    }
    if (stacked && sum > max) max = sum;
  }
  return max;
}

/**
 * The value at the window's right edge: the last finite point at or before `to` (a ratio or
 * mean is NaN in intervals without events; the last one measured is what the user wants).
 */
function lastFinite(c: Float64Array, t: Float64Array, to: number): number {
  for (let k = c.length - 1; k >= 0; k--) if ((t[k] as number) <= to && Number.isFinite(c[k])) return c[k] as number;
  return Number.NaN;
}

/** Index of the time in `t` (ascending) nearest to x; -1 when there is none. */
export function nearestIndex(t: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = t.length - 1;
  if (hi < 0 || !Number.isFinite(x)) return -1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((t[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && x - (t[lo - 1] as number) <= (t[lo] as number) - x ? lo - 1 : lo;
}

/**
 * The point of `points` that is the sample at instant x: the nearest one, if it is within one
 * interval of x, else -1 (x is in a gap of the stream). One interval is the source's nominal
 * interval, the level's bucket, or the spacing of the samples around that point where it is
 * wider (a backfilled history, an imported log).
 */
export function sampleIndex(points: PanelPoints, x: number, intervalMs: number): number {
  const { t } = points;
  const k = nearestIndex(t, x);
  if (k < 0) return -1;
  const tk = t[k] as number;
  const left = k > 0 ? tk - (t[k - 1] as number) : Number.POSITIVE_INFINITY;
  const right = k + 1 < t.length ? (t[k + 1] as number) - tk : Number.POSITIVE_INFINITY;
  const local = Math.min(left, right);
  const within = Math.max(intervalMs, points.stepMs, Number.isFinite(local) ? local : 0);
  return Math.abs(tk - x) <= within ? k : -1;
}

/** A series at an instant: the time of its sample and its value there, or why there is none. */
export type PointValue =
  | { readonly t: number; readonly value: number }
  | { readonly t: number; readonly value: null; readonly missing: 'no data' }
  | { readonly t: null; readonly value: null; readonly missing: 'no sample' };

/**
 * The value of series `key` at its sample at instant x ("no sample" when none is within one
 * interval: a gap in the stream); a sample without a value (diagnostics off, no events in the
 * interval for a mean) says "no data".
 */
export function valueNear(points: PanelPoints, key: string, x: number, intervalMs: number): PointValue {
  const k = sampleIndex(points, x, intervalMs);
  if (k < 0) return { t: null, value: null, missing: 'no sample' };
  const t = points.t[k] as number;
  const v = points.columns[key]?.[k];
  return v !== undefined && Number.isFinite(v) ? { t, value: v } : { t, value: null, missing: 'no data' };
}
