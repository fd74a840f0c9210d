import type { Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import TrackerClientClass, { type TrackerClient, type TrackerLike } from 'bittorrent-tracker/client';
import type WebTorrent from 'webtorrent';
import type { ChunkStore, DhtLike, Torrent, Wire } from 'webtorrent';
import PeerClass, { type Peer } from 'webtorrent/lib/peer.js';
import TorrentClass from 'webtorrent/lib/torrent.js';
import type { SessionCounters } from '../../../shared/counters';
import { M } from '../../../shared/registry-data';
import { EngineMeters } from './meters';

/*
 * Hooks that turn webtorrent's own events into SessionCounters writes, in the thread where
 * the events happen. The mapping (metric -> event) is documented in README.md next to this
 * file. Three kinds of hooks:
 *   - prototype wrappers on webtorrent's Peer and Torrent and on bittorrent-tracker's Client,
 *     because sockets, handshakes and announces are created inside them before any public
 *     event could let us in (the worker runs one session, so these go to one `active` sink);
 *   - per-instance wrappers on each wire (request, piece, extended, handshake) and on each
 *     torrent's store, installed the moment the object appears;
 *   - plain event listeners (wire/torrent/DHT events) for everything else.
 * Gauges that describe state (peers by state, torrents by state, half-open sockets) are set
 * from that state on every tick; nothing here invents a value.
 */

type Transport = 'tcp' | 'utp' | 'other';

interface PeerState {
  readonly transport: Transport;
  readonly connectedAt: number;
  open: boolean;
}

interface WireState {
  /** Tick number of the last payload byte in each direction (peers uploading/downloading). */
  upTick: number;
  downTick: number;
  /** When the remote peer last unchoked us, or -1 while it chokes us. */
  unchokedAt: number;
  /** Unchoked and still waiting for the first block since. */
  awaitingFirstBlock: boolean;
  /** Payload bytes sent per piece index, to count pieces fully delivered to this peer. */
  readonly sentPerPiece: Map<number, number>;
}

interface CacheLayer {
  readonly inProgressGets: Map<number, unknown>;
  readonly store: { gets?: number };
}

interface ImmediateLayer extends ChunkStore {
  readonly mem: Array<Uint8Array | null | undefined>;
  readonly store: ChunkStore & Partial<CacheLayer> & { gets?: number };
}

const HASHFAIL = /^Piece (\d+) failed verification$/;

let active: Instrumentation | null = null;
let patched = false;

/** Install the prototype wrappers once per worker; they do nothing while no session is active. */
function installPatches(): void {
  if (patched) return;
  patched = true;

  const peerProto = PeerClass.prototype;
  const onConnect = peerProto.onConnect;
  peerProto.onConnect = function (this: Peer): void {
    onConnect.call(this);
    active?.peerConnected(this);
  };
  const destroy = peerProto.destroy;
  peerProto.destroy = function (this: Peer, err?: Error): void {
    if (!this.destroyed) active?.peerDestroyed(this);
    destroy.call(this, err);
  };

  const torrentProto = TorrentClass.prototype;
  const updateWire = torrentProto._updateWire;
  torrentProto._updateWire = function (this: Torrent & { _updateWire: typeof updateWire }, wire: Wire): unknown {
    const a = active;
    // Piece selection is timed only while diagnostics are on: the clock costs more than the count.
    if (!a?.c.diagnosticsEnabled() || wire.peerChoking || !wire.amInterested) return updateWire.call(this, wire);
    const before = wire.requests.length;
    const t0 = performance.now();
    const r = updateWire.call(this, wire);
    a.c.incDiag(M.DISPATCH_ACQUIRE_US, Math.round((performance.now() - t0) * 1000));
    a.c.incDiag(M.DISPATCH_ACQUIRE_TOTAL);
    if (wire.requests.length <= before) a.c.incDiag(M.DISPATCH_ACQUIRE_NONE_TOTAL);
    a.c.setMaxDiag(M.DISPATCH_TX_HIGH_WATER, wire.requests.length);
    return r;
  };

  const trackerProto = TrackerClientClass.prototype;
  const announceAll = trackerProto._announce;
  trackerProto._announce = function (this: TrackerClient & { __tgWatched?: boolean }, opts: object): void {
    // start() announces through here first; wrap each tracker then, so the interval
    // announces that trackers send on their own are counted as well.
    if (!this.__tgWatched) {
      this.__tgWatched = true;
      this.on('warning', () => active?.c.inc(M.PROTO_TRACKER_ERRORS));
      for (const tr of this._trackers) wrapTracker(tr);
    }
    announceAll.call(this, opts);
  };
}

function wrapTracker(tr: TrackerLike & { __tgWrapped?: boolean }): void {
  if (tr.__tgWrapped) return;
  tr.__tgWrapped = true;
  const announce = tr.announce;
  tr.announce = function (this: TrackerLike, opts: object): void {
    active?.c.inc(M.PROTO_TRACKER_ANNOUNCES);
    announce.call(this, opts);
  };
}

/** True when `buf` holds the ASCII `needle` within its first bytes (a bencoded dict key). */
function hasAscii(buf: unknown, needle: string): boolean {
  if (!(buf instanceof Uint8Array)) return false;
  const end = Math.min(buf.length, 96) - needle.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (buf[i + j] !== needle.charCodeAt(j)) continue outer;
    return true;
  }
  return false;
}

function pieceSize(t: Torrent, index: number): number {
  return index === t.pieces.length - 1 ? t.lastPieceLength : t.pieceLength;
}

export class Instrumentation {
  readonly meters: EngineMeters;
  private readonly peers = new WeakMap<Peer, PeerState>();
  private readonly wires = new WeakMap<Wire, WireState>();
  private readonly startedAt = performance.now();
  private tickNo = 0;

  constructor(
    readonly c: SessionCounters,
    private readonly client: WebTorrent,
  ) {
    this.meters = new EngineMeters(c);
  }

  /** Start measuring this client. Call right after `new WebTorrent()`, before adding torrents. */
  attach(): void {
    installPatches();
    if (active && active !== this) throw new Error('an engine session is already measured in this worker');
    active = this;
    this.client.on('add', (t: Torrent) => this.watchTorrent(t));
    if (this.client.dht) this.watchDht(this.client.dht);
  }

  detach(): void {
    if (active === this) active = null;
  }

  // ---- connections and bytes -------------------------------------------------------------

  peerConnected(peer: Peer): void {
    const wire = peer.wire;
    if (!peer.connected || peer.destroyed || !wire) return;
    const transport: Transport = peer.type.startsWith('tcp') ? 'tcp' : peer.type.startsWith('utp') ? 'utp' : 'other';
    this.peers.set(peer, { transport, connectedAt: performance.now(), open: true });
    const c = this.c;
    const m = this.meters;
    c.inc(M.NET_NUM_CONNECTIONS, 1);
    if (transport === 'tcp') c.inc(M.NET_NUM_TCP_CONNECTIONS, 1);
    else if (transport === 'utp') c.inc(M.NET_NUM_UTP_CONNECTIONS, 1);

    // Raw bytes as they leave/enter the socket (after the throttle), handshakes included.
    if (transport === 'tcp') {
      peer.on('download', (n: number) => {
        c.inc(M.NET_BYTES_RECV, n);
        c.inc(M.NET_TCP_BYTES_RECV, n);
        m.recvTcp += n;
      });
      peer.on('upload', (n: number) => {
        c.inc(M.NET_BYTES_SENT, n);
        c.inc(M.NET_TCP_BYTES_SENT, n);
        m.sentTcp += n;
      });
    } else if (transport === 'utp') {
      peer.on('download', (n: number) => {
        c.inc(M.NET_BYTES_RECV, n);
        c.inc(M.NET_UTP_BYTES_RECV, n);
        m.recvUtp += n;
      });
      peer.on('upload', (n: number) => {
        c.inc(M.NET_BYTES_SENT, n);
        c.inc(M.NET_UTP_BYTES_SENT, n);
        m.sentUtp += n;
      });
    } else {
      peer.on('download', (n: number) => {
        c.inc(M.NET_BYTES_RECV, n);
        m.recvOther += n;
      });
      peer.on('upload', (n: number) => {
        c.inc(M.NET_BYTES_SENT, n);
        m.sentOther += n;
      });
    }
    this.watchWire(peer, wire);
  }

  peerDestroyed(peer: Peer): void {
    const st = this.peers.get(peer);
    if (st?.open) {
      st.open = false;
      const c = this.c;
      c.inc(M.NET_NUM_CONNECTIONS, -1);
      if (st.transport === 'tcp') c.inc(M.NET_NUM_TCP_CONNECTIONS, -1);
      else if (st.transport === 'utp') c.inc(M.NET_NUM_UTP_CONNECTIONS, -1);
      c.incDiag(M.PEER_LIFETIME_SUM_MS, Math.round(performance.now() - st.connectedAt));
      c.incDiag(M.PEER_LIFETIME_COUNT);
    } else if (!peer.connected && peer.conn && peer.type.endsWith('Outgoing')) {
      // A socket was opened towards this address but never connected.
      this.c.incDiag(M.CONNECT_FAILURES_TOTAL);
    }
  }

  // ---- protocol messages -----------------------------------------------------------------

  private watchWire(peer: Peer, wire: Wire): void {
    const c = this.c;
    const m = this.meters;
    const ws: WireState = {
      upTick: -1,
      downTick: -1,
      unchokedAt: -1,
      awaitingFirstBlock: false,
      sentPerPiece: new Map(),
    };
    this.wires.set(wire, ws);

    wire.once('handshake', () => c.inc(M.PROTO_HANDSHAKES_IN));
    const handshake = wire.handshake;
    wire.handshake = function (this: Wire, ...args: Parameters<Wire['handshake']>): void {
      handshake.apply(this, args);
      c.inc(M.PROTO_HANDSHAKES_OUT);
    };

    // Requests we send. The callback tells whether the block was used or thrown away.
    const request = wire.request;
    wire.request = function (this: Wire, index, offset, length, cb): void {
      const t = peer.swarm;
      const before = this.requests.length;
      request.call(this, index, offset, length, (err, chunk) => {
        if (err || !chunk || !t || t.destroyed) {
          cb(err, chunk);
          return;
        }
        const p = t.pieces[index];
        const missing = p ? p.missing : -1;
        cb(err, chunk);
        // webtorrent keeps a block only if it fills a gap of the piece still in progress
        // (piece.set lowers `missing`); a late duplicate or a block for a piece that is done
        // or was reset is dropped: that is waste.
        if (!(p && t.pieces[index] === p && p.missing < missing)) c.inc(M.PROTO_WASTE_BYTES, chunk.length);
      });
      if (this.requests.length > before) {
        c.inc(M.PROTO_PIECE_REQUESTS);
        c.setMaxDiag(M.DISPATCH_TX_HIGH_WATER, this.requests.length);
      }
    };
    wire.on('reject', () => c.inc(M.PROTO_PIECE_REJECTS));

    // Blocks we send: count a piece once all of its bytes went to this peer.
    const piece = wire.piece;
    wire.piece = function (this: Wire, index, offset, buffer): void {
      piece.call(this, index, offset, buffer);
      const t = peer.swarm;
      if (!t) return;
      const sent = (ws.sentPerPiece.get(index) ?? 0) + buffer.length;
      if (sent >= pieceSize(t, index)) {
        ws.sentPerPiece.delete(index);
        c.inc(M.PROTO_PIECES_UPLOADED);
      } else ws.sentPerPiece.set(index, sent);
    };

    const extended = wire.extended;
    wire.extended = function (this: Wire, ext, obj): void {
      extended.call(this, ext, obj);
      if (ext === 'ut_pex') c.inc(M.PROTO_PEX_MESSAGES_OUT);
      else if (ext === 'ut_metadata' && hasAscii(obj, 'msg_typei0e')) c.inc(M.PROTO_METADATA_REQUESTS);
    };
    wire.on('extended', (ext: string | number, buf: unknown) => {
      if (ext === 'ut_pex') c.inc(M.PROTO_PEX_MESSAGES_IN);
      else if (ext === 'ut_metadata' && hasAscii(buf, 'msg_typei1e')) c.inc(M.PROTO_METADATA_RECEIVES);
    });

    // Payload (block bytes in piece messages).
    wire.on('download', (n: number) => {
      c.inc(M.BW_TOTAL_DOWNLOADED, n);
      m.payloadIn += n;
      ws.downTick = this.tickNo;
    });
    wire.on('upload', (n: number) => {
      c.inc(M.BW_TOTAL_UPLOADED, n);
      m.payloadOut += n;
      ws.upTick = this.tickNo;
    });

    // Remote choking as seen from our side (diagnostics).
    wire.on('unchoke', () => {
      ws.unchokedAt = performance.now();
      ws.awaitingFirstBlock = true;
      c.incDiag(M.REMOTE_UNCHOKE_TOTAL);
    });
    wire.on('choke', () => {
      if (ws.unchokedAt >= 0) {
        c.incDiag(M.REMOTE_RECHOKE_TOTAL);
        c.incDiag(M.REMOTE_UNCHOKE_DURATION_SUM_MS, Math.round(performance.now() - ws.unchokedAt));
      }
      ws.unchokedAt = -1;
      ws.awaitingFirstBlock = false;
    });
    wire.on('piece', () => {
      if (!ws.awaitingFirstBlock) return;
      ws.awaitingFirstBlock = false;
      c.incDiag(M.FIRST_BLOCK_LATENCY_SUM_US, Math.round((performance.now() - ws.unchokedAt) * 1000));
      c.incDiag(M.FIRST_BLOCK_LATENCY_COUNT);
    });
    wire.on('request', () => c.setMaxDiag(M.EVENT_TX_HIGH_WATER, wire.peerRequests.length));
  }

  // ---- torrents: pieces, hashes, the store -------------------------------------------------

  private watchTorrent(t: Torrent): void {
    const c = this.c;
    t.on('wire', (wire: Wire) => {
      // A handshake completed and the peer joined this torrent.
      c.incDiag(M.DISPATCH_PEER_CONNECT_TOTAL);
      wire.once('close', () => c.incDiag(M.DISPATCH_PEER_DISCONNECT_TOTAL));
      // webtorrent destroys a wire whose requests time out (PIECE_TIMEOUT, 30 s).
      wire.on('timeout', () => c.incDiag(M.DATA_TIMEOUT_EVICTIONS_TOTAL));
    });
    t.on('verified', () => {
      // After 'ready', a piece is verified only when a downloaded piece passed its hash check
      // (startup checks run before 'ready'; we never call load()).
      if (!t.ready) return;
      c.inc(M.PROTO_PIECES_DOWNLOADED);
      c.inc(M.DISK_HASH_COUNT);
    });
    t.on('warning', (err: unknown) => {
      const match = err instanceof Error ? HASHFAIL.exec(err.message) : null;
      if (!match) return;
      const index = Number(match[1]);
      c.inc(M.PROTO_HASHFAILS);
      c.inc(M.DISK_HASH_COUNT);
      c.inc(M.PROTO_WASTE_BYTES, pieceSize(t, index));
    });
    t.on('hotswap', () => c.incDiag(M.PIECE_STEALS_TOTAL));
    t.on('metadata', () => this.watchStore(t));
  }

  /**
   * webtorrent's store stack is Immediate(write buffer) -> Cache(LRU of pieces) -> disk. A read
   * is a hit when a memory layer answers it and a miss when it goes on to the disk store.
   */
  private watchStore(t: Torrent): void {
    const imm = t.store as ImmediateLayer | null;
    if (!imm || !Array.isArray(imm.mem)) return;
    const c = this.c;
    const cache = imm.store.inProgressGets instanceof Map ? (imm.store as CacheLayer & ChunkStore) : null;
    const disk = cache ? cache.store : imm.store;
    const get = imm.get;
    imm.get = function (this: ImmediateLayer, index, opts, cb): void {
      if (typeof opts === 'function') {
        imm.get(index, null, opts);
        return;
      }
      // Reads before 'ready' are webtorrent's startup check: each piece read is hashed.
      const done: typeof cb = t.ready
        ? cb
        : (err, buf) => {
            if (!err && buf) c.inc(M.DISK_HASH_COUNT);
            cb(err, buf);
          };
      if (this.mem[index]) {
        c.inc(M.DISK_CACHE_HITS);
        get.call(this, index, opts, done);
        return;
      }
      const gets = disk.gets ?? 0;
      const joined = cache ? cache.inProgressGets.has(index) : false;
      get.call(this, index, opts, done);
      // CacheChunkStore goes to disk synchronously on a miss, or joins a read in flight.
      if ((disk.gets ?? 0) > gets || joined) c.inc(M.DISK_CACHE_MISSES);
      else c.inc(M.DISK_CACHE_HITS);
    };
  }

  // ---- DHT ---------------------------------------------------------------------------------

  private watchDht(dht: DhtLike): void {
    const c = this.c;
    const lookup = dht.lookup;
    dht.lookup = function (this: DhtLike, ...args: Parameters<DhtLike['lookup']>): unknown {
      c.inc(M.DHT_LOOKUPS);
      return lookup.apply(this, args);
    };
    const announce = dht.announce;
    dht.announce = function (this: DhtLike, ...args: Parameters<DhtLike['announce']>): void {
      // bittorrent-dht first looks the hash up when it has no table for it, then calls
      // announce again; count the call that sends announce_peer queries.
      const key = typeof args[0] === 'string' ? args[0] : Buffer.from(args[0]).toString('hex');
      if (this._tables.get(key)) c.inc(M.DHT_ANNOUNCE_COUNT);
      announce.apply(this, args);
    };
    const socket: Socket | undefined = dht._rpc?.socket?.socket;
    if (socket) {
      socket.on('message', (buf: Buffer) => c.inc(M.DHT_BYTES_IN, buf.length));
      const send = socket.send;
      socket.send = function (this: Socket, ...args: unknown[]): void {
        const buf = args[0];
        if (buf instanceof Uint8Array) c.inc(M.DHT_BYTES_OUT, buf.length);
        (send as (...a: unknown[]) => void).apply(this, args);
      } as Socket['send'];
    }
  }

  // ---- gauges, every tick ------------------------------------------------------------------

  /** Set the state gauges from the engine's state, and the bw.* rates from the last window. */
  tick(): void {
    const c = this.c;
    const client = this.client;
    let halfOpen = 0;
    let tcpPeers = 0;
    let utpPeers = 0;
    let webSeeds = 0;
    let unchoked = 0;
    let interested = 0;
    let uploading = 0;
    let downloading = 0;
    let connected = 0;
    let known = 0;
    let seeding = 0;
    let downloadingT = 0;
    let checking = 0;
    let paused = 0;
    const now = this.tickNo;
    for (const t of client.torrents) {
      if (t.destroyed) continue;
      halfOpen += t._numPending;
      known += t._peers?.size ?? 0;
      if (t.paused) paused++;
      else if (t.done) seeding++;
      else if (t.ready) downloadingT++;
      else if (t.metadata) checking++;
      for (const w of t.wires) {
        connected++;
        if (w.type.startsWith('tcp')) tcpPeers++;
        else if (w.type.startsWith('utp')) utpPeers++;
        else if (w.type === 'webSeed') webSeeds++;
        if (!w.amChoking) unchoked++;
        if (w.peerInterested) interested++;
        const ws = this.wires.get(w);
        if (ws && ws.upTick === now) uploading++;
        if (ws && ws.downTick === now) downloading++;
      }
    }
    this.tickNo++;
    c.set(M.NET_NUM_HALF_OPEN, halfOpen);
    c.set(M.NET_NUM_TCP_PEERS, tcpPeers);
    c.set(M.NET_NUM_UTP_PEERS, utpPeers);
    c.set(M.PEER_NUM_UNCHOKED, unchoked);
    c.set(M.PEER_NUM_INTERESTED, interested);
    c.set(M.PEER_NUM_UPLOADING, uploading);
    c.set(M.PEER_NUM_DOWNLOADING, downloading);
    c.set(M.PEER_NUM_SEEDING_TORRENTS, seeding);
    c.set(M.PEER_NUM_DOWNLOADING_TORRENTS, downloadingT);
    c.set(M.PEER_NUM_CHECKING_TORRENTS, checking);
    c.set(M.PEER_NUM_PAUSED_TORRENTS, paused);
    c.set(M.PEER_PEERS_CONNECTED, connected);
    c.set(M.PEER_PEERS_AVAILABLE, known);
    c.set(M.PEER_NUM_WEB_SEEDS, webSeeds);
    const live = client.torrents.filter((t) => !t.destroyed);
    c.set(M.SES_NUM_TORRENTS, live.length);
    c.set(M.SES_ACTIVE_TORRENTS, live.length - paused);
    c.set(M.SES_UPTIME_SECS, Math.floor((performance.now() - this.startedAt) / 1000));
    const dht = client.dht;
    if (dht && !dht.destroyed) {
      // bittorrent-dht keeps one IPv4 routing table.
      const nodes = dht.nodes?.count() ?? 0;
      c.set(M.DHT_NODES, nodes);
      c.set(M.DHT_NODES_V4, nodes);
    }
    this.meters.publishRates();
  }
}
