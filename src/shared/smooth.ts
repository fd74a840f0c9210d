import type { ChartRow, PanelData } from './panel-data';

/*
 * Smoothing for a panel: a trailing moving average over the window's points, so 1 Hz data over
 * many minutes reads as a trend instead of a hairball (qBittorrent's graph and Grafana's
 * moving-average transform do the same). A gap stays a gap: a point without a value has no
 * mean, and a mean only averages the values it has. The rows drawn are then picked evenly
 * from the smoothed points (no LTTB: its job is to keep the spikes that smoothing removes),
 * and the crosshair reads the smoothed points, so the tooltip gives what the line shows.
 */

/** The choices offered, ms (0: off). */
export const SMOOTHING = [
  { label: 'Off', ms: 0 },
  { label: '10 s', ms: 10_000 },
  // Not "1 min": that is a time window's button beside it.
  { label: '60 s', ms: 60_000 },
] as const;

/** The trailing mean over `windowMs` of a column at times `t` (NaN: no value). */
export function movingAverage(t: ArrayLike<number>, v: ArrayLike<number>, windowMs: number): Float64Array {
  const n = v.length;
  const out = new Float64Array(n);
  let sum = 0;
  let count = 0;
  let a = 0;
  for (let k = 0; k < n; k++) {
    const x = v[k] as number;
    if (Number.isFinite(x)) {
      sum += x;
      count++;
    }
    const from = (t[k] as number) - windowMs;
    while (a < k && (t[a] as number) <= from) {
      const y = v[a] as number;
      if (Number.isFinite(y)) {
        sum -= y;
        count--;
      }
      a++;
    }
    out[k] = Number.isFinite(x) && count > 0 ? sum / count : Number.NaN;
  }
  return out;
}

/** The panel's data with each series smoothed over `windowMs`, drawn with about `maxPoints` rows. */
export function smoothPanelData(data: PanelData, windowMs: number, maxPoints: number): PanelData {
  if (windowMs <= 0) return data;
  const { t } = data.points;
  const keys = Object.keys(data.points.columns);
  const columns: Record<string, Float64Array> = {};
  for (const key of keys) columns[key] = movingAverage(t, data.points.columns[key] as Float64Array, windowMs);
  const n = t.length;
  const step = maxPoints > 0 && n > maxPoints ? n / maxPoints : 1;
  const rows: ChartRow[] = [];
  let max = 0;
  for (let f = 0; Math.floor(f) < n; f += step) {
    const k = Math.floor(f);
    const row: ChartRow = { t: t[k] as number };
    for (const key of keys) {
      const x = (columns[key] as Float64Array)[k] as number;
      row[key] = Number.isFinite(x) ? x : null;
    }
    rows.push(row);
  }
  // The last point too: the line reaches the window's right edge.
  if (n > 0 && rows.at(-1)?.t !== t[n - 1]) {
    const row: ChartRow = { t: t[n - 1] as number };
    for (const key of keys) {
      const x = (columns[key] as Float64Array)[n - 1] as number;
      row[key] = Number.isFinite(x) ? x : null;
    }
    rows.push(row);
  }
  for (const key of keys) for (const x of columns[key] as Float64Array) if (x > max) max = x;
  return { ...data, rows, points: { ...data.points, columns }, max: Math.max(max, 0) };
}
