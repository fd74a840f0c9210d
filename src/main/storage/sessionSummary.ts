import type { SourceInfo } from '../../shared/api';
import type { SessionState, SessionSummary } from '../../shared/library';
import type { SessionMeta } from '../../shared/session/meta';
import type { OpenedSession } from './sessionFiles';
import type { CachedSummary, Sidecar } from './sidecar';

/** What the library lists for a session: from the file (or its cached summary) and the sidecar. */

export function defaultTitle(source: SourceInfo | null, startedAt: number): string {
  const d = new Date(startedAt);
  const p = (n: number) => String(n).padStart(2, '0');
  const when = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  return `${source?.label ?? 'Session'}, ${when}`;
}

/** A session's own title: the one in its file, else made from its source and start. */
export function fileTitle(data: OpenedSession['data']): string {
  return data.meta.title ?? defaultTitle(data.meta.source, data.length ? (data.t[0] as number) : data.meta.startedAt);
}

export interface SummaryParts {
  readonly id: string;
  readonly file: string;
  readonly sizeBytes: number;
  readonly state: SessionState;
  readonly meta: SessionMeta;
  readonly side: Sidecar;
  readonly samples: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly warnings: readonly string[];
}

export function sessionSummary(p: SummaryParts): SessionSummary {
  const { meta, side } = p;
  return {
    id: p.id,
    file: p.file,
    sizeBytes: p.sizeBytes,
    state: p.state,
    title: side.title ?? meta.title ?? defaultTitle(meta.source, p.startedAt),
    notes: side.notes ?? meta.notes ?? '',
    tags: side.tags ?? meta.tags ?? [],
    markers: side.markers ?? [],
    source: meta.source,
    startedAt: p.startedAt,
    endedAt: p.endedAt,
    durationMs: p.endedAt - p.startedAt,
    samples: p.samples,
    intervalMs: meta.intervalMs,
    metrics: meta.registry.length,
    origin: meta.origin,
    appVersion: meta.appVersion,
    warnings: p.warnings,
    error: null,
    kept: side.kept ?? [],
  };
}

/** The summary of a decoded session, and what to cache of it (null: it may still change, a journal is beside it). */
export function summaryOfOpened(
  id: string,
  o: OpenedSession,
  side: Sidecar,
  mtimeMs: number,
): { summary: SessionSummary; cache: CachedSummary | null } {
  const d = o.data;
  const startedAt = d.length ? (d.t[0] as number) : d.meta.startedAt;
  const endedAt = d.length ? (d.t[d.length - 1] as number) : startedAt;
  const parts = { id, file: o.path, sizeBytes: o.sizeBytes, state: o.state, meta: d.meta, side, startedAt, endedAt };
  const summary = sessionSummary({ ...parts, samples: d.length, warnings: o.warnings });
  const cache =
    o.state !== 'recording' && o.journal === null
      ? { size: o.sizeBytes, mtimeMs, samples: d.length, startedAt, endedAt, warnings: [...o.warnings], state: o.state }
      : null;
  return { summary, cache };
}

/** A file that does not open is listed with its error, not hidden. */
export function unreadableSummary(
  id: string,
  file: string,
  st: { size: number; mtimeMs: number },
  side: Sidecar,
  error: string,
): SessionSummary {
  return {
    id,
    file,
    sizeBytes: st.size,
    state: 'unreadable',
    title: side.title ?? id,
    notes: side.notes ?? '',
    tags: side.tags ?? [],
    markers: side.markers ?? [],
    source: null,
    startedAt: st.mtimeMs,
    endedAt: st.mtimeMs,
    durationMs: 0,
    samples: 0,
    intervalMs: 0,
    metrics: 0,
    origin: null,
    appVersion: '',
    warnings: [],
    error,
    kept: side.kept ?? [],
  };
}
