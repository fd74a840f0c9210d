import { useMemo } from 'react';
import type { Comparison } from '../../../shared/compare/compareSessions';
import { PANELS, panelsOf, type SectionId } from '../../../shared/panels';
import { libraryApi } from '../library/client';
import type { OpenedSession } from '../library/openSession';
import { ExportHost, type ExportSubject } from '../report/ExportHost';
import { reportColumns } from '../report/model';

/** Samples per session fetched for a comparison's charts: about 4 per pixel of a 1000 px chart. */
const OVERVIEW_POINTS = 4000;

/**
 * Export PNG of the comparison being viewed: its sessions, and the summary the view computed
 * (its baseline, alignment and nudges). The view holds only the columns of the sections shown,
 * so the report's columns are fetched when the dialog opens, as an overview (the figures come
 * from the host's summary over every sample).
 */
export function CompareExport({
  sessions,
  titles,
  comparison,
  section,
}: {
  sessions: readonly OpenedSession[];
  titles: readonly string[];
  comparison: Comparison | null;
  section: SectionId | null;
}) {
  const subject = useMemo(
    (): ExportSubject => ({
      what: (one) =>
        `${one ? 'One panel of the' : 'The'} comparison of ${titles.map((t) => `“${t}”`).join(' and ')}, whole sessions`,
      panels: () => (section ? panelsOf(section).map((p) => p.id) : undefined),
      load: async () => {
        if (!comparison) return 'The comparison’s summary is still being computed: try again in a moment.';
        const names = reportColumns(PANELS.map((p) => p.id));
        const data = await Promise.all(
          sessions.map((s) => libraryApi().data(s.detail.id, { names, points: OVERVIEW_POINTS })),
        );
        return {
          kind: 'comparison',
          title: `Comparison: ${titles.join(' vs ')}`,
          appVersion: __APP_VERSION__,
          comparison,
          sessions: sessions.map((s, k) => ({
            id: s.detail.id,
            title: titles[k] ?? s.detail.id,
            notes: s.detail.notes,
            tags: s.detail.tags,
            source: s.detail.source,
            data: data[k] ?? s.data,
            events: s.detail.events,
            markers: s.detail.markers,
          })),
        };
      },
    }),
    [sessions, titles, comparison, section],
  );
  return <ExportHost subject={subject} />;
}
