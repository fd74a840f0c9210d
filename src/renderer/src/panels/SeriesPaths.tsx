import { useId } from 'react';
import { useActiveTooltipLabel, usePlotArea } from 'recharts';
import type { ChartRow } from '../../../shared/panel-data';
import type { TooltipSeries } from './ChartTooltip';

/*
 * The series of a panel drawn as one SVG path each, inside a Recharts chart (which still owns
 * the axes, grid, tooltip and the shared crosshair). Recharts' own <Line> builds several
 * objects per point on every render (label entries, animation state, path length); at ten
 * redraws a second of every visible panel that was most of the frame. A path string per
 * series from the already downsampled rows is all a live chart needs.
 */

export interface SeriesPathsProps {
  readonly rows: readonly ChartRow[];
  readonly series: readonly TooltipSeries[];
  readonly from: number;
  readonly to: number;
  readonly yMax: number;
  readonly yTicks: readonly number[];
  readonly formatY: (v: number) => string;
  readonly stacked: boolean;
}

type Scale = (v: number) => number;

function scales(p: SeriesPathsProps, area: { x: number; y: number; width: number; height: number }) {
  const kx = area.width / (p.to - p.from || 1);
  const ky = area.height / (p.yMax || 1);
  const bottom = area.y + area.height;
  const sx: Scale = (t) => area.x + (t - p.from) * kx;
  const sy: Scale = (v) => bottom - v * ky;
  return { sx, sy, bottom };
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** A polyline through the rows' values of `key`; a null value breaks the line (a gap). */
function linePath(rows: readonly ChartRow[], key: string, sx: Scale, sy: Scale, base?: Float64Array): string {
  let d = '';
  let pen = false;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k] as ChartRow;
    const v = row[key];
    if (v === null || v === undefined) {
      pen = false;
      continue;
    }
    const y = base ? (base[k] as number) + v : v;
    d += `${pen ? 'L' : 'M'}${r1(sx(row.t))},${r1(sy(y))}`;
    pen = true;
  }
  return d;
}

/** Stacked areas: each band from the running total below it to the total including it. */
function stackedPaths(p: SeriesPathsProps, sx: Scale, sy: Scale): { line: string; area: string }[] {
  const n = p.rows.length;
  const base = new Float64Array(n);
  return p.series.map((s) => {
    const top = new Float64Array(n);
    for (let k = 0; k < n; k++) top[k] = (base[k] as number) + ((p.rows[k] as ChartRow)[s.key] ?? 0);
    let area = '';
    for (let k = 0; k < n; k++)
      area += `${k ? 'L' : 'M'}${r1(sx((p.rows[k] as ChartRow).t))},${r1(sy(top[k] as number))}`;
    for (let k = n - 1; k >= 0; k--) area += `L${r1(sx((p.rows[k] as ChartRow).t))},${r1(sy(base[k] as number))}`;
    const line = linePath(p.rows, s.key, sx, sy, base);
    base.set(top);
    return { line, area: n ? `${area}Z` : '' };
  });
}

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

export type PlotArea = { readonly x: number; readonly y: number; readonly width: number; readonly height: number };

/**
 * The value grid, its labels and the series paths in a given plot area: what SeriesPaths draws
 * inside a Recharts chart, and what a report's static chart draws without Recharts.
 */
export function SeriesLayer(p: SeriesPathsProps & { area: PlotArea; clipId: string; children?: React.ReactNode }) {
  const { area, clipId: clip } = p;
  const { sx, sy } = scales(p, area);
  const paths = p.stacked
    ? stackedPaths(p, sx, sy)
    : p.series.map((s) => ({ line: linePath(p.rows, s.key, sx, sy), area: '' }));
  return (
    <g className="series">
      <g className="value-axis">
        {p.yTicks.map((v) => (
          <g key={v}>
            <line x1={area.x} x2={area.x + area.width} y1={sy(v)} y2={sy(v)} stroke="var(--grid)" />
            <text x={area.x - 6} y={sy(v)} dy="0.32em" textAnchor="end" fontSize={11} fill="var(--muted)">
              {p.formatY(v)}
            </text>
          </g>
        ))}
      </g>
      <defs>
        <clipPath id={clip}>
          <rect x={area.x} y={area.y - 2} width={area.width} height={area.height + 4} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clip})`}>
        {paths.map((d, i) => {
          const s = p.series[i] as TooltipSeries;
          return (
            <g key={s.key}>
              {d.area && <path d={d.area} fill={s.color} fillOpacity={0.3} stroke="none" />}
              <path
                className="series-line"
                data-series={s.label}
                d={d.line}
                fill="none"
                stroke={s.color}
                strokeWidth={1.5}
                strokeLinejoin="round"
              />
            </g>
          );
        })}
      </g>
      {p.children}
    </g>
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
