import type { HostState } from '../../../shared/api';
import type { RegistryEntry } from '../../../shared/registry-types';
import type { SeriesStore } from '../../../shared/series';
import type { SessionData } from '../../../shared/session/data';
import type { ReportSession } from './model';

/**
 * The dashboard's current window of the live stream as a session, so a live export goes
 * through the same report path as a saved one. The finest level that reaches back to `from`
 * is taken (raw samples for recent windows, buckets for long ones).
 */
export function liveSession(
  series: SeriesStore,
  registry: readonly RegistryEntry[],
  host: HostState | null,
  range: { from: number; to: number },
  appVersion: string,
): ReportSession {
  const view = series.window({ from: range.from, to: range.to, maxPoints: 20_000, oversample: 1 });
  // window() adds one point each side for drawing; a report covers the window only.
  let a = 0;
  let b = view.length;
  while (a < b && (view.t[a] as number) < range.from) a++;
  while (b > a && (view.t[b - 1] as number) > range.to) b--;
  const columns = registry.map((_, i) => view.values(i).slice(a, b));
  const notReported: Record<string, string> = {};
  for (const [k, v] of Object.entries(host?.notReported ?? {})) notReported[k] = v;
  const data: SessionData = {
    meta: {
      format: 'tidegauge-session',
      version: 1,
      id: 'live',
      appVersion,
      startedAt: host?.startedAt ?? range.from,
      intervalMs: host?.intervalMs ?? 1000,
      source: host?.source ?? null,
      registry: [...registry],
      notReported,
      origin: { type: 'recording' },
    },
    length: b - a,
    t: view.t.slice(a, b),
    diagnostics: view.diag.slice(a, b),
    columns,
  };
  const recording = host?.recording.id;
  return {
    id: recording ? `live (recording ${recording})` : 'live',
    title: `Live: ${host?.source?.label ?? 'no source'}`,
    notes: '',
    tags: [],
    source: host?.source ?? null,
    data,
  };
}
