import { derivedById, evaluateDerivedSeries, type ResolvedDerived, resolveDerived } from './derived';
import { lttbUnion } from './downsample';
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

export interface PanelData {
  readonly rows: ChartRow[];
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
  const keep = maxPoints > 0 && n > maxPoints ? lttbUnion(view.t, columns, maxPoints) : null;
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
  const max = maxOf(columns, bound.panel.chart === 'stacked');
  return { rows, latest, max, unit: panelUnit(bound, mode), sourcePoints: n, level: view.level };
}

function maxOf(columns: readonly Float64Array[], stacked: boolean): number {
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
