import { useMemo } from 'react';
import { panelsOf, type SectionId } from '../../../shared/panels';
import { sliceRows } from '../../../shared/session/data';
import { formatElapsed } from '../../../shared/time-axis';
import type { OpenedSession } from '../library/openSession';
import type { ExportSubject } from '../report/ExportHost';
import { ExportHost } from '../report/ExportHost';
import { resolveRange, type TimeState } from '../time/TimeState';

/**
 * Export PNG of the session being replayed: the window the replay shows (up to the slider, or
 * the zoom), with the session's title, notes, tags, events and markers, not the live session.
 */
export function ReplayExport({
  loaded,
  time,
  section,
}: {
  loaded: OpenedSession;
  time: TimeState;
  section: SectionId | null;
}) {
  const subject = useMemo((): ExportSubject => {
    const { detail, data } = loaded;
    const title = detail.title || detail.id;
    const start = data.t[0] as number;
    const end = data.t[data.length - 1] as number;
    const range = resolveRange(time, start, end);
    const span = `${formatElapsed(Math.max(0, range.from - start))}–${formatElapsed(range.to - start)}`;
    return {
      what: (one) => `${one ? 'One panel of the' : 'The'} replayed session “${title}”, the window shown (${span})`,
      panels: () => (section ? panelsOf(section).map((p) => p.id) : undefined),
      load: () => {
        let a = 0;
        let b = data.length;
        while (a < b && (data.t[a] as number) < range.from) a++;
        while (b > a && (data.t[b - 1] as number) > range.to) b--;
        if (b <= a) return 'No samples in the window shown: widen the window or move the slider.';
        return {
          kind: 'session',
          title,
          appVersion: __APP_VERSION__,
          sessions: [
            {
              id: detail.id,
              title,
              notes: detail.notes,
              tags: detail.tags,
              source: detail.source,
              data: sliceRows(data, a, b),
              events: detail.events,
              markers: detail.markers,
            },
          ],
        };
      },
    };
  }, [loaded, time, section]);
  return <ExportHost subject={subject} />;
}
