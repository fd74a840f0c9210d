import type { FleetFigures, FleetInstance, FleetListing } from '../../shared/fleet';
import { promMapping } from '../../shared/promImport/names';
import { PromClient, parsePromAddress } from './promClient';

/*
 * The instances a Prometheus server knows (/api/v1/series of `up` over the retention the
 * server keeps) and their latest figures side by side: for each figure the first expression
 * that answers for an instance wins, so a box running only an exporter shows its numbers too.
 */

type Key = keyof FleetFigures;

/** Per figure, PromQL for our names first, then the exporters'. Rates of counters over 1 min. */
const FIGURES: Readonly<Record<Key, readonly string[]>> = {
  downloadRate: [
    'rate(tidegauge_net_recv_bytes_total[1m])',
    'tidegauge_bw_download_bytes_per_second',
    'qbittorrent_download_rate_bytes',
    'qbittorrent_global_download_speed_bytes',
    'transmission_session_stats_download_speed_bytes',
    'rate(deluge_libtorrent_net_recv_bytes[1m])',
  ],
  uploadRate: [
    'rate(tidegauge_net_sent_bytes_total[1m])',
    'tidegauge_bw_upload_bytes_per_second',
    'qbittorrent_upload_rate_bytes',
    'qbittorrent_global_upload_speed_bytes',
    'transmission_session_stats_upload_speed_bytes',
    'rate(deluge_libtorrent_net_sent_bytes[1m])',
  ],
  connections: [
    'tidegauge_net_num_connections',
    'qbittorrent_peer_connections',
    'deluge_libtorrent_peer_num_peers_connected',
  ],
  dhtNodes: ['tidegauge_dht_nodes', 'qbittorrent_dht_nodes', 'deluge_libtorrent_dht_dht_nodes'],
  downloaded: ['tidegauge_bw_downloaded_bytes_total', 'qbittorrent_session_downloaded_bytes_total'],
};

const LOOKBACK_S = 15 * 86_400;

export async function listFleet(address: string, nowS = Date.now() / 1000, client?: PromClient): Promise<FleetListing> {
  const c = client ?? new PromClient(parsePromAddress(address));
  const series = await c.series('up', nowS - LOOKBACK_S, nowS);
  const byInstance = new Map<string, { job: string }>();
  for (const s of series)
    if (s.instance && !byInstance.has(s.instance)) byInstance.set(s.instance, { job: s.job ?? '' });
  const [upNow, first, last, names] = await Promise.all([
    c.query('up', nowS),
    c.query(`min_over_time(timestamp(up)[${LOOKBACK_S}s:1h])`, nowS).catch(() => []),
    c.query('timestamp(up)', nowS).catch(() => []),
    c
      .query(
        'count by (instance, __name__) ({__name__=~"tidegauge_net_recv_bytes_total|qbittorrent_.+|transmission_.+|deluge_libtorrent_.+"})',
        nowS,
      )
      .catch(() => []),
  ]);
  const at = (v: { metric: Record<string, string>; value: [number, string] }[], inst: string) => {
    const x = v.find((r) => r.metric.instance === inst);
    return x ? Number(x.value[1]) : null;
  };
  const figures = new Map<string, Record<Key, number | null>>();
  for (const inst of byInstance.keys())
    figures.set(inst, { downloadRate: null, uploadRate: null, connections: null, dhtNodes: null, downloaded: null });
  await Promise.all(
    (Object.keys(FIGURES) as Key[]).map(async (key) => {
      for (const expr of FIGURES[key]) {
        const result = await c.query(expr, nowS).catch(() => []);
        for (const r of result) {
          const f = r.metric.instance ? figures.get(r.metric.instance) : undefined;
          const v = Number(r.value[1]);
          if (f && f[key] === null && Number.isFinite(v)) f[key] = v;
        }
      }
    }),
  );
  const instances: FleetInstance[] = [...byInstance].map(([instance, { job }]) => {
    const name = names.find((r) => r.metric.instance === instance)?.metric.__name__ ?? '';
    const upv = at(upNow, instance);
    return {
      instance,
      job,
      up: upv === null ? null : upv === 1,
      exporter: promMapping(name)?.exporter ?? (name ? (name.split('_')[0] ?? 'unknown') : 'unknown'),
      firstSeen: at(first, instance),
      lastSeen: at(last, instance),
      figures: figures.get(instance) as FleetFigures,
    };
  });
  instances.sort((a, b) => (a.instance < b.instance ? -1 : a.instance > b.instance ? 1 : 0));
  return { server: c.server, at: nowS, instances };
}
