import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import parseTorrent from 'parse-torrent';
import WebTorrent, { type Torrent, type TorrentOptions } from 'webtorrent';
import { SessionCounters } from '../../../shared/counters';
import { magnetProblem, torrentFileProblem } from '../../../shared/torrent-input';
import { boundedTorrentId } from './exactSource';
import { checkHooks, type HookReport } from './hooks';
import { Instrumentation } from './instrument';
import {
  describeIssue,
  type SessionConfig,
  type TorrentInput,
  type TorrentSummary,
  WorkerCommand,
  type WorkerEvent,
} from './protocol';
import { measuredFsStore } from './store';
import { TallyWriter } from './tallies';

/*
 * The session actor: one webtorrent client in this worker thread, writing its metrics into
 * the host's SessionCounters as events happen. The main thread only sends commands and reads
 * replies; nothing here blocks it.
 */

const port = parentPort;
if (!port) throw new Error('engine worker must run in a worker thread');

function post(ev: WorkerEvent): void {
  port?.postMessage(ev);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

class Session {
  readonly client: WebTorrent;
  private readonly counters: SessionCounters;
  private readonly instr: Instrumentation | null;
  /** Hooked webtorrent members this version lacks (their metrics become "not reported"). */
  private readonly hooks: HookReport | null;
  private readonly timer: NodeJS.Timeout;
  /** Addresses of peers a pause disconnected, to dial again on resume. */
  private readonly pausedPeers = new Map<string, string[]>();

  constructor(
    readonly config: SessionConfig,
    sab: SharedArrayBuffer,
    tallies: SharedArrayBuffer,
  ) {
    this.counters = SessionCounters.fromBuffer(sab);
    this.hooks = config.instrument ? checkHooks() : null;
    this.client = new WebTorrent({
      utp: config.utp,
      maxConns: config.maxConns,
      downloadLimit: config.downloadLimit,
      uploadLimit: config.uploadLimit,
      // Never reach out of the machine on our own: no UPnP/NAT-PMP, no multicast discovery.
      natUpnp: false,
      natPmp: false,
      lsd: false,
      dht:
        config.dhtBootstrap.length > 0
          ? { bootstrap: config.dhtBootstrap, ...(config.dhtHost ? { host: config.dhtHost } : {}) }
          : false,
    });
    this.client.on('error', (e: unknown) => post({ type: 'error', message: errorText(e) }));
    // Bytes, payload, pieces and waste go to the tallies; EngineSource publishes them with the rates.
    const instr = config.instrument ? new Instrumentation(this.counters, this.client, new TallyWriter(tallies)) : null;
    this.instr = instr;
    instr?.attach();
    this.timer = setInterval(() => instr?.tick(), config.tickMs);
  }

  async ready(): Promise<void> {
    const client = this.client;
    if (!client.listening) await new Promise<void>((resolve) => client.once('listening', () => resolve()));
    const dht = client.dht;
    if (dht && !dht.listening) await new Promise<void>((resolve) => dht.once('listening', () => resolve()));
    post({
      type: 'ready',
      port: client.torrentPort,
      peerId: client.peerId,
      utp: client.utp,
      dhtPort: dht ? (dht.address()?.port ?? null) : null,
      notReported: [...(this.hooks?.notReported ?? [])],
    });
  }

  private find(infoHash: string): Torrent {
    const t = this.client.torrents.find((x) => x.infoHash === infoHash && !x.destroyed);
    if (!t) throw new Error(`no torrent ${infoHash} in the session`);
    return t;
  }

  /** Check the input the way webtorrent will read it, so a bad one gets a message a user can act on. */
  private async validate(input: TorrentInput): Promise<string> {
    if (input.kind === 'magnet') {
      const uri = input.uri.trim();
      const problem = magnetProblem(uri);
      if (problem) throw new Error(problem);
      let parsed: Awaited<ReturnType<typeof parseTorrent>>;
      try {
        parsed = await parseTorrent(uri);
      } catch (e) {
        throw new Error(`not a valid magnet link: ${errorText(e)}`);
      }
      if (!parsed.infoHash || !/^[0-9a-f]{40}$/.test(parsed.infoHash)) {
        throw new Error('not a valid magnet link: it has no BitTorrent info hash (xt=urn:btih:...)');
      }
      return parsed.infoHash;
    }
    const problem = torrentFileProblem(input.bytes);
    if (problem) throw new Error(`not a valid .torrent file: ${problem}`);
    let parsed: Awaited<ReturnType<typeof parseTorrent>>;
    try {
      parsed = await parseTorrent(input.bytes);
    } catch (e) {
      throw new Error(`not a valid .torrent file: ${errorText(e)}`);
    }
    if (!parsed.info || !parsed.infoHash) throw new Error('not a valid .torrent file: it has no info dictionary');
    return parsed.infoHash;
  }

  async add(input: TorrentInput, path: string | undefined, announce: string[] | undefined): Promise<TorrentSummary> {
    const infoHash = await this.validate(input);
    if (this.client.torrents.some((t) => t.infoHash === infoHash && !t.destroyed)) {
      throw new Error(`torrent ${infoHash} is already in the session`);
    }
    const opts: TorrentOptions = { path: path ?? this.config.dataDir };
    if (announce?.length) opts.announce = announce;
    if (this.instr) opts.store = measuredFsStore(this.instr.jobs);
    const addedAt = performance.now();
    // A magnet's xs= .torrent is fetched bounded here, not by webtorrent (exactSource.ts).
    const torrentId = await boundedTorrentId(input, infoHash, opts, (message) => post({ type: 'error', message }));
    const t = this.client.add(torrentId, opts);
    t.on('done', () => post({ type: 'done', infoHash: t.infoHash, downloadMs: performance.now() - addedAt }));
    return await new Promise<TorrentSummary>((resolve, reject) => {
      let settled = false;
      t.on('error', (e: unknown) => {
        if (!settled) {
          settled = true;
          reject(new Error(errorText(e)));
        } else post({ type: 'error', message: `torrent ${t.infoHash}: ${errorText(e)}` });
      });
      const settle = () => {
        if (settled) return;
        settled = true;
        resolve(summary(t));
      };
      if (t.infoHash) queueMicrotask(settle);
      else t.once('infoHash', settle);
    });
  }

  pause(infoHash: string): TorrentSummary {
    const t = this.find(infoHash);
    // webtorrent's pause() only stops dialing new peers; a paused torrent here moves no data,
    // so drop its connections too and remember where they went.
    t.pause();
    const addrs: string[] = [];
    for (const [id, p] of t._peers ?? []) {
      if (p.addr) addrs.push(p.addr);
      t.removePeer(id);
    }
    this.pausedPeers.set(infoHash, addrs);
    return summary(t);
  }

  resume(infoHash: string): TorrentSummary {
    const t = this.find(infoHash);
    t.resume();
    for (const addr of this.pausedPeers.get(infoHash) ?? []) t.addPeer(addr);
    this.pausedPeers.delete(infoHash);
    return summary(t);
  }

  async remove(infoHash: string, deleteData: boolean): Promise<TorrentSummary> {
    const t = this.find(infoHash);
    const s = summary(t);
    await new Promise<void>((resolve) => t.destroy({ destroyStore: deleteData }, () => resolve()));
    this.pausedPeers.delete(infoHash);
    return s;
  }

  list(): TorrentSummary[] {
    return this.client.torrents.filter((t) => !t.destroyed).map(summary);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    const client = this.client;
    // utp-native's socket closes only after its last connection did, later than webtorrent's
    // destroy callback, and ending the thread with it open aborts the whole process
    // (uv_loop_close with open handles): see closeUtp.
    const utp = client._connPool?.utpServer ?? null;
    if (!client.destroyed) await new Promise<void>((resolve) => client.destroy(() => resolve()));
    if (utp && !utp._closed) await closeUtp(utp);
    if (this.instr) {
      // Gauges follow the engine down to zero (no peers, no torrents, no traffic).
      this.instr.tick();
      this.instr.detach();
    }
    this.counters.release();
  }
}

/** The parts of utp-native's socket (2.5.3) needed to close it for good. */
interface UtpSocket {
  readonly _closed?: boolean;
  connections?: unknown[];
  _sending?: unknown[];
  _closing?: boolean;
  _closeMaybe?: () => void;
  once(event: 'close', fn: () => void): unknown;
}

/**
 * Close utp-native's socket. Connections that were moving data when they were destroyed can
 * sit in libutp's graceful close (FIN, waiting for acks) for a long time, and the socket only
 * closes after them. Give them a moment, then drop them: libutp frees them with its context.
 */
async function closeUtp(utp: UtpSocket): Promise<void> {
  const closed = new Promise<void>((resolve) => utp.once('close', () => resolve()));
  const graceful = await Promise.race([closed.then(() => true), sleep(2000).then(() => false)]);
  if (graceful || utp._closed) return;
  if (utp.connections) utp.connections.length = 0;
  if (utp._sending) utp._sending.length = 0;
  utp._closing = true;
  utp._closeMaybe?.();
  await Promise.race([closed, sleep(5000)]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function stateOf(t: Torrent): TorrentSummary['state'] {
  if (t.paused) return 'paused';
  if (!t.metadata) return 'metadata';
  if (!t.ready) return 'checking';
  return t.done ? 'seeding' : 'downloading';
}

/** webtorrent does not scrape trackers: how many are in the swarm beyond our connections is unknown. */
const NO_SWARM = 'the embedded engine does not scrape trackers, so the swarm beyond its connections is not known';

function summary(t: Torrent): TorrentSummary {
  const live = t.wires.filter((w) => !w.destroyed);
  const seeds = live.filter((w) => w.isSeeder === true).length;
  const eta = t.timeRemaining;
  return {
    infoHash: t.infoHash,
    name: t.name ?? t.infoHash,
    state: stateOf(t),
    progress: t.progress,
    length: t.length ?? 0,
    pieces: t.metadata ? t.pieces.length : 0,
    peers: t.numPeers,
    downRate: t.paused ? 0 : Math.round(t.downloadSpeed),
    upRate: t.paused ? 0 : Math.round(t.uploadSpeed),
    // Infinity (nothing arriving) is "no estimate"; before the metadata the size is unknown too.
    eta: t.metadata && Number.isFinite(eta) ? Math.max(0, eta / 1000) : null,
    ratio: t.received > 0 ? t.uploaded / t.received : null,
    seeds: { connected: seeds, swarm: null },
    leechers: { connected: live.length - seeds, swarm: null },
    unreported: { swarm: NO_SWARM },
  };
}

let session: Session | null = null;

async function handle(cmd: WorkerCommand): Promise<void> {
  if (cmd.type === 'init') {
    if (session) throw new Error('engine worker got a second init');
    session = new Session(cmd.config, cmd.counters, cmd.tallies);
    await session.ready();
    return;
  }
  if (cmd.type === 'stop') {
    await session?.stop();
    session = null;
    post({ type: 'stopped' });
    return;
  }
  const s = session;
  try {
    if (!s) throw new Error('the engine session is not running');
    switch (cmd.type) {
      case 'add':
        post({ type: 'reply', req: cmd.req, ok: true, torrent: await s.add(cmd.input, cmd.path, cmd.announce) });
        break;
      case 'pause':
        post({ type: 'reply', req: cmd.req, ok: true, torrent: s.pause(cmd.infoHash) });
        break;
      case 'resume':
        post({ type: 'reply', req: cmd.req, ok: true, torrent: s.resume(cmd.infoHash) });
        break;
      case 'remove':
        post({ type: 'reply', req: cmd.req, ok: true, torrent: await s.remove(cmd.infoHash, cmd.deleteData) });
        break;
      case 'list':
        post({ type: 'reply-list', req: cmd.req, torrents: s.list() });
        break;
    }
  } catch (e) {
    post({ type: 'reply-error', req: cmd.req, message: errorText(e) });
  }
}

port.on('message', (raw: unknown) => {
  const r = WorkerCommand.safeParse(raw);
  if (!r.success) {
    post({ type: 'error', message: `engine worker got an invalid command: ${describeIssue(r.error)}` });
    return;
  }
  handle(r.data).catch((e: unknown) => post({ type: 'error', message: errorText(e) }));
});
