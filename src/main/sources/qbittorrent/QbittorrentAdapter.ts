import type { TorrentInfo } from '../../../shared/api';
import { type DaemonAddress, num, parseDaemonAddress, withoutSecrets } from '../daemon-http';
import { type Connected, type Reading, type RemoteAdapter, SourceFailure } from '../remote/adapter';
import type { TorrentControl } from '../Source';
import { TorrentStateEvents } from '../torrent-events';
import { daemonTorrent, waitForTorrent } from '../torrent-input';
import { QbtClient } from './client';
import { isActive, PEER_GAUGES, peerGauges, torrentGauges, torrentInfo } from './gauges';
import { emptyMainData, type Fields, type MainData, mergeMainData, mergePeers, type PeerData } from './maindata';
import { QBT_NAMES } from './names';

/*
 * qBittorrent (qbittorrent://user:pass@host:port): one sync/maindata request per poll, merged
 * by rid, so a poll costs what changed, not what the session holds. Per-peer lists (one request
 * per torrent) are fetched only for torrents with peers or traffic, every `peerEvery` polls and
 * at most `maxPeerTorrents` per round, so 1,000 idle torrents cost nothing extra; the peer
 * gauges keep their last sum in between.
 */

export interface QbtOptions {
  /** Polls between two refreshes of the per-peer lists (default 5: every 5 s at 1 Hz). */
  readonly peerEvery?: number;
  /** At most this many torrents' peer lists per refresh (default 50). */
  readonly maxPeerTorrents?: number;
}

const COUNTERS = ['dl_info_data', 'up_info_data', 'alltime_dl', 'alltime_ul', 'total_wasted_session'];
const GAUGES = [
  'dl_info_speed',
  'up_info_speed',
  'total_peer_connections',
  'dht_nodes',
  'queued_io_jobs',
  'average_time_queue',
  'total_buffers_size',
  'total_queued_size',
  'dl_rate_limit',
  'up_rate_limit',
  'global_ratio',
  'read_cache_hits',
  'read_cache_overload',
  'write_cache_overload',
  'free_space_on_disk',
];
const TORRENT_GAUGES = ['seeding', 'downloading', 'checking', 'paused', 'queued', 'total', 'active'].map(
  (s) => `torrents.${s}`,
);

const REGISTRY: Connected['registry'] = [
  ...COUNTERS.map((n) => ({ name: `server_state.${n}`, kind: 'counter' as const })),
  ...GAUGES.map((n) => ({ name: `server_state.${n}`, kind: 'gauge' as const })),
  ...TORRENT_GAUGES.map((name) => ({ name, kind: 'gauge' as const })),
  ...PEER_GAUGES.map((name) => ({ name, kind: 'gauge' as const })),
];

export class QbittorrentAdapter implements RemoteAdapter {
  readonly kind = 'qbittorrent';
  readonly mapping = QBT_NAMES;
  readonly displayAddress: string;
  private readonly addr: DaemonAddress;
  private readonly client: QbtClient;
  private main: MainData = emptyMainData();
  private readonly peers = new Map<string, PeerData>();
  private readonly peerValues = new Map<string, number>();
  private polls = 0;
  private readonly events = new TorrentStateEvents();
  private closed = false;
  private readonly peerEvery: number;
  private readonly maxPeerTorrents: number;
  /** Requests made for per-peer lists so far (the bench and tests read it). */
  peerRequests = 0;

  constructor(address: string, options: QbtOptions = {}) {
    this.addr = parseDaemonAddress(address, 'qbittorrent', 8080);
    this.displayAddress = this.addr.display;
    this.client = new QbtClient(this.addr);
    this.peerEvery = Math.max(1, options.peerEvery ?? 5);
    this.maxPeerTorrents = options.maxPeerTorrents ?? 50;
  }

  async connect(signal: AbortSignal): Promise<Connected> {
    await this.client.login(signal);
    const [version, api, prefs] = await Promise.all([
      this.client.text('app/version', signal),
      this.client.text('app/webapiVersion', signal),
      this.client.json('app/preferences', signal),
    ]);
    // A fresh connection starts from a full update: the rid of a previous connection may be stale.
    this.main = emptyMainData();
    this.peers.clear();
    this.peerValues.clear();
    this.polls = 0;
    this.events.reset();
    return {
      version: `qBittorrent ${version} (WebUI API ${api})`,
      registry: REGISTRY,
      provenance: typeof prefs === 'object' && prefs ? withoutSecrets(prefs as Record<string, unknown>) : {},
    };
  }

  async poll(signal: AbortSignal): Promise<Reading> {
    const answer = await this.client.json(`sync/maindata?rid=${this.main.rid}`, signal);
    try {
      mergeMainData(this.main, answer);
    } catch (e) {
      throw new SourceFailure('protocol', `${this.displayAddress}: ${(e as Error).message}: is this qBittorrent?`);
    }
    if (this.polls++ % this.peerEvery === 0) await this.refreshPeers(signal);
    const values = new Map<string, number>();
    const ss = this.main.serverState;
    for (const n of [...COUNTERS, ...GAUGES]) {
      const v = num(ss[n]);
      if (v !== undefined) values.set(`server_state.${n}`, v);
    }
    torrentGauges(this.main.torrents.values(), values);
    for (const [k, v] of this.peerValues) values.set(k, v);
    const events = this.events.update([...this.main.torrents].map(([h, t]) => torrentInfo(h, t)));
    return events.length ? { values, events } : { values };
  }

  private async refreshPeers(signal: AbortSignal): Promise<void> {
    const active = [...this.main.torrents].filter(([, t]) => isActive(t)).map(([h]) => h);
    for (const h of this.peers.keys()) if (!active.includes(h)) this.peers.delete(h);
    for (const hash of active.slice(0, this.maxPeerTorrents)) {
      const state = this.peers.get(hash) ?? { rid: 0, peers: new Map<string, Fields>() };
      this.peerRequests++;
      const r = await this.client.request(`sync/torrentPeers?hash=${hash}&rid=${state.rid}`, signal);
      // 404: the torrent went away between maindata and this request.
      if (r.status === 404) {
        await r.arrayBuffer();
        this.peers.delete(hash);
        continue;
      }
      try {
        mergePeers(state, await r.json());
      } catch {
        throw new SourceFailure(
          'protocol',
          `${this.displayAddress}: sync/torrentPeers answered something else than peers`,
        );
      }
      this.peers.set(hash, state);
    }
    peerGauges(
      [...this.peers.values()].map((p) => p.peers.values()),
      this.peerValues,
    );
  }

  readonly torrents: TorrentControl = {
    list: async () => {
      const ctl = new AbortController();
      const list = (await this.client.json('torrents/info', ctl.signal)) as Fields[];
      if (!Array.isArray(list)) throw new Error(`${this.displayAddress}: torrents/info is not a list`);
      return list.map((t) => torrentInfo(String(t.hash), t));
    },
    add: async (input) => {
      const t = await daemonTorrent(input);
      const form = new FormData();
      if (t.kind === 'magnet') form.set('urls', t.uri);
      else form.set('torrents', new Blob([t.bytes]), `${t.name}.torrent`);
      await this.client.command('torrents/add', form, new AbortController().signal);
      return waitForTorrent(
        'qBittorrent',
        t.infoHash,
        (h) => this.info(h),
        () => true,
        'to appear',
      );
    },
    pause: async (hash) => {
      await this.client.command('torrents/pause', new URLSearchParams({ hashes: hash }), new AbortController().signal);
      return waitForTorrent(
        'qBittorrent',
        hash,
        (h) => this.info(h),
        (i) => i.state === 'paused',
        'to pause',
      );
    },
    resume: async (hash) => {
      await this.client.command('torrents/resume', new URLSearchParams({ hashes: hash }), new AbortController().signal);
      return waitForTorrent(
        'qBittorrent',
        hash,
        (h) => this.info(h),
        (i) => i.state !== 'paused',
        'to resume',
      );
    },
    remove: async (hash) => {
      const before = await this.info(hash);
      if (!before) throw new Error(`torrent ${hash} is not in qBittorrent's session`);
      const form = new URLSearchParams({ hashes: hash, deleteFiles: 'false' });
      await this.client.command('torrents/delete', form, new AbortController().signal);
      return before;
    },
  };

  private async info(hash: string): Promise<TorrentInfo | null> {
    const list = (await this.client.json(`torrents/info?hashes=${hash}`, new AbortController().signal)) as Fields[];
    const t = Array.isArray(list) ? list.find((x) => x.hash === hash) : undefined;
    return t ? torrentInfo(hash, t) : null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.forget();
  }
}
