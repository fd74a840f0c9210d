import type { FiguresWithFindings, Finding } from '../findings';
import type { Alignment } from './align';
import { type HeadlineTableRow, headlineTable } from './compareGroups';
import {
  type CompareInput,
  type CompareOptions,
  type CompareRow,
  type Comparison,
  combineMetricFigures,
  metricFigures,
  type SessionFigures,
  sessionInfo,
  spanStart,
} from './compareSessions';
import { combineDerived, sessionDerived } from './derivedRows';
import { headlineFigures } from './headline';
import { type SettingDiff, settingsDiff } from './provenance';
import { limitSpan } from './span';

/** A comparison's summary: the metric rows and the derived-series rows. */
export interface FullComparison {
  readonly comparison: Comparison;
  readonly derived: readonly CompareRow[];
  /** The headline figures of each session against the baseline (the table shown first). */
  readonly headline: readonly HeadlineTableRow[];
  /** What differed between the runs' settings (provenance). */
  readonly settings: readonly SettingDiff[];
  /** Each session's findings over all its samples, where its figures carried them (null: not computed). */
  readonly findings?: readonly (readonly Finding[] | null)[];
}

/**
 * Everything a comparison needs from one session, computed from that session alone: what a
 * worker that decoded the file sends back, so sessions are summarised in parallel.
 */
export function sessionFigures(whole: CompareInput, alignment: Alignment, spanS?: number): SessionFigures {
  // The common span (span.ts): the run cut to the shortest run's span.
  const input = limitSpan(whole, alignment, spanS);
  const info = sessionInfo(input, alignment);
  return {
    info,
    ...metricFigures(input.data, info),
    ...sessionDerived(input, info),
    headline: headlineFigures(input.data, spanStart(input.data, info.origin)),
    intervalS: input.data.meta.intervalMs / 1000,
  };
}

/** Join the sessions' figures (any order of computation; the inputs' order is the table's). */
export function combineFigures(perSession: readonly SessionFigures[], options: CompareOptions = {}): FullComparison {
  const comparison = combineMetricFigures(perSession, options);
  return {
    comparison,
    derived: combineDerived(perSession, comparison.baseline),
    headline: headlineTable(perSession, comparison.baseline),
    settings: settingsDiff(comparison.sessions.map((s) => s.settings)),
    findings: perSession.map((s) => (s as FiguresWithFindings).findings ?? null),
  };
}

/** The whole summary in one thread: sessionFigures of each, then combineFigures. */
export function summarizeComparison(inputs: readonly CompareInput[], options: CompareOptions = {}): FullComparison {
  const alignment = options.alignment ?? { kind: 'start' };
  return combineFigures(
    inputs.map((s) => sessionFigures(s, alignment)),
    options,
  );
}

const NUMERIC = new Set(['mean', 'p50', 'p95', 'max']);

/** Parse a FullComparison (or SessionFigures) sent as JSON, where NaN figures (no samples) arrived as null. */
export function parseComparisonJson(text: string): FullComparison {
  return JSON.parse(text, (k, v) => (v === null && NUMERIC.has(k) ? Number.NaN : v)) as FullComparison;
}
