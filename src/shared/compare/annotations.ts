import type { AnnotationOwner, Annotations } from '../annotations';

/*
 * A comparison draws every session on one axis of time from its origin (compareSessions'
 * alignment): a session's events and markers move with its series, and each says whose it is
 * (the session's colour on the chart, its title in the tooltip), or one session's outage would
 * read as another's.
 */

/** `a` on the aligned axis (t − origin), owned by `who`. */
export function alignAnnotations(a: Annotations, origin: number, who: AnnotationOwner): Annotations {
  const title = (t: string) => `${who.title}: ${t}`;
  return {
    lines: a.lines.map((l) => ({ ...l, t: l.t - origin, title: title(l.title), who })),
    bands: a.bands.map((b) => ({ ...b, from: b.from - origin, to: b.to - origin, title: title(b.title), who })),
  };
}

/** Several sessions' annotations on one chart, in time order. */
export function mergeAnnotations(list: readonly Annotations[]): Annotations {
  return {
    lines: list.flatMap((a) => a.lines).sort((x, y) => x.t - y.t),
    bands: list.flatMap((a) => a.bands).sort((x, y) => x.from - y.from),
  };
}
