import { useId } from 'react';
import { formatChartValue } from '../../../shared/format';
import { formatTick, timeTicks } from '../../../shared/time-axis';
import { valueTicks } from '../../../shared/value-axis';
import type { PanelChartProps } from '../panels/PanelChart';
import { type PlotArea, SeriesLayer } from '../panels/seriesLayer';

/*
 * A report's chart: the dashboards' panel chart drawn once, as plain SVG. A report is a
 * picture, so it needs none of Recharts' interaction (tooltip, crosshair, zoom), and laying
 * out eight Recharts charts was most of a headless comparison report's drawing time. The plot
 * area, axes, grid, labels and series paths match PanelChart's: the same time ticks, value
 * ticks and series layer, with Recharts' geometry (value axis 62 px, time axis 30 px).
 */

const MARGIN = { top: 6, right: 12, bottom: 0, left: 0 };
const Y_AXIS = 62;
const X_AXIS = 30;

/** PanelChart's props without the interaction (a report is a picture). */
export type StaticChartProps = Omit<PanelChartProps, 'stepMs' | 'onZoom'>;

export function StaticChart(p: StaticChartProps) {
  const clip = useId();
  const area: PlotArea = {
    x: MARGIN.left + Y_AXIS,
    y: MARGIN.top,
    width: Math.max(1, p.width - MARGIN.left - Y_AXIS - MARGIN.right),
    height: Math.max(1, p.height - MARGIN.top - MARGIN.bottom - X_AXIS),
  };
  const { ticks, stepMs } = timeTicks(p.from, p.to, p.width - 60);
  const yTicks = valueTicks(p.max, p.unit);
  const yMax = yTicks[yTicks.length - 1] as number;
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
        rows={p.rows}
        series={p.series}
        from={p.from}
        to={p.to}
        yMax={yMax}
        yTicks={yTicks}
        formatY={(v) => formatChartValue(v, p.unit, true)}
        stacked={p.stacked}
        area={area}
        clipId={clip}
      />
    </svg>
  );
}
