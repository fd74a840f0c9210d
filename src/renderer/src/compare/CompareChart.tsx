import { memo, useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  type MouseHandlerDataParam,
  ReferenceArea,
  type TickItem,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatChartValue } from '../../../shared/format';
import type { ChartRow } from '../../../shared/panel-data';
import { valueTicks } from '../../../shared/value-axis';
import { formatElapsed } from '../replay/model';
import { nearestValue } from './model';

export interface CompareSeries {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly dash?: string;
}

/** Every compare chart shares one crosshair; the others find the point nearest in time. */
const SYNC_ID = 'tidegauge-compare';
function syncByTime(ticks: readonly TickItem[], data: MouseHandlerDataParam): number {
  const want = Number(data.activeLabel);
  if (!Number.isFinite(want) || ticks.length === 0) return -1;
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  for (const [i, t] of ticks.entries()) {
    const d = Math.abs(Number(t.value) - want);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return (ticks[best] as TickItem).index;
}

function elapsedTicks(from: number, to: number, widthPx: number): number[] {
  const span = Math.max(1, to - from);
  const want = Math.max(2, Math.floor(widthPx / 90));
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map(
    (s) => s * 1000,
  );
  const step = steps.find((s) => span / s <= want) ?? 86_400_000;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

const AXIS = { stroke: 'var(--muted)', fontSize: 11, tickLine: false } as const;

/**
 * A chart on the elapsed-time axis of a comparison (0 = each session's aligned origin):
 * overlaid sessions, or one session's series in side-by-side mode. Drag to zoom every chart.
 */
export const CompareChart = memo(function CompareChart(p: {
  rows: readonly ChartRow[];
  series: readonly CompareSeries[];
  unit: string;
  from: number;
  to: number;
  width: number;
  height: number;
  onZoom: (from: number, to: number) => void;
  /** Gap (ms) beyond which the tooltip says a session has no point near the cursor. */
  maxGap: number;
}) {
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  let max = 0;
  for (const r of p.rows)
    if (r.t >= p.from && r.t <= p.to)
      for (const s of p.series) {
        const v = r[s.key];
        if (v !== null && v !== undefined && v > max) max = v;
      }
  const yTicks = valueTicks(max, p.unit);
  const yMax = yTicks[yTicks.length - 1] as number;
  const at = (e: MouseHandlerDataParam) => {
    const v = Number(e.activeLabel);
    return Number.isFinite(v) ? v : null;
  };
  return (
    <LineChart
      width={p.width}
      height={p.height}
      data={p.rows as ChartRow[]}
      margin={{ top: 6, right: 12, bottom: 0, left: 0 }}
      syncId={SYNC_ID}
      syncMethod={syncByTime}
      onMouseDown={(e) => {
        const v = at(e);
        if (v !== null) setDrag({ a: v, b: v });
      }}
      onMouseMove={(e) => {
        const v = at(e);
        if (drag && v !== null && v !== drag.b) setDrag({ a: drag.a, b: v });
      }}
      onMouseUp={() => {
        if (drag && drag.a !== drag.b) p.onZoom(Math.min(drag.a, drag.b), Math.max(drag.a, drag.b));
        setDrag(null);
      }}
      onMouseLeave={() => setDrag(null)}
    >
      <CartesianGrid stroke="var(--grid)" vertical={false} />
      <XAxis
        dataKey="t"
        type="number"
        domain={[p.from, p.to]}
        allowDataOverflow
        ticks={elapsedTicks(p.from, p.to, p.width - 60)}
        tickFormatter={(t: number) => formatElapsed(t)}
        {...AXIS}
      />
      <YAxis
        width={62}
        type="number"
        domain={[0, yMax]}
        ticks={yTicks}
        interval={0}
        tickFormatter={(v: number) => formatChartValue(v, p.unit, true)}
        {...AXIS}
      />
      <Tooltip
        isAnimationActive={false}
        cursor={{ stroke: 'var(--muted)', strokeWidth: 1 }}
        content={({ active, label }) => {
          const t = Number(label);
          if (!active || !Number.isFinite(t)) return null;
          return (
            <div className="tooltip">
              <div className="tooltip-time">{formatElapsed(t)} from the aligned start</div>
              {p.series.map((s) => {
                const v = nearestValue(p.rows, s.key, t, p.maxGap);
                return (
                  <div key={s.key} className="tooltip-row">
                    <span className="swatch" style={{ background: s.color }} />
                    <span className="tooltip-label">{s.label}</span>
                    <span className="tooltip-value">{v === null ? 'no data' : formatChartValue(v, p.unit)}</span>
                  </div>
                );
              })}
            </div>
          );
        }}
      />
      {p.series.map((s) => (
        <Line
          key={s.key}
          dataKey={s.key}
          name={s.label}
          type="linear"
          stroke={s.color}
          strokeWidth={1.6}
          strokeDasharray={s.dash || undefined}
          dot={false}
          activeDot={false}
          connectNulls
          isAnimationActive={false}
          className="series-line"
        />
      ))}
      {drag && drag.a !== drag.b && <ReferenceArea x1={drag.a} x2={drag.b} fill="var(--accent)" fillOpacity={0.15} />}
    </LineChart>
  );
});
