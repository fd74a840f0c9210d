import { useId } from 'react';
import { useActiveTooltipLabel, usePlotArea } from 'recharts';
import type { ChartRow } from '../../../shared/panel-data';
import { type PlotArea, SeriesLayer, type SeriesPathsProps, scales } from './seriesLayer';

export type { PlotArea, SeriesPathsProps } from './seriesLayer';

/** The series layer inside a Recharts chart: its plot area, and dots at the crosshair's time. */
export function SeriesPaths(p: SeriesPathsProps) {
  const area = usePlotArea();
  const clip = useId();
  if (!area || !(area.width > 0)) return null;
  return (
    <SeriesLayer {...p} area={area} clipId={clip}>
      <ActiveDots {...p} area={area} />
    </SeriesLayer>
  );
}

/** Dots on every series at the crosshair's time (its own component: hovering redraws only this). */
function ActiveDots(p: SeriesPathsProps & { area: PlotArea }) {
  const label = useActiveTooltipLabel();
  const t = Number(label);
  if (label === undefined || !Number.isFinite(t)) return null;
  const row = nearestRow(p.rows, t);
  if (!row) return null;
  const { sx, sy } = scales(p, p.area);
  let base = 0;
  return (
    <g className="active-dots">
      {p.series.map((s) => {
        const v = row[s.key];
        if (v === null || v === undefined) return null;
        if (p.stacked) base += v;
        const y = p.stacked ? base : v;
        return <circle key={s.key} cx={sx(row.t)} cy={sy(y)} r={3} fill={s.color} stroke="var(--panel)" />;
      })}
    </g>
  );
}

/** The row whose time is nearest to t (rows ascending by time). */
export function nearestRow(rows: readonly ChartRow[], t: number): ChartRow | undefined {
  let lo = 0;
  let hi = rows.length - 1;
  if (hi < 0) return undefined;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] as ChartRow).t < t) lo = mid + 1;
    else hi = mid;
  }
  const prev = rows[lo - 1];
  const cur = rows[lo] as ChartRow;
  return prev && Math.abs(prev.t - t) < Math.abs(cur.t - t) ? prev : cur;
}
