import { memo, useState } from 'react';
import { LineChart, type MouseHandlerDataParam, ReferenceArea, type TickItem, Tooltip, XAxis, YAxis } from 'recharts';
import { formatChartValue } from '../../../shared/format';
import type { ChartRow } from '../../../shared/panel-data';
import { formatTick, timeTicks } from '../../../shared/time-axis';
import { valueTicks } from '../../../shared/value-axis';
import { ChartTooltip, type TooltipSeries } from './ChartTooltip';
import { SeriesPaths } from './SeriesPaths';

export interface PanelChartProps {
  readonly rows: ChartRow[];
  readonly series: readonly TooltipSeries[];
  readonly unit: string;
  /** Largest value drawn: the value axis ends at the round tick above it. */
  readonly max: number;
  readonly from: number;
  readonly to: number;
  readonly width: number;
  readonly height: number;
  readonly stacked: boolean;
  /** Bucket width of the store level drawn (0: raw samples). */
  readonly stepMs: number;
  readonly onZoom: (from: number, to: number) => void;
}

/** One crosshair across every panel: the other charts find the point nearest in time. */
export const SYNC_ID = 'tidegauge';
function syncByTime(ticks: readonly TickItem[], data: MouseHandlerDataParam): number {
  const want = Number(data.activeLabel);
  if (!Number.isFinite(want) || ticks.length === 0) return -1;
  let lo = 0;
  let hi = ticks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Number((ticks[mid] as TickItem).value) < want) lo = mid + 1;
    else hi = mid;
  }
  const prev = ticks[lo - 1];
  if (prev && Math.abs(Number(prev.value) - want) < Math.abs(Number((ticks[lo] as TickItem).value) - want)) lo--;
  return (ticks[lo] as TickItem).index;
}

const AXIS = { stroke: 'var(--muted)', fontSize: 11, tickLine: false } as const;
const MARGIN = { top: 6, right: 12, bottom: 0, left: 0 };

/**
 * A time-series chart of one panel: Recharts draws the axes, grid, tooltip and the crosshair
 * shared by every panel; SeriesPaths draws the data. Drag across to zoom.
 */
export const PanelChart = memo(function PanelChart(p: PanelChartProps) {
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const { ticks, stepMs } = timeTicks(p.from, p.to, p.width - 60);
  const yTicks = valueTicks(p.max, p.unit);
  const yMax = yTicks[yTicks.length - 1] as number;
  const label = (e: MouseHandlerDataParam) => {
    const v = Number(e.activeLabel);
    return Number.isFinite(v) ? v : null;
  };
  const handlers = {
    onMouseDown: (e: MouseHandlerDataParam) => {
      const v = label(e);
      if (v !== null) setDrag({ a: v, b: v });
    },
    onMouseMove: (e: MouseHandlerDataParam) => {
      const v = label(e);
      if (drag && v !== null && v !== drag.b) setDrag({ a: drag.a, b: v });
    },
    onMouseUp: () => {
      if (drag && drag.a !== drag.b) p.onZoom(Math.min(drag.a, drag.b), Math.max(drag.a, drag.b));
      setDrag(null);
    },
    onMouseLeave: () => setDrag(null),
  };
  const common = {
    width: p.width,
    height: p.height,
    data: p.rows,
    margin: MARGIN,
    syncId: SYNC_ID,
    syncMethod: syncByTime,
    ...handlers,
  };
  const axes = [
    <XAxis
      key="x"
      dataKey="t"
      type="number"
      scale="time"
      domain={[p.from, p.to]}
      allowDataOverflow
      ticks={ticks}
      tickFormatter={(t: number) => formatTick(t, stepMs)}
      {...AXIS}
    />,
    // Recharts lays out the value axis (its width) but, with no graphical item of its own in
    // the chart, draws no ticks: SeriesPaths draws the grid lines and labels.
    <YAxis key="y" width={62} type="number" domain={[0, yMax]} tick={false} {...AXIS} />,
    <Tooltip
      key="tip"
      isAnimationActive={false}
      // The series are drawn by SeriesPaths, so Recharts has no payload and would keep its
      // box hidden; ChartTooltip reads the rows itself and renders nothing while inactive.
      wrapperStyle={{ visibility: 'visible' }}
      content={(props) => <ChartTooltip {...props} rows={p.rows} unit={p.unit} series={p.series} stepMs={p.stepMs} />}
      cursor={{ stroke: 'var(--muted)', strokeWidth: 1 }}
    />,
    drag && drag.a !== drag.b ? (
      <ReferenceArea key="zoom" x1={drag.a} x2={drag.b} fill="var(--accent)" fillOpacity={0.15} />
    ) : null,
  ];
  return (
    <LineChart {...common}>
      {axes}
      <SeriesPaths
        rows={p.rows}
        series={p.series}
        from={p.from}
        to={p.to}
        yMax={yMax}
        yTicks={yTicks}
        formatY={(v) => formatChartValue(v, p.unit, true)}
        stacked={p.stacked}
      />
    </LineChart>
  );
});
