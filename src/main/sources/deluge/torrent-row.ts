import type { TorrentInfo } from '../../../shared/api';
import { num } from '../daemon-http';

type Fields = Record<string, unknown>;

/*
 * The torrents table's readings from core.get_torrents_status. Deluge's num_peers counts the
 * connected leechers (num_seeds the seeds); total_seeds/total_peers are the tracker's scrape,
 * -1 (or absent) until one answered. Its eta is 0 both when done and when there is no estimate,
 * and its ratio -1 before anything was downloaded.
 */
export function delugeRates(
  t: Fields,
): Pick<TorrentInfo, 'downRate' | 'upRate' | 'eta' | 'ratio' | 'seeds' | 'leechers' | 'unreported'> {
  const unreported: { -readonly [K in keyof TorrentInfo['unreported']]: string } = {};
  const field = (key: string, as: keyof TorrentInfo['unreported']): number | undefined => {
    const v = num(t[key]);
    if (v === undefined) unreported[as] = `Deluge sent no ${key} for this torrent`;
    return v;
  };
  const down = field('download_payload_rate', 'downRate');
  const up = field('upload_payload_rate', 'upRate');
  const eta = field('eta', 'eta');
  const ratio = field('ratio', 'ratio');
  const seeds = field('num_seeds', 'seeds');
  const leechers = field('num_peers', 'leechers');
  const swarm = (v: number | undefined): number | null => (v === undefined || v < 0 ? null : v);
  const totalSeeds = swarm(num(t.total_seeds));
  if (totalSeeds === null) unreported.swarm = 'no tracker has answered a scrape for this torrent yet';
  const progress = num(t.progress) ?? 0;
  return {
    downRate: down ?? null,
    upRate: up ?? null,
    eta: eta === undefined || (eta <= 0 && progress < 100) ? null : progress >= 100 ? 0 : eta,
    ratio: ratio === undefined || ratio < 0 ? null : ratio,
    seeds: seeds === undefined ? null : { connected: seeds, swarm: totalSeeds },
    leechers: leechers === undefined ? null : { connected: leechers, swarm: swarm(num(t.total_peers)) },
    unreported,
  };
}
