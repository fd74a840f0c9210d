import { outageCause, type SessionEvent } from './session/events';

/*
 * What a time chart draws over its series: a thin vertical line per instant (a user's marker,
 * an alert, diagnostics switched, a source switch) and a shaded band per outage (the source's
 * connection down, no peer connected). Built once per view from the session's events and
 * markers, the same for live, replay, compare and reports; panels only draw what they get.
 */

export type AnnotationKind = 'marker' | 'alert' | 'diagnostics' | 'source';

export interface AnnotationLine {
  readonly t: number;
  readonly kind: AnnotationKind;
  /** A few characters on the chart. */
  readonly label: string;
  /** The whole text, in the tooltip. */
  readonly title: string;
  /** Whose it is, when a chart draws several sessions' (a comparison): its colour and title. */
  readonly who?: AnnotationOwner;
}

export interface AnnotationOwner {
  /** A CSS colour (the session's, in a comparison). */
  readonly color: string;
  readonly title: string;
}

export interface AnnotationBand {
  readonly from: number;
  readonly to: number;
  readonly label: string;
  readonly title: string;
  /** The outage had not ended when the session (or the view) did. */
  readonly open: boolean;
  readonly who?: AnnotationOwner;
}

export interface Annotations {
  readonly lines: readonly AnnotationLine[];
  readonly bands: readonly AnnotationBand[];
}

export const NO_ANNOTATIONS: Annotations = { lines: [], bands: [] };

const LABEL: Record<Exclude<SessionEvent['kind'], 'outage-start' | 'outage-end'>, [AnnotationKind, string]> = {
  alert: ['alert', 'alert'],
  'diagnostics-on': ['diagnostics', 'diag on'],
  'diagnostics-off': ['diagnostics', 'diag off'],
  source: ['source', 'source'],
};

/**
 * Lines and bands from a session's events and markers. An outage-end closes the open start of
 * the same cause; a start still open ends at `end` (the last sample: live, the outage goes on);
 * an end whose start is not in the session (before a file's first batch) starts at `start`.
 */
export function buildAnnotations(
  events: readonly SessionEvent[],
  markers: readonly { readonly name: string; readonly t: number }[],
  span: { readonly start: number; readonly end: number },
): Annotations {
  const lines: AnnotationLine[] = markers.map((m) => ({
    t: m.t,
    kind: 'marker',
    label: m.name,
    title: `Marker: ${m.name}`,
  }));
  const bands: AnnotationBand[] = [];
  const open = new Map<string, SessionEvent>();
  for (const e of [...events].sort((a, b) => a.t - b.t)) {
    if (e.kind === 'outage-start') {
      const cause = outageCause(e.text);
      if (!open.has(cause)) open.set(cause, e);
      continue;
    }
    if (e.kind === 'outage-end') {
      const cause = outageCause(e.text);
      const s = open.get(cause);
      open.delete(cause);
      bands.push({
        from: s?.t ?? span.start,
        to: e.t,
        label: cause,
        title: s ? `${s.text}\n${e.text}` : e.text,
        open: false,
      });
      continue;
    }
    const [kind, label] = LABEL[e.kind];
    lines.push({ t: e.t, kind, label, title: e.text });
  }
  for (const [cause, s] of open)
    bands.push({
      from: s.t,
      to: Math.max(s.t, span.end),
      label: cause,
      title: `${s.text}\n(not over yet)`,
      open: true,
    });
  lines.sort((a, b) => a.t - b.t);
  bands.sort((a, b) => a.from - b.from);
  return { lines, bands };
}

/** What of `a` lies in [from, to] (bands cut to it): what one chart's window shows. */
export function annotationsIn(a: Annotations, from: number, to: number): Annotations {
  return {
    lines: a.lines.filter((l) => l.t >= from && l.t <= to),
    bands: a.bands
      .filter((b) => b.to >= from && b.from <= to)
      .map((b) => ({ ...b, from: Math.max(b.from, from), to: Math.min(b.to, to) })),
  };
}

export function isEmptyAnnotations(a: Annotations): boolean {
  return a.lines.length === 0 && a.bands.length === 0;
}
