import { performance } from 'node:perf_hooks';
import type WebTorrent from 'webtorrent';
import type { Torrent, Wire } from 'webtorrent';
import type { Peer, PeerConn } from 'webtorrent/lib/peer.js';
import type { SessionCounters } from '../../../shared/counters';
import { M } from '../../../shared/registry-data';
import { watchCacheHits } from './cache-hits';
import { watchDht } from './dht-meter';
import { installPatches, type PatchSink, setActiveSink } from './patches';
import { InboundPayload, OutboundPayload } from './payload';
import { setStateGauges } from './state-gauges';
import { DiskJobs } from './store';
import { Q, type TallyWriter } from './tallies';

/*
 * Hooks that turn webtorrent's own events into SessionCounters writes, in the thread where the
 * events happen. The mapping (metric -> event) is documented in README.md next to this file.
 * Three kinds of hooks:
 *   - prototype wrappers (patches.ts) that hand us each peer the moment its socket connects;
 *   - per-instance wrappers on each peer's two byte taps (the wire's write after the download
 *     throttle, the socket's write after the upload throttle), on each wire (request, extended,
 *     handshake) and on each torrent's store, installed the moment the object appears;
 *   - plain event listeners (wire/torrent/DHT events) for everything else.
 * Bytes, payload, pieces and waste go to the tallies (tallies.ts), in groups that keep a
 * chunk's bytes, payload and waste together; the main thread publishes them with the bw.* rates
 * (meters.ts). The rest is written to the counters as it happens.
 */

type Transport = 'tcp' | 'utp' | 'other';

interface PeerState {
  readonly transport: Transport;
  readonly connectedAt: number;
  open: boolean;
}

interface WireState {
  /** Tick number of the last block in each direction (peers uploading/downloading). */
  upTick: number;
  downTick: number;
  /** When the remote peer last unchoked us, or -1 while it chokes us. */
  unchokedAt: number;
  /** Unchoked and still waiting for the first block since. */
  awaitingFirstBlock: boolean;
}

const HASHFAIL = /^Piece (\d+) failed verification$/;

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

/** bittorrent-protocol's Wire internals the byte taps use (checked at start, hooks.ts). */
interface WireInternals {
  _write(data: Uint8Array, cb: (err?: Error | null) => void): void;
  push(data: Uint8Array | null): boolean;
  readonly _parser: unknown;
  readonly _onMessage: unknown;
  readonly _buffer: Uint8Array[];
  readonly _bufferSize: number;
}

/** Block bytes of a piece message the wire is still assembling (id 7, after index and begin). */
function partialBlock(w: WireInternals): number {
  if (w._parser !== w._onMessage) return 0;
  const head = w._buffer[0];
  if (!head || w._bufferSize < 9 || head[0] !== 7) return 0;
  return w._bufferSize - 9;
}

function tallyInbound(m: TallyWriter, inbound: InboundPayload, partial: number): void {
  const d = inbound.update(partial);
  if (d > 0) m.add(Q.PAY_DOWN, d);
  else if (d < 0) m.add(Q.WASTE, -d);
}

/**
 * Replace the method `name` of `obj` with `make(original)`, if it is there: a member a newer
 * webtorrent lacks is left alone (hooks.ts has moved its metrics to "not reported").
 */
function wrap<F extends (...args: never[]) => unknown>(obj: object, name: string, make: (original: F) => F): void {
  const o = obj as Record<string, unknown>;
  const original = o[name];
  if (typeof original === 'function') o[name] = make(original as F);
}

function pieceSize(t: Torrent, index: number): number {
  return index === t.pieces.length - 1 ? t.lastPieceLength : t.pieceLength;
}

export class Instrumentation implements PatchSink {
  readonly jobs: DiskJobs;
  private readonly peers = new WeakMap<Peer, PeerState>();
  private readonly wires = new WeakMap<Wire, WireState>();
  private readonly startedAt = performance.now();
  private tickNo = 0;

  constructor(
    readonly c: SessionCounters,
    private readonly client: WebTorrent,
    private readonly tallies: TallyWriter,
  ) {
    this.jobs = new DiskJobs(c);
  }

  /** Start measuring this client. Call right after `new WebTorrent()`, before adding torrents. */
  attach(): void {
    installPatches();
    setActiveSink(this);
    this.client.on('add', (t: Torrent) => this.watchTorrent(t));
    if (this.client.dht) watchDht(this.c, this.client.dht);
  }

  detach(): void {
    setActiveSink(null);
  }

  // ---- connections and bytes -------------------------------------------------------------

  peerConnected(peer: Peer): void {
    const wire = peer.wire;
    const conn = peer.conn;
    if (!peer.connected || peer.destroyed || !wire || !conn) return;
    const transport: Transport = peer.type.startsWith('tcp') ? 'tcp' : peer.type.startsWith('utp') ? 'utp' : 'other';
    this.peers.set(peer, { transport, connectedAt: performance.now(), open: true });
    const c = this.c;
    c.inc(M.NET_NUM_CONNECTIONS, 1);
    if (transport === 'tcp') c.inc(M.NET_NUM_TCP_CONNECTIONS, 1);
    else if (transport === 'utp') c.inc(M.NET_NUM_UTP_CONNECTIONS, 1);
    const m = this.tallies;
    const tIn = transport === 'tcp' ? Q.TCP_RECV : transport === 'utp' ? Q.UTP_RECV : -1;
    const tOut = transport === 'tcp' ? Q.TCP_SENT : transport === 'utp' ? Q.UTP_SENT : -1;

    // Payload is counted from the same bytes, at the same moment, as the wire bytes (payload.ts).
    const sentPerPiece = new Map<number, number>();
    const out = new OutboundPayload((index, length) => {
      // A piece counts as uploaded once all of its bytes went to this peer's socket.
      const t = peer.swarm;
      if (!t || t.destroyed) return;
      const sent = (sentPerPiece.get(index) ?? 0) + length;
      if (sent >= pieceSize(t, index)) {
        sentPerPiece.delete(index);
        m.add(Q.PIECES_UP, 1);
      } else sentPerPiece.set(index, sent);
    });
    const inbound = new InboundPayload();
    const w = wire as Wire & WireInternals;

    // Bytes in: each chunk the download throttle passed on, as the wire takes it in (handshakes
    // and protocol included), and the block bytes it holds or delivered after taking it. One
    // group: the waste the wire finds in the chunk (dropped blocks) is never seen before it.
    wrap<WireInternals['_write']>(
      w,
      '_write',
      (take) =>
        function (this: Wire & WireInternals, data, cb): void {
          m.begin();
          try {
            m.add(Q.RECV, data.length);
            if (tIn >= 0) m.add(tIn, data.length);
            take.call(this, data, cb);
            tallyInbound(m, inbound, partialBlock(this));
          } finally {
            m.end();
          }
        },
    );
    wire.on('download', (n: number) => {
      inbound.delivered += n;
    });
    // The wire closed with a block half received: those bytes never reach the torrent.
    wire.once('close', () => {
      m.begin();
      tallyInbound(m, inbound, 0);
      m.end();
    });

    // Bytes out: the wire's pushes, which blocks they hold, and what the throttle hands the socket.
    wrap<WireInternals['push']>(
      w,
      'push',
      (push) =>
        function (this: Wire, data): boolean {
          if (data) out.pushedBytes(data.length);
          return push.call(this, data);
        },
    );
    wrap<Wire['piece']>(
      wire,
      'piece',
      (piece) =>
        function (this: Wire, index, offset, buffer): void {
          const before = out.pushedTotal;
          piece.call(this, index, offset, buffer);
          // A closed wire pushes nothing: no block then.
          if (out.pushedTotal - before >= buffer.length) out.block(index, buffer.length);
        },
    );
    wrap<PeerConn['write']>(
      conn,
      'write',
      (send) =>
        function (this: PeerConn, chunk, ...rest): boolean {
          if (chunk instanceof Uint8Array) {
            // One group: the block bytes and the pieces they complete with the bytes that carry them.
            m.begin();
            m.add(Q.SENT, chunk.length);
            if (tOut >= 0) m.add(tOut, chunk.length);
            m.add(Q.PAY_UP, out.sentBytes(chunk.length));
            m.end();
          }
          return send.call(this, chunk, ...rest);
        },
    );
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
    const m = this.tallies;
    const ws: WireState = { upTick: -1, downTick: -1, unchokedAt: -1, awaitingFirstBlock: false };
    this.wires.set(wire, ws);

    wire.once('handshake', () => c.inc(M.PROTO_HANDSHAKES_IN));
    wrap<Wire['handshake']>(
      wire,
      'handshake',
      (handshake) =>
        function (this: Wire, ...args): void {
          handshake.apply(this, args);
          c.inc(M.PROTO_HANDSHAKES_OUT);
        },
    );

    // Requests we send. The callback tells whether the block was used or thrown away.
    wrap<Wire['request']>(
      wire,
      'request',
      (request) =>
        function (this: Wire, index, offset, length, cb): void {
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
            if (!(p && t.pieces[index] === p && p.missing < missing)) m.addOne(Q.WASTE, chunk.length);
          });
          if (this.requests.length > before) {
            c.inc(M.PROTO_PIECE_REQUESTS);
            c.setMaxDiag(M.DISPATCH_TX_HIGH_WATER, this.requests.length);
          }
        },
    );
    wire.on('reject', () => c.inc(M.PROTO_PIECE_REJECTS));

    wrap<Wire['extended']>(
      wire,
      'extended',
      (extended) =>
        function (this: Wire, ext, obj): void {
          extended.call(this, ext, obj);
          if (ext === 'ut_pex') c.inc(M.PROTO_PEX_MESSAGES_OUT);
          else if (ext === 'ut_metadata' && hasAscii(obj, 'msg_typei0e')) c.inc(M.PROTO_METADATA_REQUESTS);
        },
    );
    wire.on('extended', (ext: string | number, buf: unknown) => {
      if (ext === 'ut_pex') c.inc(M.PROTO_PEX_MESSAGES_IN);
      else if (ext === 'ut_metadata' && hasAscii(buf, 'msg_typei1e')) c.inc(M.PROTO_METADATA_RECEIVES);
    });

    // Which peers moved payload in this tick (peer.num_uploading / num_downloading).
    wire.on('download', () => {
      ws.downTick = this.tickNo;
    });
    wire.on('upload', () => {
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
    const m = this.tallies;
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
      m.addOne(Q.PIECES_DOWN, 1);
      c.inc(M.DISK_HASH_COUNT);
    });
    t.on('warning', (err: unknown) => {
      const match = err instanceof Error ? HASHFAIL.exec(err.message) : null;
      if (!match) return;
      const index = Number(match[1]);
      c.inc(M.PROTO_HASHFAILS);
      c.inc(M.DISK_HASH_COUNT);
      m.addOne(Q.WASTE, pieceSize(t, index));
    });
    t.on('hotswap', () => c.incDiag(M.PIECE_STEALS_TOTAL));
    t.on('metadata', () => watchCacheHits(c, t));
  }

  // ---- gauges, every tick ------------------------------------------------------------------

  /** Set the state gauges from the engine's state (the bw.* rates: meters.ts, on the main thread). */
  tick(): void {
    const now = this.tickNo;
    setStateGauges(
      this.c,
      this.client,
      (w) => {
        const ws = this.wires.get(w);
        return ws ? { up: ws.upTick === now, down: ws.downTick === now } : undefined;
      },
      Math.floor((performance.now() - this.startedAt) / 1000),
    );
    this.tickNo++;
  }
}
