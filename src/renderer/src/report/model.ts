import type { SourceInfo } from '../../../shared/api';
import { completeTime } from '../../../shared/compare/align';
import { type HeadlineTableRow, headlineTable } from '../../../shared/compare/compareGroups';
import {
  type CompareRow,
  type Comparison,
  compareSessions,
  type Delta,
  type Figures,
  type Missing,
  type SessionFigures,
  spanStart,
} from '../../../shared/compare/compareSessions';
import { headlineFigures } from '../../../shared/compare/headline';
import { counterFigures, distribution } from '../../../shared/compare/stats';
import type { FiguresWithFindings, Finding } from '../../../shared/findings';
import { formatDuration, formatValue } from '../../../shared/format';
import { PANELS, panelMetricNames } from '../../../shared/panels';
import type { SessionData } from '../../../shared/session/data';
import type { SessionEvent } from '../../../shared/session/events';

/*
 * What a report shows, computed without a DOM (the report page, the dashboard's export and the
 * tests all call this): sessions with their metadata, key numbers from the shared compare
 * statistics, and for comparisons the summary delta table from compareSessions.
 */

export type ReportTheme = 'light' | 'dark';

export interface ReportOptions {
  /** Panel ids in the order drawn. */
  readonly panels: readonly string[];
  readonly theme: ReportTheme;
  /** CSS pixels; the PNG is twice as wide. */
  readonly width: number;
  /** Index of the baseline session of a comparison. */
  readonly baseline: number;
}

export const DEFAULT_PANELS: readonly string[] = ['bw.rate', 'bw.totals', 'peers.connections', 'disk.throughput'];
export const MIN_WIDTH = 480;
export const MAX_WIDTH = 3000;
export const DEFAULT_WIDTH = 1200;

export function defaultOptions(partial: Partial<ReportOptions> = {}): ReportOptions {
  return {
    panels: partial.panels ?? DEFAULT_PANELS.filter((id) => PANELS.some((p) => p.id === id)),
    theme: partial.theme ?? 'light',
    width: Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, partial.width ?? DEFAULT_WIDTH))),
    baseline: partial.baseline ?? 0,
  };
}

/** One session of a report: its data plus what the library knows about it. */
export interface ReportSession {
  readonly id: string;
  readonly title: string;
  readonly notes: string;
  readonly tags: readonly string[];
  readonly source: SourceInfo | null;
  /** Its columns: all of them, or an overview for the charts (then `whole` says what the session holds). */
  readonly data: SessionData;
  /** Counted by the host over every sample when `data` is an overview. */
  readonly whole?: { readonly samples: number; readonly diagnosticSamples: number };
  /** Drawn over its charts: the file's events (else `data`'s) and the library's markers. */
  readonly events?: readonly SessionEvent[];
  readonly markers?: readonly { readonly name: string; readonly t: number }[];
}

export interface KeyNumber {
  readonly id: string;
  readonly label: string;
  /** The figure as shown. */
  readonly value: string;
  /** A second line (mean / p95), or ''. */
  readonly detail: string;
}

/** Where the key figures come from, first name present wins (other registries name things differently). */
const DOWN = ['bw.total_downloaded', 'net.bytes_recv'];
const UP = ['bw.total_uploaded', 'net.bytes_sent'];
const PEERS = ['peer.peers_connected', 'net.num_connections'];

/**
 * Every metric a single-session report reads: the panels' metrics and derived-series inputs,
 * the key numbers, and what "time to complete" looks at. The headless report fetches only these.
 */
export function reportColumns(panelIds: readonly string[]): string[] {
  const panels = panelIds.flatMap((id) => PANELS.filter((p) => p.id === id));
  return [...new Set([...DOWN, ...UP, ...PEERS, 'peer.num_downloading_torrents', ...panelMetricNames(panels)])];
}

type FigureLookup = (names: readonly string[]) => { name: string; unit: string; figures: Figures } | null;

/** Figures of one metric of a session over its whole span (same math as compareSessions). */
export function sessionFigures(data: SessionData, name: string): Figures | Missing {
  const i = data.meta.registry.findIndex((e) => e.name === name);
  const entry = data.meta.registry[i];
  if (!entry) return 'not in registry';
  if (String(i) in data.meta.notReported) return 'not reported';
  const col = data.columns[i] as Float64Array;
  if (entry.kind === 'counter') return counterFigures(data.t, col);
  return { ...distribution(col), total: null };
}

function lookupIn(data: SessionData): FigureLookup {
  return (names) => {
    for (const name of names) {
      const f = sessionFigures(data, name);
      const entry = data.meta.registry.find((e) => e.name === name);
      if (typeof f !== 'string' && f.n > 0 && entry) return { name, unit: entry.unit, figures: f };
    }
    return null;
  };
}

function lookupRows(c: Comparison, k: number): FigureLookup {
  return (names) => {
    for (const name of names) {
      const row = c.rows.find((r) => r.name === name);
      const f = row?.sessions[k];
      if (row && typeof f === 'object' && f.n > 0) return { name, unit: row.unit, figures: f };
    }
    return null;
  };
}

const rate = (v: number, unit: string) => formatValue(v, unit === 'B' ? 'B/s' : unit);

function keyNumbersFrom(find: FigureLookup, timeToCompleteS: number | null): KeyNumber[] {
  const out: KeyNumber[] = [];
  for (const [id, label, names, rateLabel] of [
    ['down', 'Downloaded', DOWN, 'Download rate'],
    ['up', 'Uploaded', UP, 'Upload rate'],
  ] as const) {
    const f = find(names);
    if (!f) {
      out.push({ id, label, value: '—', detail: 'not reported' });
      continue;
    }
    out.push({ id, label, value: formatValue(f.figures.total ?? Number.NaN, f.unit), detail: f.name });
    out.push({
      id: `${id}-rate`,
      label: rateLabel,
      value: rate(f.figures.mean, f.unit),
      detail: `mean · p95 ${rate(f.figures.p95, f.unit)}`,
    });
  }
  out.push({
    id: 'complete',
    label: 'Time to complete',
    value: timeToCompleteS === null ? 'not complete' : formatDuration(timeToCompleteS),
    detail: timeToCompleteS === null ? 'no finished download seen' : 'from the first sample',
  });
  const peers = find(PEERS);
  out.push(
    peers
      ? {
          id: 'peers',
          label: 'Peers connected',
          value: formatValue(peers.figures.mean, 'count'),
          detail: `mean · p95 ${formatValue(peers.figures.p95, 'count')}`,
        }
      : { id: 'peers', label: 'Peers connected', value: '—', detail: 'not reported' },
  );
  return out;
}

/** Seconds from the first sample to download complete, or null. */
export function timeToComplete(data: SessionData): number | null {
  const done = completeTime(data);
  return done === null || data.length === 0 ? null : (done - (data.t[0] as number)) / 1000;
}

export function sessionKeyNumbers(data: SessionData): KeyNumber[] {
  return keyNumbersFrom(lookupIn(data), timeToComplete(data));
}

/** Key numbers from a session's figures computed by the host (the page then needs only chart data). */
export function figuresKeyNumbers(h: SessionFigures): KeyNumber[] {
  const find: FigureLookup = (names) => {
    for (const name of names) {
      const i = h.entries.findIndex((e) => e.name === name);
      const f = h.figures[i];
      const e = h.entries[i];
      if (e && typeof f === 'object' && f.n > 0) return { name, unit: e.unit, figures: f };
    }
    return null;
  };
  return keyNumbersFrom(find, h.info.timeToCompleteS);
}

export function comparisonKeyNumbers(c: Comparison, k: number): KeyNumber[] {
  return keyNumbersFrom(lookupRows(c, k), c.sessions[k]?.timeToCompleteS ?? null);
}

/** Rows of the comparison's summary table: the key metrics, then the largest good/bad changes. */
export interface DeltaRow {
  readonly label: string;
  readonly name: string;
  /** Headline per session, formatted (or why missing). */
  readonly cells: readonly string[];
  readonly deltas: readonly (Delta | null)[];
}

const KEY_ROWS: readonly { names: readonly string[]; label: string }[] = [
  { names: DOWN, label: 'Downloaded' },
  { names: UP, label: 'Uploaded' },
  { names: PEERS, label: 'Peers connected (mean)' },
];

function headlineText(row: CompareRow, f: Figures | Missing | undefined): string {
  if (f === undefined) return '';
  if (typeof f === 'string') return f;
  return row.kind === 'counter' ? formatValue(f.total ?? Number.NaN, row.unit) : formatValue(f.mean, row.unit);
}

export function deltaTable(c: Comparison, extra = 10): DeltaRow[] {
  const out: DeltaRow[] = [];
  const used = new Set<string>();
  const push = (row: CompareRow, label: string) => {
    used.add(row.name);
    out.push({ label, name: row.name, cells: row.sessions.map((f) => headlineText(row, f)), deltas: row.deltas });
  };
  for (const k of KEY_ROWS) {
    const row = k.names.map((n) => c.rows.find((r) => r.name === n)).find((r) => r !== undefined);
    if (row) push(row, k.label);
  }
  const changed = c.rows
    .filter((r) => !used.has(r.name))
    .map((r) => ({
      r,
      size: Math.max(
        0,
        ...r.deltas.map((d) =>
          d && (d.verdict === 'better' || d.verdict === 'worse') ? Math.abs(d.pct ?? Number.POSITIVE_INFINITY) : 0,
        ),
      ),
    }))
    .filter((x) => x.size > 0.5)
    .sort((a, b) => b.size - a.size)
    .slice(0, extra);
  for (const { r } of changed) push(r, r.name);
  return out;
}

export function formatDeltaPct(d: Delta | null): string {
  if (!d) return '';
  if (d.abs === 0) return '=';
  if (d.pct === null) return d.abs > 0 ? 'new' : '−';
  const s = Math.abs(d.pct) >= 100 ? d.pct.toFixed(0) : d.pct.toFixed(1);
  return `${d.pct > 0 ? '+' : ''}${s}%`;
}

/** Everything a report lays out: one session, or a comparison of 2–4. */
export interface ReportModel {
  readonly kind: 'session' | 'comparison' | 'live';
  readonly title: string;
  readonly sessions: readonly ReportSession[];
  readonly options: ReportOptions;
  /** Per session (same order). */
  readonly keyNumbers: readonly (readonly KeyNumber[])[];
  readonly comparison: Comparison | null;
  readonly deltas: readonly DeltaRow[];
  /** A comparison's headline figures against the baseline (compareGroups' headlineTable, as the app and CLI show). */
  readonly headline: readonly HeadlineTableRow[];
  /** ms since the epoch. */
  readonly generatedAt: number;
  readonly appVersion: string;
  /** Per session: the findings the host computed over every sample, or null (computed from the page's data). */
  readonly findings?: readonly (readonly Finding[] | null)[];
}

export function buildReportModel(
  kind: ReportModel['kind'],
  sessions: readonly ReportSession[],
  options: ReportOptions,
  meta: { generatedAt: number; appVersion: string; title?: string },
  /**
   * What the host computed from the whole sessions (then the sessions' data may be a strided
   * overview for the charts): a comparison's summary, or one session's figures.
   */
  computed: { comparison?: Comparison | null; figures?: SessionFigures | null } = {},
): ReportModel {
  if (sessions.length === 0) throw new RangeError('a report needs a session');
  const compare = sessions.length > 1;
  const comparison = compare
    ? (computed.comparison ??
      compareSessions(
        sessions.map((s) => ({ id: s.id, title: s.title, data: s.data })),
        { baseline: options.baseline },
      ))
    : null;
  const keyNumbers = comparison
    ? sessions.map((_, k) => comparisonKeyNumbers(comparison, k))
    : [computed.figures ? figuresKeyNumbers(computed.figures) : sessionKeyNumbers((sessions[0] as ReportSession).data)];
  const title =
    meta.title ??
    (compare ? `Comparison: ${sessions.map((s) => s.title).join(' vs ')}` : (sessions[0] as ReportSession).title);
  // What the host counted over every sample (the page may hold an overview for the charts).
  const infos =
    comparison && computed.comparison ? comparison.sessions : computed.figures ? [computed.figures.info] : [];
  const withWhole = sessions.map((s, k) => {
    const info = infos[k];
    return info ? { ...s, whole: { samples: info.samples, diagnosticSamples: info.diagnosticSamples } } : s;
  });
  return {
    kind: compare ? 'comparison' : kind,
    title,
    sessions: withWhole,
    options,
    keyNumbers,
    findings: sessions.map((_, k) =>
      k === 0 && !compare ? ((computed.figures as FiguresWithFindings | null | undefined)?.findings ?? null) : null,
    ),
    comparison,
    deltas: comparison ? deltaTable(comparison) : [],
    headline: comparison
      ? headlineTable(
          sessions.map((s, k) => ({
            headline: headlineFigures(s.data, spanStart(s.data, comparison.sessions[k]?.origin ?? 0)),
            intervalS: s.data.meta.intervalMs / 1000,
          })),
          comparison.baseline,
        )
      : [],
    generatedAt: meta.generatedAt,
    appVersion: meta.appVersion,
  };
}

const LATIN1 = /[^\x20-\x7e\xa0-\xff\n]/g;
const ASCII_FOR: Record<string, string> = { '—': '-', '–': '-', '−': '-', '’': "'", '“': '"', '”': '"', '…': '...' };

/** PNG tEXt is Latin-1: replace what is not (dashes, quotes) with its nearest ASCII. */
export function toLatin1Text(s: string): string {
  return s.replace(LATIN1, (c) => ASCII_FOR[c] ?? '?');
}

/** The provenance a report PNG carries in tEXt chunks. */
export function provenance(model: ReportModel, tool: string): Record<string, string> {
  return {
    Title: toLatin1Text(model.title),
    Software: `Tidegauge ${model.appVersion}`,
    'Creation Time': new Date(model.generatedAt).toISOString(),
    'tidegauge.app-version': model.appVersion,
    'tidegauge.sessions': toLatin1Text(model.sessions.map((s) => s.id).join(',')),
    'tidegauge.kind': model.kind,
    'tidegauge.panels': model.options.panels.join(','),
    'tidegauge.tool': tool,
    // What the report covers, per session: first and last sample (a reader checks a live
    // export against the session it came from).
    'tidegauge.ranges': model.sessions
      .map((s) =>
        s.data.length > 0
          ? `${new Date(s.data.t[0] as number).toISOString()}/${new Date(s.data.t[s.data.length - 1] as number).toISOString()}`
          : '',
      )
      .join(','),
  };
}
