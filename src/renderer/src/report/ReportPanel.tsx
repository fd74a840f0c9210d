import { useMemo } from 'react';
import { formatChartValue } from '../../../shared/format';
import { type BoundPanel, bindPanel, buildPanelData, type PanelData } from '../../../shared/panel-data';
import type { PanelDef } from '../../../shared/panels';
import { SeriesStore } from '../../../shared/series';
import type { SessionData } from '../../../shared/session/data';
import { seriesColor } from '../panels/colors';
import { PanelChart } from '../panels/PanelChart';

/** A saved session loaded into a SeriesStore once, for every panel of a report. */
export interface LoadedSession {
  readonly title: string;
  readonly store: SeriesStore;
  readonly notReported: Readonly<Record<number, string>>;
}

export function loadSession(title: string, data: SessionData): LoadedSession {
  const store = SeriesStore.forSession(data.meta.registry, data.length);
  store.load({ t: data.t, values: data.columns, diagnostics: data.diagnostics });
  const notReported: Record<number, string> = {};
  for (const [k, v] of Object.entries(data.meta.notReported)) notReported[Number(k)] = v;
  return { title, store, notReported };
}

const NO_ZOOM = () => {};
/** Space the value axis and margins take from a chart's width (PanelChart's layout). */
const AXIS_PX = 74;

interface Drawn {
  readonly bound: BoundPanel;
  readonly built: PanelData | null;
  readonly from: number;
  readonly to: number;
  readonly stepMs: number;
}

function draw(panel: PanelDef, s: LoadedSession, chartWidth: number): Drawn {
  const bound = bindPanel(panel, s.store.registry, s.notReported);
  const from = s.store.startT;
  const to = s.store.endT;
  if (s.store.empty || bound.series.length === 0) return { bound, built: null, from, to, stepMs: 0 };
  const plotPx = Math.max(50, chartWidth - AXIS_PX);
  const view = s.store.window({ from, to, maxPoints: plotPx });
  const mode = bound.canCumulate ? (panel.defaultMode ?? 'rate') : 'rate';
  return { bound, built: buildPanelData(bound, view, mode, plotPx, to), from, to, stepMs: view.stepMs };
}

/**
 * One panel of a report: the dashboards' chart (PanelChart) drawn at a fixed size from the
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
              <PanelChart
                rows={d.built.rows}
                series={d.bound.series.map((s) => ({ key: s.key, label: s.label, color: seriesColor(s.slot) }))}
                unit={d.built.unit}
                max={max}
                from={d.from}
                to={d.to}
                width={chartWidth}
                height={height}
                stacked={panel.chart === 'stacked'}
                stepMs={d.stepMs}
                onZoom={NO_ZOOM}
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
