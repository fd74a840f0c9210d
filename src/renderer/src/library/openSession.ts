import type { DataQuery, SessionDetail } from '../../../shared/library';
import { type SeriesSource, sessionSource } from '../../../shared/series-source';
import type { SessionData } from '../../../shared/session/data';
import { libraryApi } from './client';

/** A saved session opened from the library: what the library knows, its columns, and them as a series source. */
export interface OpenedSession {
  readonly detail: SessionDetail;
  readonly data: SessionData;
  readonly source: SeriesSource;
}

/**
 * Open a session for replay or a comparison: its details (unless known) and the columns the
 * query names (default: all of them).
 */
export async function openSession(id: string, query: DataQuery = {}, detail?: SessionDetail): Promise<OpenedSession> {
  const api = libraryApi();
  const [d, data] = await Promise.all([detail ?? api.get(id), api.data(id, query)]);
  return { detail: d, data, source: sessionSource(data) };
}
