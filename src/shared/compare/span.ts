import type { SessionData } from '../session/data';
import { sliceRows } from '../session/data';
import { eventsBetween } from '../session/events';
import type { Alignment } from './align';
import { type CompareInput, sessionInfo } from './compareSessions';

/*
 * Over which span runs are compared. "full": each run from its aligned origin to its own last
 * sample (counters then compare per second of that span). "common": every run cut to the
 * shortest run's span, so a run that stayed on seeding longer is not measured over time the
 * other never had (issue 17: a 13-minute run against a 6-minute one).
 */
export type SpanMode = 'full' | 'common';

export const SPAN_MODES: readonly SpanMode[] = ['full', 'common'];

export function parseSpanMode(text: string | undefined | null): SpanMode | null {
  if (text === undefined || text === null) return 'full';
  return text === 'full' || text === 'common' ? text : null;
}

/** The common span: the shortest of the runs' compared spans, in s (NaN without runs). */
export function commonSpanS(spans: readonly { readonly spanS: number }[]): number {
  if (spans.length === 0) return Number.NaN;
  return Math.max(0, Math.min(...spans.map((s) => s.spanS)));
}

/** The last index + 1 of samples at or before endMs (times non-decreasing). */
function endIndex(t: ArrayLike<number>, length: number, endMs: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((t[mid] as number) <= endMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The run cut to spanS seconds after its aligned origin (samples and events after it dropped;
 * views, not copies). Undefined spanS: the run as it is.
 */
export function limitSpan(input: CompareInput, alignment: Alignment, spanS: number | undefined): CompareInput {
  if (spanS === undefined || !Number.isFinite(spanS)) return input;
  const { data } = input;
  const endMs = sessionInfo(input, alignment).origin + spanS * 1000;
  const n = endIndex(data.t, data.length, endMs);
  const events = data.events ? eventsBetween(data.events, Number.NEGATIVE_INFINITY, endMs) : undefined;
  if (n === data.length && events?.length === data.events?.length) return input;
  const { events: _all, ...rows } = sliceRows(data, 0, n);
  const cut: SessionData = events?.length ? { ...rows, events } : rows;
  return { ...input, data: cut };
}
