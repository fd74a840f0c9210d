import type { SessionDetail } from '../../../shared/library';
import { type SectionId, sectionColumns } from '../../../shared/panels';
import { SeriesStore } from '../../../shared/series';
import type { SessionData } from '../../../shared/session/data';
import { libraryApi } from '../library/client';

/**
 * One session of a comparison, for one dashboard section: the columns that section's panels
 * read (plus what alignment reads), and a SeriesStore the panels draw from. A comparison loads
 * a section's columns when the section is first shown: a day at 1 Hz is 68 MB for all 99
 * metrics, and a section draws a dozen of them.
 */
export interface CompareSession {
  readonly detail: SessionDetail;
  readonly data: SessionData;
  readonly series: SeriesStore;
  readonly notReported: Readonly<Record<number, string>>;
}

export async function loadCompareSession(
  id: string,
  section: SectionId,
  detail?: SessionDetail,
): Promise<CompareSession> {
  const api = libraryApi();
  const [d, data] = await Promise.all([detail ?? api.get(id), api.data(id, { names: sectionColumns(section) })]);
  const series = SeriesStore.forSession(data.meta.registry, data.length);
  series.load({ t: data.t, values: data.columns, diagnostics: data.diagnostics });
  const notReported: Record<number, string> = {};
  for (const [k, v] of Object.entries(data.meta.notReported)) notReported[Number(k)] = v;
  return { detail: d, data, series, notReported };
}
