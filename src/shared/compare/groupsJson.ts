import {
  compareGroups,
  type GroupComparison,
  type HeadlineRow,
  type MetricGroupRow,
  type RunFigures,
} from './compareGroups';
import { settingsDiff } from './provenance';
import { commonSpanS, type SpanMode } from './span';

/*
 * A group comparison as plain data: what `compare A… --vs B… --json` prints, what the Groups
 * view shows and what the group report draws. One module, so the CLI, the app and the report
 * cannot disagree on a figure.
 */

function resultJson(r: HeadlineRow['result']) {
  return r
    ? {
        medianA: r.a.median,
        medianB: r.b.median,
        /** Each group's range (min–max), with its number of runs. */
        spreadA: r.a,
        spreadB: r.b,
        change: r.change,
        p: Number.isFinite(r.p) ? r.p : null,
      }
    : {};
}

export function headlineJson(h: HeadlineRow) {
  return {
    figure: h.id,
    label: h.label,
    unit: h.unit,
    better: h.better,
    a: h.a,
    b: h.b,
    verdict: h.result?.verdict ?? null,
    text: h.text,
    ...resultJson(h.result),
  };
}

export function metricGroupJson(m: MetricGroupRow) {
  return {
    metric: m.name,
    unit: m.unit,
    better: m.better,
    verdict: m.result?.verdict ?? null,
    text: m.text,
    ...resultJson(m.result),
  };
}

export interface GroupsJsonOptions {
  /** What names each run (files on the CLI, session ids in the app). */
  readonly names: { readonly a: readonly string[]; readonly b: readonly string[] };
  readonly span: SpanMode;
  /** The common span in s (span "common"), else null. */
  readonly spanS: number | null;
}

export function groupsJson(g: GroupComparison, o: GroupsJsonOptions) {
  return {
    groups: { a: [...o.names.a], b: [...o.names.b] },
    span: { mode: o.span, seconds: o.spanS },
    sessions: { a: g.a, b: g.b },
    headline: g.headline.map(headlineJson),
    settingsDiff: settingsDiff([...g.a, ...g.b].map((s) => s.settings)),
    metrics: g.metrics.map(metricGroupJson),
  };
}

export type GroupsJson = ReturnType<typeof groupsJson>;
export type HeadlineJson = ReturnType<typeof headlineJson>;
export type MetricGroupJson = ReturnType<typeof metricGroupJson>;

/** How a caller gets a run's figures: whole (spanS undefined) or over spanS seconds from its origin. */
export type FiguresOf<T> = (run: T, spanS?: number) => Promise<RunFigures>;

/**
 * The one data path of a group comparison, whoever holds the runs: each run's figures (over
 * the common span: first every run's span, then the figures cut to the shortest), joined.
 * `spanOf` may be cheaper than the whole figures (the CLI reads it off the decoded file).
 */
export async function groupComparison<T>(
  a: readonly T[],
  b: readonly T[],
  names: GroupsJsonOptions['names'],
  figures: FiguresOf<T>,
  span: SpanMode,
  spanOf: (run: T) => Promise<number> = async (run) => (await figures(run)).info.spanS,
): Promise<{ comparison: GroupComparison; json: GroupsJson }> {
  if (a.length === 0 || b.length === 0) throw new RangeError('each group needs at least one session');
  let spanS: number | null = null;
  if (span === 'common')
    spanS = commonSpanS(await Promise.all([...a, ...b].map(async (r) => ({ spanS: await spanOf(r) }))));
  const cut = spanS ?? undefined;
  const [fa, fb] = await Promise.all([
    Promise.all(a.map((r) => figures(r, cut))),
    Promise.all(b.map((r) => figures(r, cut))),
  ]);
  const comparison = compareGroups(fa, fb);
  return { comparison, json: groupsJson(comparison, { names, span, spanS }) };
}
