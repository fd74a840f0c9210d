/** What the charts' time axis shows: a live window, a paused one, or a zoomed range. */
export interface TimeState {
  /** Width of the live window in ms; null: everything since the stream started. */
  readonly windowMs: number | null;
  /** Right edge frozen at this time (ms since the epoch); null: follows the newest sample. */
  readonly pausedAt: number | null;
  /** A range picked by dragging across a chart; overrides window and pause until reset. */
  readonly zoom: { readonly from: number; readonly to: number } | null;
  /** Moving average of the lines, ms (0: every point as it is); see shared/smooth.ts. */
  readonly smoothMs?: number;
}

export const PRESETS: readonly { readonly label: string; readonly ms: number | null; readonly key: string }[] = [
  { label: '1 min', ms: 60_000, key: '1' },
  { label: '5 min', ms: 300_000, key: '2' },
  { label: '15 min', ms: 900_000, key: '3' },
  { label: '1 h', ms: 3_600_000, key: '4' },
  { label: 'All', ms: null, key: '5' },
];

export const INITIAL_TIME: TimeState = { windowMs: 300_000, pausedAt: null, zoom: null };

export type TimeAction =
  | { type: 'window'; ms: number | null }
  | { type: 'pause'; at: number }
  | { type: 'resume' }
  | { type: 'zoom'; from: number; to: number }
  | { type: 'resetZoom' }
  | { type: 'smooth'; ms: number };

export function timeReducer(s: TimeState, a: TimeAction): TimeState {
  switch (a.type) {
    case 'window':
      return { ...s, windowMs: a.ms, zoom: null };
    case 'pause':
      return Number.isFinite(a.at) ? { ...s, pausedAt: a.at } : s;
    case 'resume':
      return { ...s, pausedAt: null, zoom: null };
    case 'zoom':
      return a.to > a.from ? { ...s, zoom: { from: a.from, to: a.to } } : s;
    case 'resetZoom':
      return { ...s, zoom: null };
    case 'smooth':
      return { ...s, smoothMs: a.ms };
  }
}

/** Whether new samples move the view (live) or not (paused or zoomed). */
export function isLive(s: TimeState): boolean {
  return s.pausedAt === null && s.zoom === null;
}

/**
 * The range to draw, given the stream's first and last sample times. A window spans its whole
 * width even when the stream is younger ("15 min" with a minute of data draws a 15-minute axis
 * with the minute at its right end, as Grafana and qBittorrent's graph do), so a glance tells
 * how much history there is; "All" draws from the first sample.
 */
export function resolveRange(s: TimeState, startT: number, endT: number): { from: number; to: number } {
  if (s.zoom) return s.zoom;
  const to = s.pausedAt ?? endT;
  if (s.windowMs === null) return { from: Math.min(startT, to - 1000), to };
  return { from: to - s.windowMs, to };
}
