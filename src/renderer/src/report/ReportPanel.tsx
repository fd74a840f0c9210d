import { useMemo } from 'react';
import { derivedById, resolveDerived } from '../../../shared/derived';
import { formatChartValue } from '../../../shared/format';
import { type BoundPanel, bindPanel, buildPanelData, type PanelData } from '../../../shared/panel-data';
import type { PanelDef } from '../../../shared/panels';
import { SeriesStore } from '../../../shared/series';
import type { SessionData } from '../../../shared/session/data';
import { seriesColor } from '../panels/colors';
import { StaticChart } from './StaticChart';

/** A saved session loaded into a SeriesStore once, for every panel of a report. */
export interface LoadedSession {
  readonly title: string;
  readonly store: SeriesStore;
  readonly notReported: Readonly<Record<number, string>>;
}

/** Indices of the metrics the panels draw, directly or as inputs of derived series. */
function usedMetrics(panels: readonly PanelDef[], registry: SessionData['meta']['registry']): number[] {
  const at = new Map(registry.map((e, i) => [e.name, i]));
  const used = new Set<number>();
  for (const panel of panels) {
    for (const s of panel.series) {
      if ('metric' in s) {
        const i = at.get(s.metric);
        if (i !== undefined) used.add(i);
        continue;
      }
      const def = derivedById(s.derived);
      const r = def ? resolveDerived(def, registry) : null;
      if (r?.ok) for (const i of [...r.num, ...r.den]) used.add(i);
    }
  }
  return [...used].sort((a, b) => a - b);
}

/**
 * Load a saved session for the given panels. Only the metrics they use go into the store: a
 * day at 1 Hz of all 99 metrics takes ~0.5 s to load, the dozen a report draws a tenth of that.
 */
export function loadSession(title: string, data: SessionData, panels?: readonly PanelDef[]): LoadedSession {
  const all = data.meta.registry;
  const keep = panels ? usedMetrics(panels, all) : all.map((_, i) => i);
  const registry = keep.map((i) => all[i] as (typeof all)[number]);
  const store = SeriesStore.forSession(registry, data.length);
  store.load({ t: data.t, values: keep.map((i) => data.columns[i] as Float64Array), diagnostics: data.diagnostics });
  const notReported: Record<number, string> = {};
  keep.forEach((i, j) => {
    const why = data.meta.notReported[String(i)];
    if (why !== undefined) notReported[j] = why;
  });
  return { title, store, notReported };
}

/** Space the value axis and margins take from a chart's width (PanelChart's layout). */
const AXIS_PX = 74;

interface Drawn {
  readonly bound: BoundPanel;
  readonly built: PanelData | null;
  readonly from: number;
  readonly to: number;
}

function draw(panel: PanelDef, s: LoadedSession, chartWidth: number): Drawn {
  const bound = bindPanel(panel, s.store.registry, s.notReported);
  const from = s.store.startT;
  const to = s.store.endT;
  if (s.store.empty || bound.series.length === 0) return { bound, built: null, from, to };
  const plotPx = Math.max(50, chartWidth - AXIS_PX);
  const view = s.store.window({ from, to, maxPoints: plotPx });
  const mode = bound.canCumulate ? (panel.defaultMode ?? 'rate') : 'rate';
  return { bound, built: buildPanelData(bound, view, mode, plotPx, to), from, to };
}

/**
 * One panel of a report: the dashboards' chart drawn as static SVG (StaticChart) at a fixed size from the
 * whole span of each session, LTTB'd to the chart's width. A comparison shows one chart per
 * session side by side on one value scale.
 */
export function ReportPanel({
  panel,
  sessions,
  width,
  height,
}: {
  panel: PanelDef;
  sessions: readonly LoadedSession[];
  /** Width of the panel's content box, CSS px. */
  width: number;
  height: number;
}) {
  const gap = 16;
  const chartWidth = Math.floor((width - gap * (sessions.length - 1)) / sessions.length);
  const drawn = useMemo(() => sessions.map((s) => draw(panel, s, chartWidth)), [panel, sessions, chartWidth]);
  const max = Math.max(0, ...drawn.map((d) => d.built?.max ?? 0));
  const first = drawn[0] as Drawn;
  const legend = first.bound.series;
  const unavailable = [...new Set(drawn.flatMap((d) => d.bound.unavailable.map((u) => `${u.label}: ${u.reason}`)))];
  const unit = first.built?.unit ?? panel.unit;
  const single = sessions.length === 1;

  return (
    <section className="report-panel" data-panel={panel.id}>
      <header>
        <h3>{panel.title}</h3>
        {first.built && first.built.unit !== panel.unit ? <span className="report-unit">running total</span> : null}
      </header>
      <ul className="report-legend">
        {legend.map((s, i) => (
          <li key={s.key}>
            <span className="swatch" style={{ background: seriesColor(s.slot) }} />
            {s.label}
            {single && first.built ? (
              <span className="report-legend-value">{formatChartValue(first.built.latest[i] ?? Number.NaN, unit)}</span>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="report-charts" style={{ gap }}>
        {drawn.map((d, k) => (
          <figure
            // biome-ignore lint/suspicious/noArrayIndexKey: sessions are fixed for the life of a report
            key={k}
            className="report-chart"
            style={{ width: chartWidth }}
            data-lines={d.built && d.built.rows.length > 1 ? d.bound.series.length : 0}
          >
            {!single && <figcaption>{(sessions[k] as LoadedSession).title}</figcaption>}
            {d.built && d.built.rows.length > 1 ? (
              <StaticChart
                rows={d.built.rows}
                series={d.bound.series.map((s) => ({ key: s.key, label: s.label, color: seriesColor(s.slot) }))}
                unit={d.built.unit}
                max={max}
                from={d.from}
                to={d.to}
                width={chartWidth}
                height={height}
                stacked={panel.chart === 'stacked'}
              />
            ) : (
              <div className="report-empty" style={{ height }}>
                {d.bound.series.length === 0 ? 'Nothing to draw from this source' : 'Too few samples to draw'}
              </div>
            )}
          </figure>
        ))}
      </div>
      {unavailable.length > 0 && <p className="report-note">{unavailable.join(' · ')}</p>}
    </section>
  );
}
