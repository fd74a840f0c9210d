import { useId } from 'react';
import { formatTick, timeTicks } from '../../../shared/time-axis';
import { AnnotationLayer } from '../panels/AnnotationLayer';
import { plotArea, tickSpan } from '../panels/geometry';
import type { PanelChartProps } from '../panels/PanelChart';
import { SeriesLayer, valueAxis } from '../panels/seriesLayer';

/*
 * A report's chart: the dashboards' panel chart drawn once, as plain SVG. A report is a
 * picture, so it needs none of Recharts' interaction (tooltip, crosshair, zoom), and laying
 * out eight Recharts charts was most of a headless comparison report's drawing time. The plot
 * area, axes, grid, labels and series paths match PanelChart's: the same time ticks, value
 * ticks, series layer and plot geometry.
 */

/** PanelChart's props without the interaction (a report is a picture, on the clock's axis). */
export type StaticChartProps = Omit<PanelChartProps, 'onZoom' | 'axis'>;

export function StaticChart(p: StaticChartProps) {
  const clip = useId();
  const area = plotArea(p.width, p.height);
  const { ticks, stepMs } = timeTicks(p.from, p.to, tickSpan(p.width));
  const bottom = area.y + area.height;
  const kx = area.width / (p.to - p.from || 1);
  return (
    <svg
      className="static-chart"
      width={p.width}
      height={p.height}
      style={{ display: 'block' }}
      role="img"
      aria-label="chart"
    >
      <g className="time-axis">
        <line x1={area.x} x2={area.x + area.width} y1={bottom} y2={bottom} stroke="var(--muted)" />
        <line x1={area.x} x2={area.x} y1={area.y} y2={bottom} stroke="var(--muted)" />
        {ticks.map((t) => (
          <text
            key={t}
            x={area.x + (t - p.from) * kx}
            y={bottom + 8}
            dy="0.71em"
            textAnchor="middle"
            fontSize={11}
            fill="var(--muted)"
          >
            {formatTick(t, stepMs)}
          </text>
        ))}
      </g>
      <SeriesLayer
        {...valueAxis(p.max, p.unit)}
        frames={p.frames}
        from={p.from}
        to={p.to}
        stacked={p.stacked}
        area={area}
        clipId={clip}
      />
      {p.annotations && <AnnotationLayer annotations={p.annotations} from={p.from} to={p.to} area={area} />}
    </svg>
  );
}
