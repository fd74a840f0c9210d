import { useMemo } from 'react';
import { type Annotations, annotationsIn } from '../../../shared/annotations';
import { formatChartValue } from '../../../shared/format';
import { type BoundPanel, bindPanel, type PanelData } from '../../../shared/panel-data';
import type { PanelDef } from '../../../shared/panels';
import { isEmpty, type SeriesSource } from '../../../shared/series-source';
import { seriesColor } from '../panels/colors';
import { plotPoints } from '../panels/geometry';
import { StaticChart } from './StaticChart';

/** One session of a report: its title and its data as a series source. */
export interface ReportSource {
  readonly title: string;
  readonly source: SeriesSource;
  /** Its events and markers, on its own clock. */
  readonly annotations?: Annotations;
}

interface Drawn {
  readonly bound: BoundPanel;
  readonly built: PanelData | null;
  readonly from: number;
  readonly to: number;
}

/** A report draws each session's whole span, in the panel's default mode. */
function draw(panel: PanelDef, s: ReportSource, chartWidth: number): Drawn {
  const { source } = s;
  const bound = bindPanel(panel, source.registry, source.notReported);
  const from = source.start;
  const to = source.end;
  if (isEmpty(source) || bound.series.length === 0) return { bound, built: null, from, to };
  const mode = bound.canCumulate ? (panel.defaultMode ?? 'rate') : 'rate';
  return { bound, built: source.rows(bound, { from, to, mode, maxPoints: plotPoints(chartWidth) }), from, to };
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
  events: eventsSwitch,
}: {
  panel: PanelDef;
  sessions: readonly ReportSource[];
  /** Width of the panel's content box, CSS px. */
  width: number;
  height: number;
  /** The report's one switch for its events (absent: always shown, no switch). */
  events?: { readonly shown: boolean; readonly toggle: () => void };
}) {
  const gap = 16;
  const eventsShown = eventsSwitch?.shown ?? true;
  const chartWidth = Math.floor((width - gap * (sessions.length - 1)) / sessions.length);
  const drawn = useMemo(() => sessions.map((s) => draw(panel, s, chartWidth)), [panel, sessions, chartWidth]);
  const max = Math.max(0, ...drawn.map((d) => d.built?.max ?? 0));
  const first = drawn[0] as Drawn;
  const legend = first.bound.series;
  const unavailable = [...new Set(drawn.flatMap((d) => d.bound.unavailable.map((u) => `${u.label}: ${u.reason}`)))];
  const unit = first.built?.unit ?? panel.unit;
  const single = sessions.length === 1;
  // What the lines and bands on the charts are, counted where this panel's charts draw them.
  const events = drawn.reduce((n, d, k) => {
    const a = (sessions[k] as ReportSource).annotations;
    if (!a || !d.built || d.built.rows.length < 2) return n;
    const shown = annotationsIn(a, d.from, d.to);
    return n + shown.lines.length + shown.bands.length;
  }, 0);

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
        {events > 0 && (
          <li className="report-legend-events" data-testid="report-legend-events">
            {eventsSwitch ? (
              <button
                type="button"
                className={eventsShown ? 'report-legend-toggle' : 'report-legend-toggle off'}
                aria-pressed={eventsShown}
                title={`${eventsShown ? 'Hide' : 'Show'} markers, alerts and outages on every chart of the report`}
                onClick={eventsSwitch.toggle}
              >
                <span className="swatch annotation-swatch" />
                Events ({events}){eventsShown ? ': lines are markers and alerts, shaded bands are outages' : ': hidden'}
              </button>
            ) : (
              <>
                <span className="swatch annotation-swatch" />
                Events ({events}): lines are markers and alerts, shaded bands are outages
              </>
            )}
          </li>
        )}
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
            {!single && <figcaption>{(sessions[k] as ReportSource).title}</figcaption>}
            {d.built && d.built.rows.length > 1 ? (
              <StaticChart
                frames={[
                  {
                    rows: d.built.rows,
                    points: d.built.points,
                    series: d.bound.series.map((s) => ({ key: s.key, label: s.label, color: seriesColor(s.slot) })),
                    intervalMs: (sessions[k] as ReportSource).source.intervalMs,
                  },
                ]}
                unit={d.built.unit}
                max={max}
                from={d.from}
                to={d.to}
                width={chartWidth}
                height={height}
                stacked={panel.chart === 'stacked'}
                annotations={eventsShown ? (sessions[k] as ReportSource).annotations : undefined}
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
