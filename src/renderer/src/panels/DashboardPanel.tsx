import { type ReactNode, useCallback, useMemo, useRef, useState } from 'react';
import { bindPanel, type PanelData, type PanelMode } from '../../../shared/panel-data';
import type { PanelDef } from '../../../shared/panels';
import { isEmpty, type SeriesSource } from '../../../shared/series-source';
import { smoothPanelData } from '../../../shared/smooth';
import { useDashboard } from '../context';
import { FLAGS } from '../flags';
import { useScheduledTick } from '../hooks/useScheduledTick';
import { useVisible } from '../hooks/useVisible';
import { useWidth } from '../hooks/useWidth';
import { isLive, resolveRange } from '../time/TimeState';
import { plotPoints } from './geometry';
import { LegendFeed } from './legendFeed';
import { PanelView } from './PanelView';

type Drawn = { range: { from: number; to: number }; data: PanelData };

/** How long the window's time axis takes to move one pixel (capped at 1 s). */
function pixelTimeMs(range: { from: number; to: number }, plotPx: number): number {
  return Math.min(1000, (range.to - range.from) / plotPx);
}

/**
 * A panel of a dashboard (live or replay): asks the view's series source for the rows of its
 * window when the render scheduler lets it, and hands them to PanelView. Off-screen panels do
 * not redraw.
 */
export function DashboardPanel({ panel, height, menu }: { panel: PanelDef; height: number; menu?: ReactNode }) {
  const { source, scheduler, time, dispatchTime, annotations } = useDashboard();
  const ref = useRef<HTMLElement>(null);
  const width = useWidth(ref);
  const visible = useVisible(ref);
  const drawn = useRef<(DrawnChart & { key: unknown[] }) | null>(null);
  const { registry, notReported } = source;
  const bound = useMemo(() => bindPanel(panel, registry, notReported), [panel, registry, notReported]);
  const [mode, setMode] = useState<PanelMode>(panel.defaultMode ?? 'rate');
  const effectiveMode = bound.canCumulate ? mode : 'rate';

  const chartWidth = Math.max(0, width);
  const plotPx = plotPoints(chartWidth);
  // New samples render this panel only when its chart is due (below); the legend's numbers
  // follow the samples on their own (LegendFeed).
  useScheduledTick(scheduler, visible, () => chartDue(drawn.current, plotPx));
  const draw = (): Drawn | null => {
    if (isEmpty(source) || bound.series.length === 0 || chartWidth === 0) return null;
    const range = resolveRange(time, source.start, source.end);
    const maxPoints = FLAGS.downsample ? plotPx : 0;
    const data = source.rows(bound, { ...range, mode: effectiveMode, maxPoints });
    return { range, data: smoothPanelData(data, time.smoothMs ?? 0, plotPx) };
  };
  // The chart redraws when new samples would move it by about a pixel (a 5-minute window 360
  // pixels wide: every 0.8 s), never more often than samples arrive. Other inputs (window,
  // zoom, mode, size, source) redraw at once.
  const inputs = [chartWidth, effectiveMode, time, bound, source];
  const prev = drawn.current;
  const now = performance.now();
  const stale = !prev || inputs.some((v, i) => v !== prev.key[i]) || chartDue(prev, plotPx, now);
  if (stale) {
    scheduler.stats.draws++;
    drawn.current = { at: now, key: inputs, data: draw(), jitter: 0.75 + Math.random() * 0.5 };
  }
  const data = drawn.current?.data ?? null;
  const live = isLive(time);
  // Live: a feed of the newest sample's numbers that only the legend follows (off the screen,
  // it waits). Paused or zoomed: the last numbers of the drawn window.
  const feed = useMemo(
    () => (live ? new LegendFeed(() => latestValues(source, bound, effectiveMode), visible ? scheduler : null) : null),
    [live, source, bound, effectiveMode, visible, scheduler],
  );
  const legend = feed ?? data?.data.latest ?? null;

  const onZoom = useCallback((from: number, to: number) => dispatchTime({ type: 'zoom', from, to }), [dispatchTime]);
  return (
    <PanelView
      ref={ref}
      bound={bound}
      data={data?.data ?? null}
      timeRange={data?.range ?? null}
      legend={legend}
      width={chartWidth}
      height={height}
      intervalMs={source.intervalMs}
      mode={effectiveMode}
      onMode={setMode}
      waiting={isEmpty(source) ? 'Waiting for the first samples…' : 'No samples in this time range yet.'}
      onZoom={onZoom}
      smoothMs={time.smoothMs ?? 0}
      menu={menu}
      annotations={annotations}
    />
  );
}

type DrawnChart = { at: number; data: Drawn | null; jitter: number };

/**
 * Whether new samples would move the drawn chart by about a pixel (or it has nothing drawn, or
 * every sample is drawn: the naive baseline). A random stretch per draw (`jitter`) keeps the
 * panels from all redrawing in the same frame.
 */
function chartDue(prev: DrawnChart | null, plotPx: number, now = performance.now()): boolean {
  return (
    !prev ||
    prev.data === null ||
    !FLAGS.downsample ||
    now - prev.at >= pixelTimeMs(prev.data.range, plotPx) * prev.jitter
  );
}

/** The legend's numbers of a live panel: each series' value over the newest sample. */
function latestValues(
  source: SeriesSource,
  bound: ReturnType<typeof bindPanel>,
  mode: PanelMode,
): readonly number[] | null {
  if (isEmpty(source) || bound.series.length === 0) return null;
  const end = source.end;
  return source.rows(bound, { from: end - 1000, to: end, mode, maxPoints: 0 }).latest;
}
