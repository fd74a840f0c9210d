import { type ReactNode, type Ref, useCallback, useMemo, useState } from 'react';
import { type Annotations, isEmptyAnnotations } from '../../../shared/annotations';
import type { BoundPanel, PanelData, PanelMode } from '../../../shared/panel-data';
import { seriesColor } from './colors';
import type { ChartFrame } from './frame';
import { ModeSwitch, PanelCard } from './PanelCard';
import { PanelChart } from './PanelChart';
import { type LegendValues, PanelLegend } from './PanelLegend';

/**
 * One dashboard panel as a pure function of its data (Grafana's panel plugins: data, options,
 * size, time range): the panel bound to its source, the window's rows and the legend's numbers
 * come in; it fetches and subscribes to nothing. Live and replay draw panels with this.
 */
export interface PanelViewProps {
  readonly ref?: Ref<HTMLElement>;
  /** The options: the panel definition bound to the source's registry. */
  readonly bound: BoundPanel;
  /** The window's rows; null while there is nothing to draw. */
  readonly data: PanelData | null;
  readonly timeRange: { readonly from: number; readonly to: number } | null;
  /**
   * The legend's numbers, per bound series (NaN: none); null: a dash each. A live panel passes
   * a feed instead, which only the legend follows (its numbers change more often than the chart).
   */
  readonly legend: LegendValues;
  readonly width: number;
  readonly height: number;
  /** The source's sample interval (how far the crosshair may be from a sample). */
  readonly intervalMs: number;
  readonly mode: PanelMode;
  readonly onMode: (m: PanelMode) => void;
  /** What the body says while there is nothing to draw. */
  readonly waiting: string;
  readonly onZoom: (from: number, to: number) => void;
  readonly menu?: ReactNode;
  /** The lines' moving average, ms (0: none): said in the legend. */
  readonly smoothMs?: number;
  /** The session's markers, alerts, switches and outages, drawn over the chart; the legend hides them. */
  readonly annotations?: Annotations;
}

export function PanelView(p: PanelViewProps) {
  const { bound, data } = p;
  const panel = bound.panel;
  const styles = useMemo(
    () => bound.series.map((s) => ({ key: s.key, label: s.label, color: seriesColor(s.slot) })),
    [bound],
  );
  // Series hidden by a click on their legend item (Grafana's and most charts' habit).
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const shown = useMemo(() => styles.filter((s) => !hidden.has(s.key)), [styles, hidden]);
  const frames: ChartFrame[] = useMemo(
    () => (data ? [{ rows: data.rows, points: data.points, series: shown, intervalMs: p.intervalMs }] : []),
    [data, shown, p.intervalMs],
  );
  const stacked = panel.chart === 'stacked';
  // The value axis fits what is drawn: a hidden large series no longer flattens the others.
  const max = useMemo(
    () => (!data ? 0 : hidden.size === 0 ? data.max : visibleMax(data.rows, shown, stacked)),
    [data, hidden, shown, stacked],
  );
  // The legend's "Events" entry hides the annotations like a series.
  const [eventsShown, setEventsShown] = useState(true);
  const annotations = p.annotations && !isEmptyAnnotations(p.annotations) ? p.annotations : null;
  // Stable, so the memoised legend does not re-render with the card.
  const toggle = useCallback(
    (key: string) =>
      setHidden((h) => {
        const next = new Set(h);
        if (!next.delete(key)) next.add(key);
        return next;
      }),
    [],
  );
  const toggleEvents = useCallback(() => setEventsShown((v) => !v), []);
  const state = bound.series.length === 0 ? 'unavailable' : !data || data.rows.length < 2 ? 'waiting' : 'ok';
  const unit = data?.unit ?? panel.unit;
  const labels = bound.series.some((s) => s.type === 'metric')
    ? (['Rate', 'Total'] as const)
    : (['Interval', 'Overall'] as const);

  return (
    <PanelCard
      ref={p.ref}
      testId={`panel-${panel.id}`}
      state={state}
      title={panel.title}
      description={panel.description}
      controls={
        bound.canCumulate && <ModeSwitch title={panel.title} mode={p.mode} labels={labels} hints onChange={p.onMode} />
      }
      menu={p.menu}
    >
      <PanelLegend
        series={bound.series}
        values={p.legend}
        unit={unit}
        hidden={hidden}
        onToggle={toggle}
        events={annotations ? annotations.lines.length + annotations.bands.length : null}
        eventsShown={eventsShown}
        onEvents={toggleEvents}
        smoothMs={p.smoothMs ?? 0}
      />
      <div
        className="panel-body"
        style={{ height: p.height }}
        data-from={p.timeRange?.from}
        data-to={p.timeRange?.to}
        data-points={data?.rows.length}
        data-source-points={data?.sourcePoints}
        data-level={data?.level}
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
        ) : state === 'waiting' || !data || !p.timeRange ? (
          <div className="empty-state" data-testid="panel-waiting">
            {p.waiting}
          </div>
        ) : (
          <PanelChart
            frames={frames}
            unit={unit}
            max={max}
            from={p.timeRange.from}
            to={p.timeRange.to}
            width={p.width}
            height={p.height}
            stacked={stacked}
            onZoom={p.onZoom}
            annotations={eventsShown && annotations ? annotations : undefined}
          />
        )}
      </div>
      {state !== 'unavailable' && bound.unavailable.length > 0 && (
        <p className="panel-note" data-testid="panel-note">
          {bound.unavailable.map((u) => `${u.label}: ${u.reason}`).join(' · ')}
        </p>
      )}
    </PanelCard>
  );
}

/** The largest value (or stack) of the shown series. */
function visibleMax(rows: PanelData['rows'], shown: readonly { key: string }[], stacked: boolean): number {
  let max = 0;
  for (const row of rows) {
    let sum = 0;
    for (const s of shown) {
      const v = row[s.key];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      sum += v;
      if (v > max) max = v;
    }
    if (stacked && sum > max) max = sum;
  }
  return max;
}
