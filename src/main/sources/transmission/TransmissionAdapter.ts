import type { TorrentInfo } from '../../../shared/api';
import { type DaemonAddress, num, parseDaemonAddress, withoutSecrets } from '../daemon-http';
import { type Connected, type Reading, type RemoteAdapter, SourceFailure } from '../remote/adapter';
import type { TorrentControl } from '../Source';
import { TorrentStateEvents } from '../torrent-events';
import { daemonTorrent, waitForTorrent } from '../torrent-input';
import { TORRENT_FIELDS, TORRENT_GAUGES, torrentGauges, torrentInfo } from './gauges';
import { TRANSMISSION_NAMES } from './names';
import { JSONRPC_FROM_RPC_VERSION, TransmissionRpc } from './rpc';

/*
 * Transmission (transmission://user:pass@host:port/transmission/rpc): session-stats and one
 * torrent-get per poll (the derived gauges need per-torrent and per-peer fields; Transmission
 * answers all torrents in one request). The dialect is chosen at connect from session-get's
 * rpc-version (which the old dialect answers on every version): 4.1+ gets JSON-RPC 2.0.
 */

type Fields = Record<string, unknown>;

const SESSION_STATS = [
  'download_speed',
  'upload_speed',
  'active_torrent_count',
  'paused_torrent_count',
  'torrent_count',
];
const STATS_COUNTERS = ['uploaded_bytes', 'downloaded_bytes', 'files_added', 'session_count'];

const REGISTRY: Connected['registry'] = [
  ...SESSION_STATS.map((n) => ({ name: `session_stats.${n}`, kind: 'gauge' as const })),
  ...STATS_COUNTERS.map((n) => ({ name: `current_stats.${n}`, kind: 'counter' as const })),
  { name: 'current_stats.seconds_active', kind: 'gauge' },
  ...STATS_COUNTERS.map((n) => ({ name: `cumulative_stats.${n}`, kind: 'counter' as const })),
  { name: 'cumulative_stats.seconds_active', kind: 'gauge' },
  ...TORRENT_GAUGES.map((name) => ({ name, kind: 'gauge' as const })),
];

export class TransmissionAdapter implements RemoteAdapter {
  readonly kind = 'transmission';
  readonly mapping = TRANSMISSION_NAMES;
  readonly displayAddress: string;
  private readonly addr: DaemonAddress;
  readonly rpc: TransmissionRpc;
  private readonly events = new TorrentStateEvents();

  constructor(address: string) {
    this.addr = parseDaemonAddress(address, 'transmission', 9091, '/transmission/rpc');
    this.displayAddress = this.addr.display;
    this.rpc = new TransmissionRpc(this.addr);
  }

  async connect(signal: AbortSignal): Promise<Connected> {
    this.rpc.dialect = 'legacy';
    this.events.reset();
    const session = await this.rpc.call('session_get', {}, signal);
    const rpcVersion = num(session.rpc_version);
    if (rpcVersion === undefined) {
      throw new SourceFailure(
        'protocol',
        `${this.displayAddress}: session-get has no rpc-version: is this Transmission?`,
      );
    }
    if (rpcVersion >= JSONRPC_FROM_RPC_VERSION) this.rpc.dialect = 'jsonrpc';
    return {
      version: `Transmission ${String(session.version ?? '?')} (RPC ${rpcVersion}${this.rpc.dialect === 'jsonrpc' ? ', JSON-RPC 2.0' : ''})`,
      registry: REGISTRY,
      provenance: withoutSecrets(session),
    };
  }

  async poll(signal: AbortSignal): Promise<Reading> {
    const [stats, got] = await Promise.all([
      this.rpc.call('session_stats', {}, signal),
      this.rpc.call('torrent_get', { fields: TORRENT_FIELDS }, signal),
    ]);
    const values = new Map<string, number>();
    for (const n of SESSION_STATS) {
      const v = num(stats[n]);
      if (v !== undefined) values.set(`session_stats.${n}`, v);
    }
    for (const group of ['current_stats', 'cumulative_stats']) {
      const g = (stats[group] ?? {}) as Fields;
      for (const n of [...STATS_COUNTERS, 'seconds_active']) {
        const v = num(g[n]);
        if (v !== undefined) values.set(`${group}.${n}`, v);
      }
    }
    const list = this.torrentList(got);
    torrentGauges(list, values);
    const events = this.events.update(list.map(torrentInfo));
    return events.length ? { values, events } : { values };
  }

  private torrentList(got: Fields): Fields[] {
    if (!Array.isArray(got.torrents)) {
      throw new SourceFailure('protocol', `${this.displayAddress}: torrent-get answered no torrent list`);
    }
    return got.torrents as Fields[];
  }

  private async info(hash: string): Promise<TorrentInfo | null> {
    const got = await this.rpc.call(
      'torrent_get',
      { ids: [hash], fields: TORRENT_FIELDS },
      AbortSignal.timeout(15_000),
    );
    const t = this.torrentList(got)[0];
    return t ? torrentInfo(t) : null;
  }

  private async command(method: string, hash: string, extra: Fields = {}): Promise<void> {
    await this.rpc.call(method, { ids: [hash], ...extra }, AbortSignal.timeout(15_000));
  }

  readonly torrents: TorrentControl = {
    list: async () => {
      const got = await this.rpc.call('torrent_get', { fields: TORRENT_FIELDS }, AbortSignal.timeout(15_000));
      return this.torrentList(got).map(torrentInfo);
    },
    add: async (input) => {
      const t = await daemonTorrent(input);
      const args = t.kind === 'magnet' ? { filename: t.uri } : { metainfo: Buffer.from(t.bytes).toString('base64') };
      const r = await this.rpc.call('torrent_add', args, AbortSignal.timeout(15_000));
      if (r.torrent_duplicate) throw new Error(`torrent ${t.infoHash} is already in Transmission's session`);
      return waitForTorrent(
        'Transmission',
        t.infoHash,
        (h) => this.info(h),
        () => true,
        'to appear',
      );
    },
    pause: async (hash) => {
      await this.command('torrent_stop', hash);
      return waitForTorrent(
        'Transmission',
        hash,
        (h) => this.info(h),
        (i) => i.state === 'paused',
        'to stop',
      );
    },
    resume: async (hash) => {
      await this.command('torrent_start', hash);
      return waitForTorrent(
        'Transmission',
        hash,
        (h) => this.info(h),
        (i) => i.state !== 'paused',
        'to start',
      );
    },
    remove: async (hash) => {
      const before = await this.info(hash);
      if (!before) throw new Error(`torrent ${hash} is not in Transmission's session`);
      await this.command('torrent_remove', hash, { delete_local_data: false });
      return before;
    },
  };

  async close(): Promise<void> {}
}
