import type { TooltipContentProps } from 'recharts';
import { formatChartValue } from '../../../shared/format';
import { formatClock } from '../../../shared/time-axis';

export interface TooltipSeries {
  readonly key: string;
  readonly label: string;
  readonly color: string;
}

/** Time, then every series with its exact value in the panel's unit. */
export function ChartTooltip({
  active,
  payload,
  label,
  unit,
  series,
  stepMs,
}: TooltipContentProps & { unit: string; series: readonly TooltipSeries[]; stepMs: number }) {
  if (!active || !payload?.length) return null;
  const t = Number(label);
  const values = new Map(payload.map((p) => [String(p.dataKey), p.value]));
  return (
    <div className="tooltip">
      <div className="tooltip-time">
        {formatClock(t, stepMs === 0)}
        {stepMs > 0 && <span className="muted"> · {stepMs / 1000} s mean</span>}
      </div>
      {series.map((s) => {
        const v = values.get(s.key);
        return (
          <div key={s.key} className="tooltip-row">
            <span className="swatch" style={{ background: s.color }} />
            <span className="tooltip-label">{s.label}</span>
            <span className="tooltip-value">
              {v === null || v === undefined ? 'no data' : formatChartValue(Number(v), unit)}
            </span>
          </div>
        );
      })}
    </div>
  );
}
