import type { TooltipContentProps } from 'recharts';
import { formatChartValue } from '../../../shared/format';
import type { ChartRow } from '../../../shared/panel-data';
import { formatClock } from '../../../shared/time-axis';
import { nearestRow } from './SeriesPaths';

export interface TooltipSeries {
  readonly key: string;
  readonly label: string;
  readonly color: string;
}

/** Time, then every series with its exact value in the panel's unit (read from the drawn rows). */
export function ChartTooltip({
  active,
  label,
  rows,
  unit,
  series,
  stepMs,
}: TooltipContentProps & {
  rows: readonly ChartRow[];
  unit: string;
  series: readonly TooltipSeries[];
  stepMs: number;
}) {
  const row = active ? nearestRow(rows, Number(label)) : undefined;
  if (!row) return null;
  const t = row.t;
  return (
    <div className="tooltip">
      <div className="tooltip-time">
        {formatClock(t, stepMs === 0)}
        {stepMs > 0 && <span className="muted"> · {stepMs / 1000} s mean</span>}
      </div>
      {series.map((s) => {
        const v = row[s.key];
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
