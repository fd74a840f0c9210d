import { useCallback, useMemo, useRef, useState } from 'react';
import type { HostState } from '../../../shared/api';
import { formatChartValue } from '../../../shared/format';
import { type BoundPanel, bindPanel, buildPanelData, type PanelData, type PanelMode } from '../../../shared/panel-data';
import type { PanelDef } from '../../../shared/panels';
import type { RegistryEntry } from '../../../shared/registry-types';
import type { SeriesStore, SeriesView } from '../../../shared/series';
import { useDashboard } from '../context';
import { FLAGS } from '../flags';
import { useScheduledTick } from '../hooks/useScheduledTick';
import { useVisible } from '../hooks/useVisible';
import { useWidth } from '../hooks/useWidth';
import { PanelMenu } from '../report/DashboardExport';
import { resolveRange, type TimeState } from '../time/TimeState';
import { seriesColor } from './colors';
import { PanelChart } from './PanelChart';

const CHART_HEIGHT = 150;

type ChartData = { range: { from: number; to: number }; view: SeriesView; built: PanelData };

/** The window to draw and its chart rows, downsampled to the plot's width unless ?downsample=off. */
function draw(
  series: SeriesStore,
  bound: BoundPanel,
  time: TimeState,
  mode: PanelMode,
  plotPx: number,
  width: number,
): ChartData | null {
  if (series.empty || bound.series.length === 0 || width === 0) return null;
  const range = resolveRange(time, series.startT, series.endT);
  const view = series.window(
    FLAGS.downsample
      ? { from: range.from, to: range.to, maxPoints: plotPx }
      : { from: range.from, to: range.to, level: 0 },
  );
  return { range, view, built: buildPanelData(bound, view, mode, FLAGS.downsample ? plotPx : 0, range.to) };
}

/** How long the window's time axis takes to move one pixel (capped at 1 s). */
function pixelTimeMs(range: { from: number; to: number }, plotPx: number): number {
  return Math.min(1000, (range.to - range.from) / plotPx);
}
const NO_REASONS: Readonly<Record<number, string>> = {};

export function Panel({
  panel,
  registry,
  host,
}: {
  panel: PanelDef;
  registry: readonly RegistryEntry[];
  host: HostState | null;
}) {
  const { store, scheduler, time, dispatchTime } = useDashboard();
  const ref = useRef<HTMLElement>(null);
  const width = useWidth(ref);
  const visible = useVisible(ref);
  const tick = useScheduledTick(scheduler, visible);
  const notReported = host?.notReported ?? NO_REASONS;
  const bound = useMemo(() => bindPanel(panel, registry, notReported), [panel, registry, notReported]);
  const [mode, setMode] = useState<PanelMode>(panel.defaultMode ?? 'rate');
  const effectiveMode = bound.canCumulate ? mode : 'rate';

  const series = store.series;
  const chartWidth = Math.max(0, width);
  const plotPx = Math.max(50, chartWidth - 74);
  // The chart redraws when new samples would move it by about a pixel (a 5-minute window 360
  // pixels wide: every 0.8 s), never more often than samples arrive; the legend's numbers
  // follow every sample. Other inputs (window, zoom, mode, size, registry) redraw at once.
  // A random stretch per draw keeps panels from all redrawing in the same frame.
  const drawn = useRef<{ at: number; key: unknown[]; data: ChartData | null; jitter: number } | null>(null);
  const inputs = [chartWidth, effectiveMode, time, bound, series];
  const prev = drawn.current;
  const now = performance.now();
  const stale =
    !prev ||
    prev.data === null ||
    inputs.some((v, i) => v !== prev.key[i]) ||
    !FLAGS.downsample ||
    now - prev.at >= pixelTimeMs(prev.data.range, plotPx) * prev.jitter;
  if (stale) scheduler.stats.draws++;
  if (stale)
    drawn.current = {
      at: now,
      key: inputs,
      data: draw(series, bound, time, effectiveMode, plotPx, chartWidth),
      jitter: 0.75 + Math.random() * 0.5,
    };
  const data = drawn.current?.data ?? null;
  const live = time.pausedAt === null && time.zoom === null;
  const legendValues = useMemo(() => {
    void tick; // new samples: the numbers follow each one
    if (!live || series.empty || bound.series.length === 0) return data?.built.latest ?? null;
    const end = series.endT;
    return buildPanelData(bound, series.window({ from: end - 1000, to: end, level: 0 }), effectiveMode, 0, end).latest;
  }, [tick, live, series, bound, effectiveMode, data]);

  const onZoom = useCallback((from: number, to: number) => dispatchTime({ type: 'zoom', from, to }), [dispatchTime]);
  const tooltipSeries = useMemo(
    () => bound.series.map((s) => ({ key: s.key, label: s.label, color: seriesColor(s.slot) })),
    [bound],
  );

  const state = bound.series.length === 0 ? 'unavailable' : !data || data.built.rows.length < 2 ? 'waiting' : 'ok';
  const unit = data?.built.unit ?? bound.panel.unit;
  const modeLabels = bound.series.some((s) => s.type === 'metric') ? ['Rate', 'Total'] : ['Interval', 'Overall'];

  return (
    <section className="panel" data-testid={`panel-${panel.id}`} data-state={state} ref={ref} aria-label={panel.title}>
      <header className="panel-head">
        <h3 title={panel.description}>{panel.title}</h3>
        {bound.canCumulate && (
          // biome-ignore lint/a11y/useSemanticElements: a segmented control, not a form group
          <div className="seg" role="group" aria-label={`${panel.title}: show as`}>
            {(['rate', 'cumulative'] as const).map((m, i) => (
              <button
                key={m}
                type="button"
                aria-pressed={effectiveMode === m}
                onClick={() => setMode(m)}
                title={
                  m === 'rate'
                    ? 'Per-second rates over each sample interval'
                    : 'Running totals since the session started'
                }
              >
                {modeLabels[i]}
              </button>
            ))}
          </div>
        )}
        <PanelMenu panelId={panel.id} title={panel.title} />
      </header>
      <ul className="legend">
        {bound.series.map((s, i) => (
          <li key={s.key} data-series={s.label}>
            <span className="swatch" style={{ background: seriesColor(s.slot) }} />
            <span className="legend-label">{s.label}</span>
            <span className="legend-value" data-testid="legend-value">
              {legendValues ? formatChartValue(legendValues[i] ?? Number.NaN, unit) : '—'}
            </span>
          </li>
        ))}
      </ul>
      <div
        className="panel-body"
        style={{ height: CHART_HEIGHT }}
        data-from={data?.range.from}
        data-to={data?.range.to}
        data-points={data?.built.rows.length}
        data-source-points={data?.built.sourcePoints}
        data-level={data?.built.level}
      >
        {state === 'unavailable' ? (
          <div className="empty-state" data-testid="panel-empty">
            <strong>Nothing to draw from this source</strong>
            {bound.unavailable.map((u) => (
              <span key={u.slot}>
                {u.label}: {u.reason}
              </span>
            ))}
          </div>
        ) : state === 'waiting' || !data ? (
          <div className="empty-state" data-testid="panel-waiting">
            {series.empty ? 'Waiting for the first samples…' : 'No samples in this time range yet.'}
          </div>
        ) : (
          <PanelChart
            rows={data.built.rows}
            series={tooltipSeries}
            unit={unit}
            max={data.built.max}
            from={data.range.from}
            to={data.range.to}
            width={chartWidth}
            height={CHART_HEIGHT}
            stacked={panel.chart === 'stacked'}
            stepMs={data.view.stepMs}
            onZoom={onZoom}
          />
        )}
      </div>
      {state !== 'unavailable' && bound.unavailable.length > 0 && (
        <p className="panel-note" data-testid="panel-note">
          {bound.unavailable.map((u) => `${u.label}: ${u.reason}`).join(' · ')}
        </p>
      )}
    </section>
  );
}
