import type { SessionData } from '../session/data';

/*
 * Where each session's clock starts when sessions are overlaid: its first sample (default),
 * an event found in its data, or a marker the user placed. All results are ms since the epoch
 * in the session's own clock; aligned time = t - origin + nudge.
 */

export type AlignEvent = 'firstPayload' | 'complete';

export type Alignment =
  | { readonly kind: 'start' }
  | { readonly kind: 'event'; readonly event: AlignEvent }
  | { readonly kind: 'marker'; readonly name: string };

export interface Marker {
  readonly name: string;
  /** ms since the epoch, on the session's clock. */
  readonly t: number;
}

export const EVENT_LABELS: Record<AlignEvent, string> = {
  firstPayload: 'first payload byte',
  complete: 'download complete',
};

const PAYLOAD_DOWN = ['bw.total_downloaded', 'net.bytes_recv'];
const DOWNLOADING_TORRENTS = 'peer.num_downloading_torrents';

/** The metrics alignment and time to complete read (a view that loads some columns loads these). */
export const ALIGNMENT_METRICS: readonly string[] = [...PAYLOAD_DOWN, DOWNLOADING_TORRENTS];

function column(data: SessionData, names: readonly string[]): Float64Array | null {
  for (const n of names) {
    const i = data.meta.registry.findIndex((e) => e.name === n);
    if (i >= 0) {
      const c = data.columns[i] as Float64Array;
      if (c.some((v) => Number.isFinite(v))) return c;
    }
  }
  return null;
}

/** Time of the first sample whose payload-downloaded counter is above its first value. */
export function firstPayloadTime(data: SessionData): number | null {
  const c = column(data, PAYLOAD_DOWN);
  if (!c) return null;
  let base = Number.NaN;
  for (let i = 0; i < data.length; i++) {
    const v = c[i] as number;
    if (!Number.isFinite(v)) continue;
    if (Number.isNaN(base)) base = v;
    else if (v > base) return data.t[i] as number;
  }
  return null;
}

/**
 * Time the download completed: the first sample where the number of downloading torrents
 * falls to zero after having been positive; where that metric never moved (an import without
 * it), the last sample at which the payload-downloaded counter still grew.
 */
export function completeTime(data: SessionData): number | null {
  const d = column(data, [DOWNLOADING_TORRENTS]);
  let wasDownloading = false;
  if (d) {
    for (let i = 0; i < data.length; i++) {
      const v = d[i] as number;
      if (!Number.isFinite(v)) continue;
      if (v > 0) wasDownloading = true;
      else if (wasDownloading) return data.t[i] as number;
    }
  }
  // Still downloading at the last sample: not complete.
  if (wasDownloading) return null;
  const c = column(data, PAYLOAD_DOWN);
  if (!c) return null;
  let last: number | null = null;
  let prev = Number.NaN;
  for (let i = 0; i < data.length; i++) {
    const v = c[i] as number;
    if (!Number.isFinite(v)) continue;
    if (Number.isFinite(prev) && v > prev) last = data.t[i] as number;
    prev = v;
  }
  return last;
}

export function eventTime(data: SessionData, event: AlignEvent): number | null {
  return event === 'firstPayload' ? firstPayloadTime(data) : completeTime(data);
}

/** The origin (ms, session clock) for an alignment, or an error saying what the session lacks. */
export function alignmentOrigin(
  data: SessionData,
  markers: readonly Marker[],
  alignment: Alignment,
): { ok: true; origin: number } | { ok: false; error: string } {
  if (data.length === 0) return { ok: false, error: 'the session has no samples' };
  if (alignment.kind === 'start') return { ok: true, origin: data.t[0] as number };
  if (alignment.kind === 'event') {
    const t = eventTime(data, alignment.event);
    return t === null
      ? { ok: false, error: `no ${EVENT_LABELS[alignment.event]} in this session` }
      : { ok: true, origin: t };
  }
  const m = markers.find((x) => x.name === alignment.name);
  return m ? { ok: true, origin: m.t } : { ok: false, error: `no marker named "${alignment.name}"` };
}

/** An alignment as text: start, event:firstPayload, event:complete, marker:NAME (URLs, selects). */
export function alignmentKey(a: Alignment): string {
  return a.kind === 'start' ? 'start' : a.kind === 'event' ? `event:${a.event}` : `marker:${a.name}`;
}

/** The alignment an alignmentKey names, or null when the text names none. */
export function parseAlignmentKey(k: string): Alignment | null {
  if (k === 'start') return { kind: 'start' };
  if (k === 'event:firstPayload' || k === 'event:complete') return { kind: 'event', event: k.slice(6) as AlignEvent };
  if (k.startsWith('marker:') && k.length > 7 && k.length <= 207) return { kind: 'marker', name: k.slice(7) };
  return null;
}
