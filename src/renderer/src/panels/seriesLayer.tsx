import type { ChartRow } from '../../../shared/panel-data';
import type { TooltipSeries } from './ChartTooltip';

/*
 * The series of a panel drawn as one SVG path each, with the value grid and its labels, in a
 * given plot area: inside a Recharts chart (SeriesPaths; Recharts still owns the time axis,
 * tooltip and the shared crosshair) or in a report's static chart (no Recharts at all). Recharts' own <Line> builds several
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

export function scales(p: SeriesPathsProps, area: { x: number; y: number; width: number; height: number }) {
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
