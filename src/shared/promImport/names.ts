import { prometheusMetric } from '../prometheus';
import { builtinRegistry } from '../registry';
import { LIBTORRENT_DIRECT } from '../session/import/libtorrent';

/*
 * Which Prometheus series is which of our metrics, as data. Our own exposition is the inverse
 * of src/shared/prometheus.ts (name and unit: a µs counter exported in seconds comes back in
 * µs); the exporters' tables are what their READMEs and a scrape of each show. A series no
 * table knows is kept under its own name (see prometheus.ts).
 */

export interface PromMapping {
  /** Our registry name. */
  readonly to: string;
  /** Prometheus value × factor = our value (1e6 for a µs counter exported in seconds). */
  readonly factor: number;
  /** Which table mapped it, for the report. */
  readonly exporter: string;
}

/** martabal/qbittorrent-exporter and esanchezm/prometheus-qbittorrent-exporter (both spellings). */
const QBITTORRENT: Readonly<Record<string, string>> = {
  qbittorrent_download_rate_bytes: 'bw.download_rate',
  qbittorrent_upload_rate_bytes: 'bw.upload_rate',
  qbittorrent_global_download_speed_bytes: 'bw.download_rate',
  qbittorrent_global_upload_speed_bytes: 'bw.upload_rate',
  qbittorrent_dl_info_speed: 'bw.download_rate',
  qbittorrent_up_info_speed: 'bw.upload_rate',
  qbittorrent_session_downloaded_bytes_total: 'bw.total_downloaded',
  qbittorrent_session_uploaded_bytes_total: 'bw.total_uploaded',
  qbittorrent_dht_nodes: 'dht.nodes',
  qbittorrent_peer_connections: 'net.num_connections',
  qbittorrent_wasted_bytes_total: 'proto.waste_bytes',
  qbittorrent_queued_io_jobs: 'disk.queue_depth',
};

/** metalmatze/transmission-exporter: session-wide series without labels. */
const TRANSMISSION: Readonly<Record<string, string>> = {
  transmission_session_stats_download_speed_bytes: 'bw.download_rate',
  transmission_session_stats_upload_speed_bytes: 'bw.upload_rate',
  transmission_session_stats_torrents_active: 'ses.active_torrents',
  transmission_session_stats_torrents_total: 'ses.num_torrents',
};

let table: Map<string, PromMapping> | null = null;

function build(): Map<string, PromMapping> {
  const m = new Map<string, PromMapping>();
  for (const e of builtinRegistry()) {
    const p = prometheusMetric(e);
    if (!m.has(p.name)) m.set(p.name, { to: e.name, factor: p.divisor, exporter: 'tidegauge' });
  }
  const add = (t: Readonly<Record<string, string>>, exporter: string) => {
    for (const [from, to] of Object.entries(t)) if (!m.has(from)) m.set(from, { to, factor: 1, exporter });
  };
  add(QBITTORRENT, 'qbittorrent-exporter');
  add(TRANSMISSION, 'transmission-exporter');
  // tobbez/deluge_exporter exposes every libtorrent counter as deluge_libtorrent_<name with _>.
  const deluge: Record<string, string> = {};
  for (const [ours, theirs] of Object.entries(LIBTORRENT_DIRECT))
    deluge[`deluge_libtorrent_${theirs.replace(/\./g, '_')}`] = ours;
  add(deluge, 'deluge_exporter');
  return m;
}

/** Our metric for a Prometheus metric name, or undefined when no table knows it. */
export function promMapping(name: string): PromMapping | undefined {
  table ??= build();
  return table.get(name);
}

/** Labels that say where a series came from, not what it is. */
export const WHERE_LABELS: ReadonlySet<string> = new Set(['instance', 'job']);

/** A series with no labels but where it came from: the only kind the tables map (per-torrent series are kept apart). */
export function isPlainSeries(metric: Readonly<Record<string, string>>): boolean {
  return Object.keys(metric).every((k) => k === '__name__' || WHERE_LABELS.has(k));
}

/** Our metric for one series (its labels), as the import and the live source both read it. */
export function seriesMapping(metric: Readonly<Record<string, string>>): PromMapping | undefined {
  return isPlainSeries(metric) && metric.__name__ ? promMapping(metric.__name__) : undefined;
}
