import { type MouseEvent, memo, useId, useRef, useState } from 'react';
import { LineChart, XAxis, YAxis } from 'recharts';
import type { Annotations } from '../../../shared/annotations';
import type { ChartRow } from '../../../shared/panel-data';
import { elapsedTicks, formatElapsed, formatTick, timeTicks } from '../../../shared/time-axis';
import { AnnotationLayer } from './AnnotationLayer';
import { ChartTooltip, type TimeAxis } from './ChartTooltip';
import { CrosshairLayer } from './CrosshairLayer';
import { useCrosshair } from './crosshair';
import { type ChartFrame, snapInstant } from './frame';
import { MARGIN, plotArea, TIME_AXIS_PX, tickSpan, VALUE_AXIS_PX } from './geometry';
import { SeriesLayer, valueAxis } from './seriesLayer';

export interface PanelChartProps {
  readonly frames: readonly ChartFrame[];
  readonly unit: string;
  /** Largest value drawn: the value axis ends at the round tick above it. */
  readonly max: number;
  readonly from: number;
  readonly to: number;
  readonly width: number;
  readonly height: number;
  readonly stacked: boolean;
  /** Clock times (dashboards, replay), or time from the aligned start (a comparison). Default clock. */
  readonly axis?: TimeAxis;
  readonly onZoom: (from: number, to: number) => void;
  /** Markers, alerts, switches and outages to draw over the series (none: nothing drawn). */
  readonly annotations?: Annotations;
}

const AXIS = { stroke: 'var(--muted)', fontSize: 11, tickLine: false } as const;
const NO_ROWS: ChartRow[] = [];
/** A drag shorter than this (px) is a click, not a zoom. */
const MIN_DRAG_PX = 3;
/** How near (px) the pointer must come to a lone point (a dot) to take the crosshair to it. */
const SNAP_PX = 4;

/**
 * A time-series chart: Recharts lays out and draws the time axis; SeriesLayer draws the value
 * grid and the data; the crosshair is the view's (one instant in every chart), and only the
 * hovered chart shows the tooltip box. Drag across to zoom.
 */
export const PanelChart = memo(function PanelChart(p: PanelChartProps) {
  const id = useId();
  const crosshair = useCrosshair();
  const [drag, setDragState] = useState<{ a: number; b: number } | null>(null);
  // The drag as the events saw it: on a busy machine the mouse-up can come before React has
  // rendered the mouse-down's state, so the handlers read this, never a render's closure.
  const dragRef = useRef<{ a: number; b: number } | null>(null);
  const setDrag = (d: { a: number; b: number } | null) => {
    dragRef.current = d;
    setDragState(d);
  };
  const axis = p.axis ?? 'clock';
  const area = plotArea(p.width, p.height);
  const clock = axis === 'clock' ? timeTicks(p.from, p.to, tickSpan(p.width)) : null;
  const ticks = clock ? clock.ticks : elapsedTicks(p.from, p.to, tickSpan(p.width));
  const values = valueAxis(p.max, p.unit);
  const { yMax } = values;
  const span = p.to - p.from || 1;

  /** The pointer's time, or null outside the plot. */
  const pointer = (e: MouseEvent<HTMLDivElement>): number | null => {
    const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
    if (x < area.x || x > area.x + area.width) return null;
    return p.from + ((x - area.x) / area.width) * span;
  };
  const handlers = {
    onMouseMove: (e: MouseEvent<HTMLDivElement>) => {
      const t = pointer(e);
      if (t === null) return crosshair.leave(id);
      const at = snapInstant(p.frames, t, (SNAP_PX / area.width) * span);
      crosshair.set({ t: at.t, sampled: at.sampled, owner: id });
      const d = dragRef.current;
      if (d && t !== d.b) setDrag({ a: d.a, b: t });
    },
    onMouseDown: (e: MouseEvent<HTMLDivElement>) => {
      const t = pointer(e);
      if (t === null) return;
      e.preventDefault(); // no text selection while dragging
      setDrag({ a: t, b: t });
    },
    onMouseUp: (e: MouseEvent<HTMLDivElement>) => {
      const d = dragRef.current;
      // Where the button came up ends the range, whether or not a move was seen on the way.
      const b = d ? (pointer(e) ?? d.b) : 0;
      if (d && (Math.abs(b - d.a) / span) * area.width >= MIN_DRAG_PX) {
        // The pointer's pixel is another time on the zoomed axis: the next move sets it.
        crosshair.leave(id);
        p.onZoom(Math.min(d.a, b), Math.max(d.a, b));
      }
      setDrag(null);
    },
    onMouseLeave: () => {
      setDrag(null);
      crosshair.leave(id);
    },
  };
  const zoom = drag && drag.a !== drag.b ? { x0: Math.min(drag.a, drag.b), x1: Math.max(drag.a, drag.b) } : null;
  const sx = (t: number) => area.x + ((t - p.from) / span) * area.width;

  return (
    <div className="chart" style={{ width: p.width, height: p.height }} {...handlers}>
      <LineChart width={p.width} height={p.height} data={NO_ROWS} margin={MARGIN} accessibilityLayer={false}>
        <XAxis
          dataKey="t"
          type="number"
          scale={clock ? 'time' : 'auto'}
          domain={[p.from, p.to]}
          allowDataOverflow
          ticks={ticks}
          height={TIME_AXIS_PX}
          tickFormatter={(t: number) => (clock ? formatTick(t, clock.stepMs) : formatElapsed(t))}
          {...AXIS}
        />
        {/* Recharts lays out the value axis (its width); SeriesLayer draws its grid and labels. */}
        <YAxis width={VALUE_AXIS_PX} type="number" domain={[0, yMax]} tick={false} {...AXIS} />
        <SeriesLayer {...values} frames={p.frames} from={p.from} to={p.to} stacked={p.stacked} area={area} clipId={id}>
          {p.annotations && <AnnotationLayer annotations={p.annotations} from={p.from} to={p.to} area={area} />}
          <CrosshairLayer
            crosshair={crosshair}
            frames={p.frames}
            from={p.from}
            to={p.to}
            yMax={yMax}
            stacked={p.stacked}
            area={area}
          />
          {zoom && (
            <rect
              x={sx(zoom.x0)}
              y={area.y}
              width={sx(zoom.x1) - sx(zoom.x0)}
              height={area.height}
              fill="var(--accent)"
              fillOpacity={0.15}
            />
          )}
        </SeriesLayer>
      </LineChart>
      <ChartTooltip
        crosshair={crosshair}
        owner={id}
        frames={p.frames}
        unit={p.unit}
        axis={axis}
        from={p.from}
        to={p.to}
        area={area}
      />
    </div>
  );
});
