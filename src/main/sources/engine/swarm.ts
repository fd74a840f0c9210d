import DHT from 'bittorrent-dht';
import { Server as TrackerServer } from 'bittorrent-tracker';
import { processEndpoint } from '../../workers/endpoint';
import { startProcess } from '../../workers/start';
import { WorkerLink } from '../../workers/workerLink';
import { contentName } from './content';
import { type PeerConfig, PeerEvent, type PeerStats } from './peer-protocol';

/*
 * The default session's world: a tracker and a DHT bootstrap node on 127.0.0.1, seeders and
 * leechers in their own child processes (their traffic is theirs, not counted; processes, not
 * threads, because utp-native aborts when two threads of a process carry uTP), and a loop that
 * has our session download generated content from the seeders, then seed it to the leechers
 * while it already downloads the next one, so the charts keep moving.
 */

export interface LoopbackOptions {
  /** Bytes of generated content per cycle. */
  readonly contentSize: number;
  readonly pieceLength: number;
  readonly seeders: number;
  readonly leechers: number;
  /** Share of swarm members that speak uTP (the rest are TCP-only and dial the session). */
  readonly utpShare: number;
  /** The misbehaving seeder serves one corrupt block in this many (0: an honest swarm). */
  readonly corruptEvery: number;
  /** Upload cap of each seeder, bytes/s (-1: none). */
  readonly seederUploadLimit: number;
  /** Keep cycling (true) or stop after the first content has been downloaded and seeded. */
  readonly cycle: boolean;
  /** Seed of the content generator (cycle k uses seed + k). */
  readonly seed: number;
}

export const DEFAULT_LOOPBACK: LoopbackOptions = {
  contentSize: 16 * 1024 * 1024,
  pieceLength: 256 * 1024,
  seeders: 3,
  leechers: 2,
  utpShare: 0.5,
  corruptEvery: 48,
  seederUploadLimit: 1024 * 1024,
  cycle: true,
  seed: 1,
};

/** What the swarm needs from the session (implemented by EngineSource). */
export interface SwarmSession {
  readonly port: number;
  addMagnet(uri: string): Promise<void>;
  removeTorrent(infoHash: string): Promise<void>;
  /** Resolves when the session finished downloading `infoHash`. Register before adding. */
  waitDone(infoHash: string, timeoutMs: number): Promise<void>;
}

interface Member {
  readonly role: 'seeder' | 'leecher';
  readonly utp: boolean;
  readonly corrupt: boolean;
  readonly link: WorkerLink<PeerEvent>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class LoopbackSwarm {
  private tracker: TrackerServer | null = null;
  private bootstrap: DHT | null = null;
  private members: Member[] = [];
  /**
   * Every member process started, ready or not: a stop while they start ends them too (one
   * still loading its modules cannot answer a stop yet, so it is ended without asking).
   */
  private readonly spawned: Array<{ link: WorkerLink<PeerEvent>; ready: boolean }> = [];
  private stopped = false;
  private loopDone: Promise<void> = Promise.resolve();
  trackerUrl = '';
  dhtBootstrap = '';
  /** Completed download cycles (for tests and the UI detail line). */
  cycles = 0;

  constructor(
    readonly options: LoopbackOptions,
    private readonly onError: (e: Error) => void,
  ) {}

  /** Tracker and DHT bootstrap node on 127.0.0.1, random ports. */
  async startInfrastructure(): Promise<void> {
    // A short announce interval keeps tracker announces (a metric) moving during a session.
    const tracker = new TrackerServer({ http: true, udp: false, ws: false, stats: false, interval: 30_000 });
    tracker.on('error', (e: Error) => this.onError(new Error(`loopback tracker: ${e.message}`)));
    tracker.on('warning', () => undefined);
    await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
    this.tracker = tracker;
    const addr = tracker.http?.address();
    if (!addr || typeof addr === 'string') throw new Error('loopback tracker has no address');
    this.trackerUrl = `http://127.0.0.1:${addr.port}/announce`;

    const dht = new DHT({ bootstrap: false, host: '127.0.0.1' });
    dht.on('error', (e: Error) => this.onError(new Error(`loopback DHT node: ${e.message}`)));
    dht.on('warning', () => undefined);
    await new Promise<void>((resolve) => dht.listen(0, '127.0.0.1', resolve));
    this.bootstrap = dht;
    this.dhtBootstrap = `127.0.0.1:${dht.address()?.port ?? 0}`;
  }

  /** Start the member workers. */
  async startMembers(): Promise<void> {
    const o = this.options;
    const utpSeeders = Math.round(o.seeders * o.utpShare);
    const utpLeechers = Math.round(o.leechers * o.utpShare);
    const specs: Array<Omit<Member, 'link'>> = [];
    for (let i = 0; i < o.seeders; i++) {
      // The first seeder is the misbehaving one (uTP when there is uTP: found via tracker at once).
      specs.push({ role: 'seeder', utp: i < utpSeeders, corrupt: o.corruptEvery > 0 && i === 0 });
    }
    for (let i = 0; i < o.leechers; i++) specs.push({ role: 'leecher', utp: i < utpLeechers, corrupt: false });
    this.members = await Promise.all(specs.map((s, i) => this.startMember(s, i)));
  }

  private async startMember(spec: Omit<Member, 'link'>, i: number): Promise<Member> {
    const name = `loopback ${spec.role} ${i} (${spec.utp ? 'uTP' : 'TCP'}${spec.corrupt ? ', corrupt' : ''})`;
    const link = new WorkerLink<PeerEvent>(
      processEndpoint(startProcess('engine-peer', 'src/main/sources/engine/peer-process.ts')),
      name,
      PeerEvent,
      (ev) => {
        if (ev.type === 'error' && !this.stopped) this.onError(new Error(`${name}: ${ev.message}`));
      },
      (e) => {
        if (!this.stopped) this.onError(e);
      },
    );
    const spawned = { link, ready: false };
    this.spawned.push(spawned);
    if (this.stopped) throw new Error('the loopback swarm was stopped');
    const config: PeerConfig = {
      utp: spec.utp,
      discover: spec.utp,
      dhtBootstrap: [this.dhtBootstrap],
      uploadLimit: spec.role === 'seeder' ? this.options.seederUploadLimit : -1,
      downloadLimit: -1,
      corruptEvery: spec.corrupt ? this.options.corruptEvery : 0,
    };
    const ready = link.waitFor((ev) => ev.type === 'ready', 60_000);
    link.send({ type: 'init', config });
    await ready;
    spawned.ready = true;
    return { ...spec, link };
  }

  /** Resolves when the cycle loop has ended (after one cycle without `cycle`, or after stop()). */
  finished(): Promise<void> {
    return this.loopDone;
  }

  /** Run download/seed cycles with `session` until stop() (or once, without `cycle`). */
  run(session: SwarmSession): void {
    this.loopDone = this.loop(session);
  }

  private async loop(session: SwarmSession): Promise<void> {
    let seeding: Promise<void> = Promise.resolve();
    for (let k = 0; !this.stopped; k++) {
      try {
        const { infoHash, magnet } = await this.download(session, k);
        this.cycles++;
        await seeding;
        if (this.stopped) return;
        seeding = this.seedToLeechers(session, infoHash, magnet).catch((e: unknown) => this.report(e));
        if (!this.options.cycle) {
          await seeding;
          return;
        }
      } catch (e) {
        if (this.stopped) return;
        this.report(e);
        await sleep(2000);
      }
    }
  }

  private report(e: unknown): void {
    if (!this.stopped) this.onError(e instanceof Error ? e : new Error(String(e)));
  }

  private seeders(): Member[] {
    return this.members.filter((m) => m.role === 'seeder');
  }

  private leechers(): Member[] {
    return this.members.filter((m) => m.role === 'leecher');
  }

  /** Seeders make content k; the session downloads it from them over uTP and TCP. */
  private async download(session: SwarmSession, k: number): Promise<{ infoHash: string; magnet: string }> {
    const o = this.options;
    const seeders = this.seeders();
    if (seeders.length === 0) throw new Error('the loopback swarm has no seeders');
    const replies = await Promise.all(
      seeders.map((s) =>
        s.link.request((req) => ({
          type: 'seed',
          req,
          seed: o.seed + k,
          size: o.contentSize,
          pieceLength: o.pieceLength,
          name: contentName(k),
          announce: [this.trackerUrl],
        })),
      ),
    );
    const first = replies[0];
    if (first?.type !== 'reply') throw new Error('seeder gave no torrent');
    if (replies.some((r) => r.type !== 'reply' || r.infoHash !== first.infoHash)) {
      throw new Error('loopback seeders made different torrents from the same seed');
    }
    const { infoHash, magnet } = first;
    // Generous: a stalled cycle is reported and the next one starts.
    const timeout = Math.max(120_000, (o.contentSize / (256 * 1024)) * 1000 * 4);
    const done = session.waitDone(infoHash, timeout);
    // Awaited below; an add that fails (the engine stopping) must not leave it unhandled.
    done.catch(() => undefined);
    await session.addMagnet(magnet);
    const addr = `127.0.0.1:${session.port}`;
    for (const s of seeders) if (!s.utp) s.link.send({ type: 'connect', infoHash, addr });
    try {
      await done;
    } catch (e) {
      await session.removeTorrent(infoHash).catch(() => undefined);
      throw e;
    } finally {
      await Promise.all(
        seeders.map((s) => s.link.request((req) => ({ type: 'drop', req, infoHash })).catch(() => undefined)),
      );
    }
    return { infoHash, magnet };
  }

  /** Leechers fetch content k from the session (the seeders are gone), then everyone drops it. */
  private async seedToLeechers(session: SwarmSession, infoHash: string, magnet: string): Promise<void> {
    const leechers = this.leechers();
    if (leechers.length === 0) {
      // Nobody to seed to: keep the torrent when not cycling; otherwise make room for the next.
      if (this.options.cycle) await session.removeTorrent(infoHash);
      return;
    }
    const timeout = Math.max(120_000, (this.options.contentSize / (256 * 1024)) * 1000 * 4);
    const dones = leechers.map((l) => l.link.waitFor((ev) => ev.type === 'done' && ev.infoHash === infoHash, timeout));
    await Promise.all(leechers.map((l) => l.link.request((req) => ({ type: 'leech', req, magnet }))));
    const addr = `127.0.0.1:${session.port}`;
    for (const l of leechers) if (!l.utp) l.link.send({ type: 'connect', infoHash, addr });
    try {
      await Promise.all(dones);
    } finally {
      await Promise.all(
        leechers.map((l) => l.link.request((req) => ({ type: 'drop', req, infoHash })).catch(() => undefined)),
      );
      if (this.options.cycle && !this.stopped) await session.removeTorrent(infoHash);
    }
  }

  /** What all members together saw of the peer `peerId` (the other side of the session's counters). */
  async peerStats(peerId: string): Promise<PeerStats & { perMember: PeerStats[] }> {
    const perMember: PeerStats[] = [];
    for (const m of this.members) {
      const r = await m.link.request((req) => ({ type: 'stats', req, peerId }));
      if (r.type === 'reply-stats') perMember.push(r.stats);
    }
    const sum = (f: (s: PeerStats) => number) => perMember.reduce((a, s) => a + f(s), 0);
    return {
      wires: sum((s) => s.wires),
      payloadSent: sum((s) => s.payloadSent),
      payloadReceived: sum((s) => s.payloadReceived),
      corruptBlocks: sum((s) => s.corruptBlocks),
      cpuMicros: sum((s) => s.cpuMicros),
      perMember,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const stopped = new Error('the loopback swarm was stopped');
    await Promise.all(
      this.spawned.splice(0).map((m) => (m.ready ? m.link.close({ type: 'stop' }) : m.link.terminate(stopped))),
    );
    this.members = [];
    await this.loopDone.catch(() => undefined);
    const tracker = this.tracker;
    this.tracker = null;
    if (tracker) await new Promise<void>((resolve) => tracker.close(() => resolve()));
    const dht = this.bootstrap;
    this.bootstrap = null;
    if (dht) await new Promise<void>((resolve) => dht.destroy(() => resolve()));
  }
}
