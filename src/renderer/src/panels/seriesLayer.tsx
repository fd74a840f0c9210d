import { formatChartValue } from '../../../shared/format';
import type { ChartRow } from '../../../shared/panel-data';
import { valueTicks } from '../../../shared/value-axis';
import type { ChartFrame } from './frame';
import type { PlotArea } from './geometry';

/*
 * The frames of a chart drawn as one SVG path per series, with the value grid and its labels,
 * in a given plot area: inside a dashboard or compare chart (Recharts draws its time axis) and
 * in a report's static chart. Recharts' own <Line> builds several objects per point on every
 * render (label entries, animation state, path length); at ten redraws a second of every
 * visible panel that was most of the frame. A path string per series from the already
 * downsampled rows is all a chart needs.
 */

export interface SeriesLayerProps {
  readonly frames: readonly ChartFrame[];
  readonly from: number;
  readonly to: number;
  readonly yMax: number;
  readonly yTicks: readonly number[];
  readonly formatY: (v: number) => string;
  readonly stacked: boolean;
}

type Scale = (v: number) => number;

/** A chart's value axis: round ticks from 0 to just above the largest value, labelled in the unit. */
export function valueAxis(max: number, unit: string): Pick<SeriesLayerProps, 'yMax' | 'yTicks' | 'formatY'> {
  const yTicks = valueTicks(max, unit);
  return { yTicks, yMax: yTicks[yTicks.length - 1] as number, formatY: (v) => formatChartValue(v, unit, true) };
}

export function scales(p: Pick<SeriesLayerProps, 'from' | 'to' | 'yMax'>, area: PlotArea) {
  const kx = area.width / (p.to - p.from || 1);
  const ky = area.height / (p.yMax || 1);
  const bottom = area.y + area.height;
  const sx: Scale = (t) => area.x + (t - p.from) * kx;
  const sy: Scale = (v) => bottom - v * ky;
  return { sx, sy, bottom };
}

const r1 = (v: number) => Math.round(v * 10) / 10;
const has = (row: ChartRow | undefined, key: string) =>
  row !== undefined && row[key] !== null && row[key] !== undefined;

/** A polyline through the rows' values of `key`; a null value breaks the line (a gap). */
function linePath(rows: readonly ChartRow[], key: string, sx: Scale, sy: Scale, base?: Float64Array): string {
  let d = '';
  let pen = false;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k] as ChartRow;
    const v = row[key];
    // In a stack a zero band has no line: drawn, it would run along the top of the bands
    // below and read as that value.
    if (v === null || v === undefined || (base && v === 0)) {
      pen = false;
      continue;
    }
    const y = base ? (base[k] as number) + v : v;
    d += `${pen ? 'L' : 'M'}${r1(sx(row.t))},${r1(sy(y))}`;
    pen = true;
  }
  return d;
}

interface Dot {
  readonly t: number;
  readonly y: number;
}

/** A run of values narrower than this (px) is drawn as dots: its line would be too short to see. */
const DOT_RUN_PX = 2;

/**
 * Runs of values between gaps (or the edges) too short to see as a line, a lone value above
 * all (a line through one point draws nothing): a mean of rare events, diagnostics switched on
 * for a moment. These are drawn as dots.
 */
function shortRuns(rows: readonly ChartRow[], key: string, sx: Scale, base?: Float64Array): Dot[] {
  const out: Dot[] = [];
  let k = 0;
  while (k < rows.length) {
    if (!has(rows[k], key)) {
      k++;
      continue;
    }
    const a = k;
    while (k + 1 < rows.length && has(rows[k + 1], key)) k++;
    if (sx((rows[k] as ChartRow).t) - sx((rows[a] as ChartRow).t) < DOT_RUN_PX)
      for (let j = a; j <= k; j++) {
        const row = rows[j] as ChartRow;
        out.push({ t: row.t, y: (base ? (base[j] as number) : 0) + (row[key] as number) });
      }
    k++;
  }
  return out;
}

interface Drawn {
  readonly line: string;
  readonly area: string;
  readonly dots: readonly Dot[];
}

/** Stacked areas: each band from the running total below it to the total including it. */
function stackedPaths(f: ChartFrame, sx: Scale, sy: Scale): Drawn[] {
  const rows = f.rows;
  const n = rows.length;
  const base = new Float64Array(n);
  return f.series.map((s) => {
    const top = new Float64Array(n);
    for (let k = 0; k < n; k++) top[k] = (base[k] as number) + ((rows[k] as ChartRow)[s.key] ?? 0);
    let area = '';
    for (let k = 0; k < n; k++)
      area += `${k ? 'L' : 'M'}${r1(sx((rows[k] as ChartRow).t))},${r1(sy(top[k] as number))}`;
    for (let k = n - 1; k >= 0; k--) area += `L${r1(sx((rows[k] as ChartRow).t))},${r1(sy(base[k] as number))}`;
    const drawn = {
      line: linePath(rows, s.key, sx, sy, base),
      area: n ? `${area}Z` : '',
      dots: shortRuns(rows, s.key, sx, base),
    };
    base.set(top);
    return drawn;
  });
}

/**
 * The value grid, its labels and the frames' paths (and dots) in a given plot area; children
 * (the crosshair, a zoom selection) are drawn on top.
 */
export function SeriesLayer(p: SeriesLayerProps & { area: PlotArea; clipId: string; children?: React.ReactNode }) {
  const { area, clipId: clip } = p;
  const { sx, sy } = scales(p, area);
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
        {p.frames.map((f, j) => {
          const drawn = p.stacked
            ? stackedPaths(f, sx, sy)
            : f.series.map((s) => ({
                line: linePath(f.rows, s.key, sx, sy),
                area: '',
                dots: shortRuns(f.rows, s.key, sx),
              }));
          return drawn.map((d, i) => {
            const s = f.series[i] as ChartFrame['series'][number];
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: frames are positional (a session of a comparison)
              <g key={`${j}/${s.key}`}>
                {d.area && <path d={d.area} fill={s.color} fillOpacity={0.3} stroke="none" />}
                <path
                  className="series-line"
                  data-series={s.label}
                  d={d.line}
                  fill="none"
                  stroke={s.color}
                  strokeWidth={1.5}
                  strokeDasharray={s.dash || undefined}
                  strokeLinejoin="round"
                />
                {d.dots.map((dot) => (
                  <circle
                    key={dot.t}
                    className="series-dot"
                    data-series={s.label}
                    cx={r1(sx(dot.t))}
                    cy={r1(sy(dot.y))}
                    r={2.5}
                    fill={s.color}
                  />
                ))}
              </g>
            );
          });
        })}
      </g>
      {p.children}
    </g>
  );
}
