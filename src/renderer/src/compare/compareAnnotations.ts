import { useMemo } from 'react';
import { type Annotations, buildAnnotations } from '../../../shared/annotations';
import { alignAnnotations } from '../../../shared/compare/annotations';
import type { CompareSessionInfo } from '../../../shared/compare/compareSessions';
import type { OpenedSession } from '../library/openSession';
import { sessionColor } from './model';

/**
 * Each compared session's events and markers on the charts' aligned axis, in its colour. From
 * the session details (the same in every section), so a section's columns do not rebuild them;
 * they move when an alignment or a nudge moves the session's origin.
 */
export function useCompareAnnotations(
  sessions: readonly OpenedSession[],
  infos: readonly CompareSessionInfo[],
  titles: readonly string[],
): Annotations[] {
  return useMemo(
    () =>
      sessions.map((s, k) => {
        const t = s.data.t;
        const span = { start: t[0] ?? s.detail.startedAt, end: t[s.data.length - 1] ?? s.detail.startedAt };
        const own = buildAnnotations(s.detail.events, s.detail.markers, span);
        const who = { color: sessionColor(k), title: titles[k] ?? s.detail.id };
        return alignAnnotations(own, infos[k]?.origin ?? 0, who);
      }),
    [sessions, infos, titles],
  );
}
