import { type BoundPanel, buildPanelData, type PanelData, type PanelMode } from './panel-data';
import type { RegistryEntry } from './registry-types';
import { SeriesStore } from './series';
import type { SessionData } from './session/data';

/*
 * Where a panel's data comes from, whatever the view: the live stream, a replayed session, one
 * session of a comparison (on its aligned time axis), a report. Panels are drawn from what a
 * source gives them and never reach for a store themselves, so one panel renders anywhere.
 */

export interface RowsQuery {
  /** ms on the source's time axis, inclusive. */
  readonly from: number;
  readonly to: number;
  readonly mode: PanelMode;
  /** About how many rows the chart draws (its plot's width); 0 hands over every raw sample. */
  readonly maxPoints: number;
}

export interface SeriesSource {
  readonly registry: readonly RegistryEntry[];
  /** Metric index -> why the source cannot report that metric. */
  readonly notReported: Readonly<Record<number, string>>;
  /** The sample interval, ms: a point farther than this from an instant is not that instant's sample. */
  readonly intervalMs: number;
  /** First and last sample times on the source's time axis; NaN while there is none. */
  readonly start: number;
  readonly end: number;
  /** A bound panel's rows over [q.from, q.to]. */
  rows(bound: BoundPanel, q: RowsQuery): PanelData;
  /** Calls fn whenever samples arrive or the history is replaced; returns the unsubscribe. */
  subscribe(fn: () => void): () => void;
}

export function isEmpty(source: Pick<SeriesSource, 'start' | 'end'>): boolean {
  return !(source.end >= source.start);
}

/** A panel's rows from a SeriesStore: the level that suits maxPoints (raw for 0), LTTB'd to it. */
export function storeRows(store: SeriesStore, bound: BoundPanel, q: RowsQuery): PanelData {
  const view =
    q.maxPoints > 0
      ? store.window({ from: q.from, to: q.to, maxPoints: q.maxPoints })
      : store.window({ from: q.from, to: q.to, level: 0 });
  return buildPanelData(bound, view, q.mode, q.maxPoints, q.to);
}

const NEVER = () => () => {};

/** Reasons keyed by metric index (a session file keys them by the index as text). */
export function reasonsByIndex(notReported: Readonly<Record<string, string>>): Record<number, string> {
  const out: Record<number, string> = {};
  for (const [k, v] of Object.entries(notReported)) out[Number(k)] = v;
  return out;
}

/**
 * A saved session as a source: its columns in a SeriesStore kept whole at full resolution
 * (each metric folded into the levels when first drawn). The one loader of replay, compare and
 * reports.
 */
export function sessionSource(data: SessionData): SeriesSource {
  const store = SeriesStore.forSession(data.meta.registry, data.length);
  store.load({ t: data.t, values: data.columns, diagnostics: data.diagnostics });
  return {
    registry: store.registry,
    notReported: reasonsByIndex(data.meta.notReported),
    intervalMs: data.meta.intervalMs,
    start: store.startT,
    end: store.endT,
    rows: (bound, q) => storeRows(store, bound, q),
    subscribe: NEVER,
  };
}

/** Data of a source moved `shiftMs` earlier on the time axis. */
function shiftData(d: PanelData, shiftMs: number): PanelData {
  return {
    ...d,
    rows: d.rows.map((r) => ({ ...r, t: r.t - shiftMs })),
    points: { ...d.points, t: d.points.t.map((t) => t - shiftMs) },
  };
}

/**
 * The same source on a time axis `shiftMs` earlier: a compared session on the aligned axis,
 * where 0 is its origin (its start, an event or a marker).
 */
export function shiftedSource(source: SeriesSource, shiftMs: number): SeriesSource {
  if (shiftMs === 0) return source;
  return {
    registry: source.registry,
    notReported: source.notReported,
    intervalMs: source.intervalMs,
    get start() {
      return source.start - shiftMs;
    },
    get end() {
      return source.end - shiftMs;
    },
    rows: (bound, q) => shiftData(source.rows(bound, { ...q, from: q.from + shiftMs, to: q.to + shiftMs }), shiftMs),
    subscribe: (fn) => source.subscribe(fn),
  };
}
