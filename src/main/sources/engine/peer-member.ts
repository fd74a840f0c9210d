import MemoryChunkStore from 'memory-chunk-store';
import WebTorrent, { type ChunkStore, type Torrent, type Wire } from 'webtorrent';
import { generateContent } from './content';
import { type PeerCommand, PeerCommand as PeerCommandSchema, type PeerConfig, type PeerEvent } from './peer-protocol';
import { describeIssue } from './protocol';

/*
 * A member of the loopback swarm: a plain webtorrent client (no instrumentation; its traffic
 * is the session's counterpart, not the session). Seeders make their content from a seed;
 * the misbehaving one now and then serves a block with a flipped byte.
 *
 * Members run in child processes, not worker threads: utp-native (webtorrent's uTP) aborts
 * the whole process (libutp assertion `needed == 0`) as soon as two threads of one process
 * carry uTP traffic, and the session's worker is already one. peer-process.ts (the entry) makes
 * sure a member never outlives the process that started it.
 */

const send = process.send?.bind(process);
if (!send) throw new Error('the loopback peer must run as a child process with an IPC channel');

function post(ev: PeerEvent): void {
  // The parent may die between the check and the write: the callback takes the EPIPE (a send
  // without one throws it as an 'error' event on the process); peer-process.ts ends us then.
  if (process.connected) send?.(ev, undefined, undefined, () => undefined);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

interface Seen {
  wires: number;
  payloadSent: number;
  payloadReceived: number;
  corruptBlocks: number;
}

let client: WebTorrent | null = null;
let config: PeerConfig | null = null;
/** Per remote peer id: what we exchanged with it. */
const seen = new Map<string, Seen>();

function seenOf(peerId: string): Seen {
  let s = seen.get(peerId);
  if (!s) {
    s = { wires: 0, payloadSent: 0, payloadReceived: 0, corruptBlocks: 0 };
    seen.set(peerId, s);
  }
  return s;
}

function watch(t: Torrent): void {
  t.on('wire', (wire: Wire) => {
    const id = wire.peerId;
    if (!id) return;
    const s = seenOf(id);
    s.wires++;
    wire.on('upload', (n: number) => {
      s.payloadSent += n;
    });
    wire.on('download', (n: number) => {
      s.payloadReceived += n;
    });
  });
  t.on('error', (e: unknown) => post({ type: 'error', message: errorText(e) }));
}

/** Make every Nth block this seeder serves corrupt (a copy: the stored piece stays good). */
function corrupt(t: Torrent, every: number): void {
  const store = t.store as ChunkStore | null;
  if (!store || every <= 0) return;
  let served = 0;
  const get = store.get;
  store.get = function (this: ChunkStore, index, opts, cb): void {
    get.call(this, index, opts, (err, buf) => {
      if (err || !buf || ++served % every !== 0) {
        cb(err, buf);
        return;
      }
      const bad = new Uint8Array(buf);
      bad[bad.length >> 1] = (bad[bad.length >> 1] as number) ^ 0xff;
      corruptServed++;
      cb(null, bad);
    });
  };
}
let corruptServed = 0;

async function handle(cmd: PeerCommand): Promise<void> {
  if (cmd.type === 'init') {
    config = cmd.config;
    client = new WebTorrent({
      utp: config.utp,
      natUpnp: false,
      natPmp: false,
      lsd: false,
      tracker: config.discover ? {} : false,
      dht:
        config.discover && config.dhtBootstrap.length > 0
          ? { bootstrap: config.dhtBootstrap, host: '127.0.0.1' }
          : false,
      uploadLimit: config.uploadLimit,
      downloadLimit: config.downloadLimit,
    });
    client.on('error', (e: unknown) => post({ type: 'error', message: errorText(e) }));
    const c = client;
    if (!c.listening) await new Promise<void>((resolve) => c.once('listening', () => resolve()));
    post({ type: 'ready', port: c.torrentPort });
    return;
  }
  if (cmd.type === 'stop') {
    const c = client;
    client = null;
    if (c && !c.destroyed) await new Promise<void>((resolve) => c.destroy(() => resolve()));
    post({ type: 'stopped' });
    process.disconnect?.();
    return;
  }
  const c = client;
  const cfg = config;
  if (cmd.type === 'connect') {
    const t = c?.torrents.find((x) => x.infoHash === cmd.infoHash);
    if (t && !t.destroyed) t.addPeer(cmd.addr);
    return;
  }
  try {
    if (!c || !cfg) throw new Error('peer worker not initialised');
    switch (cmd.type) {
      case 'seed': {
        const buf = generateContent(cmd.seed, cmd.size);
        const t = await new Promise<Torrent>((resolve, reject) => {
          const t0 = c.seed(
            buf,
            {
              name: cmd.name,
              pieceLength: cmd.pieceLength,
              announce: cmd.announce,
              store: MemoryChunkStore,
              createdBy: 'tidegauge',
            },
            (t) => resolve(t),
          );
          t0.once('error', reject);
        });
        watch(t);
        corrupt(t, cfg.corruptEvery);
        post({ type: 'reply', req: cmd.req, infoHash: t.infoHash, magnet: t.magnetURI });
        break;
      }
      case 'leech': {
        const t = c.add(cmd.magnet, { store: MemoryChunkStore });
        watch(t);
        t.on('done', () => post({ type: 'done', infoHash: t.infoHash }));
        await new Promise<void>((resolve) => (t.infoHash ? resolve() : t.once('infoHash', () => resolve())));
        post({ type: 'reply', req: cmd.req, infoHash: t.infoHash, magnet: cmd.magnet });
        break;
      }
      case 'drop': {
        const t = c.torrents.find((x) => x.infoHash === cmd.infoHash);
        if (t && !t.destroyed) await new Promise<void>((resolve) => t.destroy({ destroyStore: true }, () => resolve()));
        post({ type: 'reply', req: cmd.req, infoHash: cmd.infoHash, magnet: '' });
        break;
      }
      case 'stats': {
        const s = seen.get(cmd.peerId) ?? { wires: 0, payloadSent: 0, payloadReceived: 0, corruptBlocks: 0 };
        const cpu = process.cpuUsage();
        post({
          type: 'reply-stats',
          req: cmd.req,
          stats: { ...s, corruptBlocks: corruptServed, cpuMicros: cpu.user + cpu.system },
        });
        break;
      }
    }
  } catch (e) {
    post({ type: 'reply-error', req: cmd.req, message: errorText(e) });
  }
}

process.on('message', (raw: unknown) => {
  const r = PeerCommandSchema.safeParse(raw);
  if (!r.success) {
    post({ type: 'error', message: `peer worker got an invalid command: ${describeIssue(r.error)}` });
    return;
  }
  handle(r.data).catch((e: unknown) => post({ type: 'error', message: errorText(e) }));
});
