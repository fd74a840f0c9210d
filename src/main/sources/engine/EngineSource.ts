import { EventEmitter } from 'node:events';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourceInfo } from '../../../shared/api';
import type { SessionCounters } from '../../../shared/counters';
import { DEFAULT_RATE_WINDOW, type RateWindow } from '../../../shared/invariants';
import { makeOwnedDir, removeOwnedDir, sweepStaleDirs } from '../../lifetime/ownedTempDir';
import { workerEndpoint } from '../../workers/endpoint';
import { startWorker } from '../../workers/start';
import { WorkerLink } from '../../workers/workerLink';
import type { Source, TorrentControl } from '../Source';
import { NOT_REPORTED, notReportedWith } from './mapping';
import { EngineMeters, rateStepMs } from './meters';
import { type SessionConfig, type TorrentInput, type TorrentSummary, WorkerEvent } from './protocol';
import { DEFAULT_SESSION_LIMIT, ENGINE_VERSION, engineSettings } from './settings';
import type { EngineSourceOptions } from './sourceOptions';
import { DEFAULT_LOOPBACK, type LoopbackOptions, LoopbackSwarm, type SwarmSession } from './swarm';
import { createTallyBuffer, TallyReader } from './tallies';

export type { EngineSourceOptions };

export interface EngineSourceEvents {
  /** The session finished downloading a torrent, `downloadMs` after it was added. */
  done: [infoHash: string, downloadMs: number];
}

export { DEFAULT_SESSION_LIMIT } from './settings';

/**
 * The embedded engine: webtorrent in a worker thread writing the session's metrics into the
 * host's counters. By default it also runs a loopback swarm so there is real traffic at once.
 * Torrent commands cross to the worker as messages; their errors come back as rejections
 * with a message a user can act on, and the session keeps running.
 */
export class EngineSource extends EventEmitter<EngineSourceEvents> implements Source {
  readonly info: SourceInfo;
  /** NOT_REPORTED, plus the metrics whose hooked webtorrent member the worker found changed. */
  notReported: ReadonlyMap<number, string> = NOT_REPORTED;
  /** The meters' rates: the bytes of the trailing second, stepped every 20 ms (meters.ts). */
  readonly rateWindow: RateWindow = DEFAULT_RATE_WINDOW;
  private link: WorkerLink<WorkerEvent> | null = null;
  private swarmRef: LoopbackSwarm | null = null;
  private readonly errorListeners: Array<(e: Error) => void> = [];
  private ownDataDir: string | null = null;
  private dataDir = '';
  private sessionPort = 0;
  private sessionPeerId = '';
  private readonly doneWaiters = new Map<string, Array<(err?: Error) => void>>();
  private stopping: Promise<void> | null = null;
  /** Publishes the worker's tallies with the bw.* rates, on this thread (meters.ts). */
  private meters: EngineMeters | null = null;
  private stepTimer: NodeJS.Timeout | null = null;
  readonly loopback: LoopbackOptions | null;

  constructor(private readonly options: EngineSourceOptions = {}) {
    super();
    this.loopback = options.loopback === null ? null : { ...DEFAULT_LOOPBACK, ...options.loopback };
    checkOptions(this.loopback, options);
    const lb = this.loopback;
    // What the bw.* rate gauges mean (README.md in this folder): shown with the source.
    const rates = `; rates: bytes of the trailing ${((options.tickMs ?? 1000) / 1000).toString()} s, updated every ${rateStepMs(options.tickMs ?? 1000)} ms`;
    this.info = lb
      ? {
          kind: 'engine',
          label: 'Embedded engine: loopback swarm',
          detail:
            `webtorrent in a worker thread; ${lb.seeders} seeders (one corrupting: ${lb.corruptEvery > 0 ? 'yes' : 'no'}), ` +
            `${lb.leechers} leechers on 127.0.0.1, ${(lb.contentSize / 1048576).toFixed(1)} MiB per cycle, ` +
            `${Math.round(lb.utpShare * 100)}% uTP peers${rates}`,
        }
      : { kind: 'engine', label: 'Embedded engine', detail: `webtorrent in a worker thread${rates}` };
    this.info = { ...this.info, version: ENGINE_VERSION, settings: engineSettings(lb, options) };
  }

  /** The loopback swarm, while running (tests compare the session with what its peers saw). */
  get swarm(): LoopbackSwarm | null {
    return this.swarmRef;
  }

  get peerId(): string {
    return this.sessionPeerId;
  }

  get port(): number {
    return this.sessionPort;
  }

  onError(listener: (error: Error) => void): void {
    this.errorListeners.push(listener);
  }

  private reportError(e: Error): void {
    if (this.stopping) return;
    for (const l of this.errorListeners) l(e);
  }

  async start(counters: SessionCounters): Promise<void> {
    if (this.link) throw new Error('the engine is already running');
    const o = this.options;
    try {
      if (o.dataDir) this.dataDir = o.dataDir;
      else {
        // Downloads of a session that does not keep them. A serve killed with SIGKILL leaves
        // the folder (a forced exit removes it on the way out): the next engine removes it.
        sweepStaleDirs('engine');
        this.ownDataDir = makeOwnedDir('engine');
        this.dataDir = join(this.ownDataDir, 'downloads');
        await mkdir(this.dataDir);
      }

      let bootstrap = [...(o.dhtBootstrap ?? [])];
      if (this.loopback) {
        this.swarmRef = new LoopbackSwarm(this.loopback, (e) => this.reportError(e));
        await this.swarmRef.startInfrastructure();
        bootstrap = [this.swarmRef.dhtBootstrap];
      }
      this.throwIfStopping();
      const limit = this.loopback ? DEFAULT_SESSION_LIMIT : -1;
      const config: SessionConfig = {
        instrument: o.instrument ?? true,
        dataDir: this.dataDir,
        downloadLimit: o.downloadLimit ?? limit,
        uploadLimit: o.uploadLimit ?? limit,
        utp: o.utp ?? true,
        maxConns: o.maxConns ?? 55,
        dhtBootstrap: bootstrap,
        dhtHost: this.loopback ? '127.0.0.1' : null,
        tickMs: o.tickMs ?? 1000,
      };
      const worker = startWorker('engine-worker', 'src/main/sources/engine/worker.ts');
      const link = new WorkerLink<WorkerEvent>(
        workerEndpoint(worker),
        'engine worker',
        WorkerEvent,
        (ev) => this.onEvent(ev),
        (e) => this.reportError(e),
      );
      this.link = link;
      const ready = link.waitFor((ev) => ev.type === 'ready', 60_000);
      const tallies = createTallyBuffer();
      link.send({ type: 'init', config, counters: counters.buffer, tallies });
      const r = await ready;
      this.throwIfStopping();
      if (r.type === 'ready') {
        this.sessionPort = r.port;
        this.sessionPeerId = r.peerId;
        this.notReported = notReportedWith(r.notReported);
      }
      if (config.instrument) this.startMeters(new EngineMeters(counters, new TallyReader(tallies), config.tickMs));
      if (this.swarmRef) {
        await this.swarmRef.startMembers();
        this.swarmRef.run(this.swarmSession());
      }
    } catch (e) {
      // A stop that came meanwhile ran before some of this existed: it is ended now too.
      if (this.stopping) await this.stopping.then(() => this.doStop());
      else await this.stop();
      throw e;
    }
  }

  /**
   * A stop that came while starting has already closed what existed then: what start would
   * make after it (the worker, the swarm's members) would outlive it.
   */
  private throwIfStopping(): void {
    if (this.stopping) throw new Error('the engine was stopped while it started');
  }

  /** Step the meters once per step slot, early in it (see EngineMeters.msToNextStep). */
  private startMeters(meters: EngineMeters): void {
    this.meters = meters;
    const step = () => {
      meters.step();
      this.stepTimer = setTimeout(step, meters.msToNextStep());
      this.stepTimer.unref();
    };
    this.stepTimer = setTimeout(step, meters.msToNextStep());
    this.stepTimer.unref();
  }

  private onEvent(ev: WorkerEvent): void {
    if (ev.type === 'done') {
      const ws = this.doneWaiters.get(ev.infoHash);
      this.doneWaiters.delete(ev.infoHash);
      for (const w of ws ?? []) w();
      this.emit('done', ev.infoHash, ev.downloadMs);
    } else if (ev.type === 'error') {
      this.reportError(new Error(ev.message));
    }
  }

  private swarmSession(): SwarmSession {
    return {
      port: this.sessionPort,
      addMagnet: async (uri) => {
        await this.command({ kind: 'magnet', uri });
      },
      removeTorrent: async (infoHash) => {
        await this.remove(infoHash, { deleteData: true });
      },
      waitDone: (infoHash, timeoutMs) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            reject(new Error(`the session did not finish ${infoHash} within ${Math.round(timeoutMs / 1000)} s`));
          }, timeoutMs);
          timer.unref();
          const list = this.doneWaiters.get(infoHash) ?? [];
          list.push((err) => {
            clearTimeout(timer);
            if (err) reject(err);
            else resolve();
          });
          this.doneWaiters.set(infoHash, list);
        }),
    };
  }

  private running(): WorkerLink<WorkerEvent> {
    if (!this.link?.alive || this.stopping) throw new Error('the engine is not running');
    return this.link;
  }

  private async command(input: TorrentInput, path?: string): Promise<TorrentSummary> {
    const link = this.running();
    const r = await link.request((req) => ({ type: 'add', req, input, ...(path ? { path } : {}) }), 60_000);
    if (r.type !== 'reply') throw new Error('unexpected reply from the engine');
    return r.torrent;
  }

  /**
   * Add a torrent: a magnet link, a path to a .torrent file, or the bytes of one. Rejects with
   * a clear message for bad input (unreadable file, not a torrent, not a magnet, duplicate).
   */
  async addTorrent(input: string | Uint8Array, opts: { path?: string } = {}): Promise<TorrentSummary> {
    if (typeof input === 'string') {
      const s = input.trim();
      if (s === '') throw new Error('no torrent given: pass a magnet link or a .torrent file');
      if (/^magnet:/i.test(s)) return this.command({ kind: 'magnet', uri: s }, opts.path);
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(s));
      } catch (e) {
        throw new Error(
          `cannot read the torrent file ${s}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
      return this.command({ kind: 'file', bytes }, opts.path);
    }
    if (!(input instanceof Uint8Array)) throw new Error('a torrent is a magnet link, a file path or .torrent bytes');
    return this.command({ kind: 'file', bytes: input }, opts.path);
  }

  private async simple(type: 'pause' | 'resume', infoHash: string): Promise<TorrentSummary> {
    const r = await this.running().request((req) => ({ type, req, infoHash: normHash(infoHash) }));
    if (r.type !== 'reply') throw new Error('unexpected reply from the engine');
    return r.torrent;
  }

  pause(infoHash: string): Promise<TorrentSummary> {
    return this.simple('pause', infoHash);
  }

  resume(infoHash: string): Promise<TorrentSummary> {
    return this.simple('resume', infoHash);
  }

  async remove(infoHash: string, opts: { deleteData?: boolean } = {}): Promise<TorrentSummary> {
    const r = await this.running().request((req) => ({
      type: 'remove',
      req,
      infoHash: normHash(infoHash),
      deleteData: opts.deleteData ?? false,
    }));
    if (r.type !== 'reply') throw new Error('unexpected reply from the engine');
    return r.torrent;
  }

  /** The Source-level torrent commands (see TorrentControl). */
  readonly torrents: TorrentControl = {
    list: () => this.list(),
    add: (input) => this.addTorrent(input),
    pause: (h) => this.pause(h),
    resume: (h) => this.resume(h),
    remove: (h) => this.remove(h),
  };

  async list(): Promise<TorrentSummary[]> {
    const r = await this.running().request((req) => ({ type: 'list', req }));
    if (r.type !== 'reply-list') throw new Error('unexpected reply from the engine');
    return r.torrents;
  }

  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    // The session first, while its peers are still there to answer the close of each uTP
    // connection (its uTP socket waits for those before it can close).
    await this.link?.close({ type: 'stop' }, 20_000);
    // The worker is gone: what it tallied last is published, and the rates drop to 0.
    if (this.stepTimer) clearTimeout(this.stepTimer);
    this.stepTimer = null;
    this.meters?.close();
    this.meters = null;
    // Whatever the swarm loop waits for from the session will not come now.
    const stopped = new Error('the engine stopped');
    for (const ws of this.doneWaiters.values()) for (const w of ws) w(stopped);
    this.doneWaiters.clear();
    await this.swarmRef?.stop().catch(() => undefined);
    if (this.ownDataDir) {
      const dir = this.ownDataDir;
      await rm(dir, { recursive: true, force: true })
        .then(() => removeOwnedDir(dir))
        .catch(() => undefined);
    }
  }
}

function normHash(infoHash: string): string {
  const h = infoHash.trim().toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(h)) throw new Error(`not an info hash: ${infoHash} (expected 40 hex digits)`);
  return h;
}

function checkOptions(lb: LoopbackOptions | null, o: EngineSourceOptions): void {
  const int = (name: string, v: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (v === undefined) return;
    if (!Number.isInteger(v) || v < min || v > max)
      throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${v}`);
  };
  int('downloadLimit', o.downloadLimit, -1);
  int('uploadLimit', o.uploadLimit, -1);
  int('maxConns', o.maxConns, 1, 1000);
  int('tickMs', o.tickMs, 50, 10_000);
  if (!lb) return;
  int('contentSize', lb.contentSize, 1, 4 * 1024 ** 3);
  int('pieceLength', lb.pieceLength, 16 * 1024, 16 * 1024 * 1024);
  if ((lb.pieceLength & (lb.pieceLength - 1)) !== 0) throw new RangeError('pieceLength must be a power of two');
  int('seeders', lb.seeders, 1, 16);
  int('leechers', lb.leechers, 0, 16);
  int('corruptEvery', lb.corruptEvery, 0);
  int('seederUploadLimit', lb.seederUploadLimit, -1);
  if (!(lb.utpShare >= 0 && lb.utpShare <= 1)) throw new RangeError(`utpShare must be in 0..1, got ${lb.utpShare}`);
}
