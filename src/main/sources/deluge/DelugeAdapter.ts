import type { TorrentInfo } from '../../../shared/api';
import { type DaemonAddress, num, parseDaemonAddress, withoutSecrets } from '../daemon-http';
import { type Connected, type Reading, type RemoteAdapter, SourceFailure } from '../remote/adapter';
import type { TorrentControl } from '../Source';
import { daemonTorrent, waitForTorrent } from '../torrent-input';
import { addDerived, DERIVED_COUNTERS, DERIVED_NAMES } from './derived';
import { LIBTORRENT_KINDS } from './libtorrent-metrics';
import { DELUGE_NAMES } from './names';
import { DelugeRpc } from './rpc';
import { delugeRates } from './torrent-row';
import { DelugeWeb } from './web';

/*
 * Deluge (deluge://:password@host:port[?daemon=host:port], the address of deluge-web):
 * core.get_session_status([]) gives every libtorrent session counter by name (291 in 2.0.8)
 * plus Deluge's own rate keys. All of them go into the reading: the ones our registry has are
 * mapped by DELUGE_NAMES, the rest are extras under their libtorrent names, listed with their
 * kinds in Connected.registry so they can be recorded and shown beside ours.
 */

type Fields = Record<string, unknown>;

/** Deluge's own keys (rates it computes, totals): gauges except the totals. */
const DELUGE_COUNTERS = new Set(['total_download', 'total_upload', 'total_payload_download', 'total_payload_upload']);

const TORRENT_FIELDS = [
  'name',
  'state',
  'progress',
  'total_size',
  'num_pieces',
  'num_peers',
  'num_seeds',
  'total_peers',
  'total_seeds',
  'download_payload_rate',
  'upload_payload_rate',
  'eta',
  'ratio',
];

export function torrentInfo(hash: string, t: Fields): TorrentInfo {
  const s = String(t.state ?? '');
  const state: TorrentInfo['state'] =
    s === 'Seeding'
      ? 'seeding'
      : s === 'Paused' || s === 'Error'
        ? 'paused'
        : s === 'Checking'
          ? 'checking'
          : (num(t.total_size) ?? 0) === 0 && s === 'Downloading'
            ? 'metadata'
            : 'downloading';
  return {
    infoHash: hash,
    name: String(t.name ?? hash),
    state,
    progress: (num(t.progress) ?? 0) / 100,
    length: num(t.total_size) ?? 0,
    pieces: num(t.num_pieces) ?? 0,
    peers: (num(t.num_peers) ?? 0) + (num(t.num_seeds) ?? 0),
    ...delugeRates(t),
  };
}

export function kindOf(name: string): 'counter' | 'gauge' {
  if (name.startsWith('derived.')) return DERIVED_COUNTERS.includes(name) ? 'counter' : 'gauge';
  if (!name.includes('.')) return DELUGE_COUNTERS.has(name) ? 'counter' : 'gauge';
  // A name this libtorrent version does not list: a gauge is the safe reading (no rate drawn).
  return LIBTORRENT_KINDS[name] ?? 'gauge';
}

export class DelugeAdapter implements RemoteAdapter {
  readonly kind = 'deluge';
  readonly mapping = DELUGE_NAMES;
  /** libtorrent's counters none of ours maps onto (utp.utp_packet_loss…): kept, not dropped. */
  readonly extras = { section: 'libtorrent', keep: (name: string) => LIBTORRENT_KINDS[name] !== undefined };
  readonly displayAddress: string;
  private readonly addr: DaemonAddress;
  /** deluge-web's JSON API, or (deluge+rpc://) the daemon's own RPC: the same core.* calls. */
  readonly web: DelugeWeb | DelugeRpc;

  constructor(address: string, via: 'web' | 'rpc' = 'web') {
    this.addr =
      via === 'rpc' ? parseDaemonAddress(address, 'deluge+rpc', 58846) : parseDaemonAddress(address, 'deluge', 8112);
    this.displayAddress = this.addr.display;
    this.web = via === 'rpc' ? new DelugeRpc(this.addr) : new DelugeWeb(this.addr);
  }

  async connect(signal: AbortSignal): Promise<Connected> {
    await this.web.login(signal);
    await this.web.ensureDaemon(this.addr.query.get('daemon'), signal);
    const [version, lt, config, status] = await Promise.all([
      this.web.core('daemon.get_version', [], signal),
      this.web.core('core.get_libtorrent_version', [], signal),
      this.web.core('core.get_config', [], signal),
      this.web.core('core.get_session_status', [[]], signal),
    ]);
    const names = Object.keys(this.statusValues(status));
    return {
      version: `Deluge ${String(version)} (libtorrent ${String(lt)})`,
      registry: [...names, ...DERIVED_NAMES].map((name) => ({ name, kind: kindOf(name) })),
      provenance: typeof config === 'object' && config ? withoutSecrets(config as Fields) : {},
    };
  }

  private statusValues(status: unknown): Fields {
    if (typeof status !== 'object' || status === null || Array.isArray(status)) {
      throw new SourceFailure(
        'protocol',
        `${this.displayAddress}: core.get_session_status answered no name -> value table`,
      );
    }
    return status as Fields;
  }

  async poll(signal: AbortSignal): Promise<Reading> {
    const answer = await this.web.core('core.get_session_status', [[]], signal).catch((e: unknown) => {
      if (e instanceof SourceFailure || signal.aborted) throw e;
      throw new SourceFailure(
        'protocol',
        `${this.displayAddress}: core.get_session_status failed: ${(e as Error).message}`,
      );
    });
    const status = this.statusValues(answer);
    const values = new Map<string, number>();
    for (const [k, v] of Object.entries(status)) {
      const n = num(v);
      if (n !== undefined) values.set(k, n);
    }
    addDerived(values);
    return { values };
  }

  private async info(hash: string): Promise<TorrentInfo | null> {
    const t = (await this.web.core(
      'core.get_torrent_status',
      [hash, TORRENT_FIELDS],
      AbortSignal.timeout(15_000),
    )) as Fields;
    return t && typeof t === 'object' && Object.keys(t).length > 0 ? torrentInfo(hash, t) : null;
  }

  readonly torrents: TorrentControl = {
    list: async () => {
      const all = (await this.web.core(
        'core.get_torrents_status',
        [{}, TORRENT_FIELDS],
        AbortSignal.timeout(15_000),
      )) as Record<string, Fields>;
      return Object.entries(all ?? {}).map(([h, t]) => torrentInfo(h, t));
    },
    add: async (input) => {
      const t = await daemonTorrent(input);
      const signal = AbortSignal.timeout(15_000);
      const id =
        t.kind === 'magnet'
          ? await this.web.core('core.add_torrent_magnet', [t.uri, {}], signal)
          : await this.web.core(
              'core.add_torrent_file',
              [`${t.name}.torrent`, Buffer.from(t.bytes).toString('base64'), {}],
              signal,
            );
      if (id === null) throw new Error(`Deluge did not add torrent ${t.infoHash} (already in the session?)`);
      return waitForTorrent(
        'Deluge',
        t.infoHash,
        (h) => this.info(h),
        () => true,
        'to appear',
      );
    },
    pause: async (hash) => {
      await this.web.core('core.pause_torrent', [hash], AbortSignal.timeout(15_000));
      return waitForTorrent(
        'Deluge',
        hash,
        (h) => this.info(h),
        (i) => i.state === 'paused',
        'to pause',
      );
    },
    resume: async (hash) => {
      await this.web.core('core.resume_torrent', [hash], AbortSignal.timeout(15_000));
      return waitForTorrent(
        'Deluge',
        hash,
        (h) => this.info(h),
        (i) => i.state !== 'paused',
        'to resume',
      );
    },
    remove: async (hash) => {
      const before = await this.info(hash);
      if (!before) throw new Error(`torrent ${hash} is not in Deluge's session`);
      await this.web.core('core.remove_torrent', [hash, false], AbortSignal.timeout(15_000));
      return before;
    },
  };

  async close(): Promise<void> {
    this.web.forget();
  }
}
