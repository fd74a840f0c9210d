import type { SessionDetail } from '../../../shared/library';
import { SeriesStore } from '../../../shared/series';
import type { SessionData } from '../../../shared/session/data';
import { libraryApi } from '../library/client';

/** One session of a comparison: its file, its columns, and a SeriesStore the panels read. */
export interface CompareSession {
  readonly detail: SessionDetail;
  readonly data: SessionData;
  readonly series: SeriesStore;
  readonly notReported: Readonly<Record<number, string>>;
}

export async function loadCompareSession(id: string): Promise<CompareSession> {
  const api = libraryApi();
  const [detail, data] = await Promise.all([api.get(id), api.data(id)]);
  const series = SeriesStore.forSession(data.meta.registry, data.length);
  series.load({ t: data.t, values: data.columns, diagnostics: data.diagnostics });
  const notReported: Record<number, string> = {};
  for (const [k, v] of Object.entries(data.meta.notReported)) notReported[Number(k)] = v;
  return { detail, data, series, notReported };
}
