import DHT from 'bittorrent-dht';
import Wire from 'bittorrent-protocol';
import TrackerClientClass from 'bittorrent-tracker/client';
import CacheChunkStore from 'cache-chunk-store';
import ImmediateChunkStore from 'immediate-chunk-store';
import MemoryChunkStore from 'memory-chunk-store';
import PeerClass from 'webtorrent/lib/peer.js';
import TorrentClass from 'webtorrent/lib/torrent.js';
import { M } from '../../../shared/registry-data';

/*
 * Every member of webtorrent and its modules that the instrumentation reaches, with the metrics
 * that read it. The versions are pinned (package.json), but an upgrade that renames one of
 * these would make a metric read 0 while it is still shown as measured. So the engine checks
 * them all when it starts (on real instances made here, with no network) and a metric whose
 * hook is gone becomes "not reported: this webtorrent version changed <member>". Prototype
 * methods are checked on the prototype, fields on a fresh instance, and events and messages the
 * hooks listen for in the source text of the class that emits them.
 */

export interface Hook {
  /** What is reached, as "<Class>.<member> (<package>)". */
  readonly member: string;
  readonly metrics: readonly number[];
  readonly ok: (p: Probes) => boolean;
}

/** Fresh instances of the classes whose fields are hooked (null when the constructor threw). */
export interface Probes {
  readonly peer: object | null;
  readonly wire: object | null;
  readonly torrent: object | null;
  readonly store: object | null;
  readonly tracker: object | null;
  readonly dht: object | null;
}

// ---- metric groups -------------------------------------------------------------------------

const BYTES_IN = [
  M.NET_BYTES_RECV,
  M.NET_TCP_BYTES_RECV,
  M.NET_UTP_BYTES_RECV,
  M.BW_DOWNLOAD_RATE,
  M.BW_DOWNLOAD_RATE_TCP,
  M.BW_DOWNLOAD_RATE_UTP,
  M.BW_PAYLOAD_DOWNLOAD_RATE,
  M.BW_TOTAL_DOWNLOADED,
];
const BYTES_OUT = [
  M.NET_BYTES_SENT,
  M.NET_TCP_BYTES_SENT,
  M.NET_UTP_BYTES_SENT,
  M.BW_UPLOAD_RATE,
  M.BW_UPLOAD_RATE_TCP,
  M.BW_UPLOAD_RATE_UTP,
  M.BW_PAYLOAD_UPLOAD_RATE,
  M.BW_TOTAL_UPLOADED,
  M.PROTO_PIECES_UPLOADED,
];
const PAYLOAD_IN = [M.BW_PAYLOAD_DOWNLOAD_RATE, M.BW_TOTAL_DOWNLOADED, M.PROTO_WASTE_BYTES];
const PAYLOAD_OUT = [M.BW_PAYLOAD_UPLOAD_RATE, M.BW_TOTAL_UPLOADED, M.PROTO_PIECES_UPLOADED];
const CONNECTIONS = [M.NET_NUM_CONNECTIONS, M.NET_NUM_TCP_CONNECTIONS, M.NET_NUM_UTP_CONNECTIONS];
const LIFETIME = [M.PEER_LIFETIME_SUM_MS, M.PEER_LIFETIME_COUNT];
const TRANSPORT_SPLIT = [
  M.NET_TCP_BYTES_RECV,
  M.NET_UTP_BYTES_RECV,
  M.NET_TCP_BYTES_SENT,
  M.NET_UTP_BYTES_SENT,
  M.BW_DOWNLOAD_RATE_TCP,
  M.BW_DOWNLOAD_RATE_UTP,
  M.BW_UPLOAD_RATE_TCP,
  M.BW_UPLOAD_RATE_UTP,
  M.NET_NUM_TCP_CONNECTIONS,
  M.NET_NUM_UTP_CONNECTIONS,
];
/** Everything a wire's per-instance hooks and listeners feed (installed from Peer.onConnect). */
const WIRE = [
  M.PROTO_HANDSHAKES_IN,
  M.PROTO_HANDSHAKES_OUT,
  M.PROTO_PIECE_REQUESTS,
  M.PROTO_PIECE_REJECTS,
  M.PROTO_PEX_MESSAGES_IN,
  M.PROTO_PEX_MESSAGES_OUT,
  M.PROTO_METADATA_REQUESTS,
  M.PROTO_METADATA_RECEIVES,
  M.PROTO_WASTE_BYTES,
  M.PEER_NUM_UPLOADING,
  M.PEER_NUM_DOWNLOADING,
  M.REMOTE_UNCHOKE_TOTAL,
  M.REMOTE_RECHOKE_TOTAL,
  M.REMOTE_UNCHOKE_DURATION_SUM_MS,
  M.FIRST_BLOCK_LATENCY_SUM_US,
  M.FIRST_BLOCK_LATENCY_COUNT,
  M.EVENT_TX_HIGH_WATER,
  M.DISPATCH_TX_HIGH_WATER,
];
const PER_PEER = [...BYTES_IN, ...BYTES_OUT, ...CONNECTIONS, ...LIFETIME, ...WIRE];
const CACHE = [M.DISK_CACHE_HITS, M.DISK_CACHE_MISSES, M.DISK_HASH_COUNT];
const ACQUIRE = [M.DISPATCH_ACQUIRE_TOTAL, M.DISPATCH_ACQUIRE_NONE_TOTAL, M.DISPATCH_ACQUIRE_US];
const TRACKER = [M.PROTO_TRACKER_ANNOUNCES, M.PROTO_TRACKER_ERRORS];

// ---- checks --------------------------------------------------------------------------------

function at(obj: unknown, path: string): unknown {
  let v = obj;
  for (const k of path.split('.')) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k];
  return v;
}

const isFn = (obj: unknown, path: string) => typeof at(obj, path) === 'function';

/** The class's source mentions every needle (an event it emits, a message it words, a class it builds). */
function says(cls: unknown, ...needles: string[]): boolean {
  if (typeof cls !== 'function') return false;
  const text = Function.prototype.toString.call(cls);
  return needles.every((n) => text.includes(n));
}

const emits = (cls: unknown, ...events: string[]) => says(cls, ...events.map((e) => `emit('${e}'`));

function method(pkg: string, cls: string, proto: unknown, name: string, metrics: readonly number[]): Hook {
  return { member: `${cls}.prototype.${name} (${pkg})`, metrics, ok: () => isFn(proto, name) };
}

function field(
  pkg: string,
  cls: string,
  probe: keyof Probes,
  path: string,
  test: (v: unknown) => boolean,
  metrics: readonly number[],
): Hook {
  return { member: `${cls}.${path} (${pkg})`, metrics, ok: (p) => p[probe] !== null && test(at(p[probe], path)) };
}

const WT = 'webtorrent';
const BP = 'bittorrent-protocol';
const array = (v: unknown) => Array.isArray(v);
const bool = (v: unknown) => typeof v === 'boolean';
const fn = (v: unknown) => typeof v === 'function';
const present = (v: unknown) => v !== undefined;

export const HOOKS: readonly Hook[] = [
  // webtorrent's Peer: the socket owner whose connect/destroy the prototype wrappers see.
  method(WT, 'Peer', PeerClass.prototype, 'onConnect', PER_PEER),
  method(WT, 'Peer', PeerClass.prototype, 'destroy', [...CONNECTIONS, ...LIFETIME, M.CONNECT_FAILURES_TOTAL]),
  {
    // The byte taps sit on the two ends of this pipeline: the wire's _write (after the download
    // throttle) and the socket's write (after the upload throttle).
    member: `Peer.prototype.setThrottlePipes: socket -> throttle -> wire -> throttle -> socket (${WT})`,
    metrics: [...BYTES_IN, ...BYTES_OUT],
    ok: () =>
      isFn(PeerClass.prototype, 'setThrottlePipes') &&
      says(
        PeerClass.prototype.setThrottlePipes,
        'pipeline(',
        'this.conn',
        'this.wire',
        'throttleGroups.down',
        'throttleGroups.up',
      ),
  },
  field(WT, 'Peer', 'peer', 'type', (v) => typeof v === 'string', TRANSPORT_SPLIT),
  field(WT, 'Peer', 'peer', 'connected', bool, PER_PEER),
  field(WT, 'Peer', 'peer', 'destroyed', bool, PER_PEER),
  field(WT, 'Peer', 'peer', 'wire', present, PER_PEER),
  field(WT, 'Peer', 'peer', 'conn', present, [...BYTES_OUT, M.CONNECT_FAILURES_TOTAL]),
  field(WT, 'Peer', 'peer', 'swarm', present, [M.PROTO_PIECES_UPLOADED, M.PROTO_WASTE_BYTES]),
  // bittorrent-protocol's Wire: per-instance wrappers, fields read each tick, events listened to.
  method(BP, 'Wire', Wire.prototype, '_write', BYTES_IN),
  method(BP, 'Wire', Wire.prototype, 'push', PAYLOAD_OUT),
  method(BP, 'Wire', Wire.prototype, 'piece', PAYLOAD_OUT),
  {
    // Block bytes of a piece message still being assembled: _write buffers, _onMessage parses.
    member: `Wire message parser: _write, _buffer, _bufferSize, _parser = _onMessage (${BP})`,
    metrics: PAYLOAD_IN,
    ok: () =>
      says(Wire.prototype._write, 'this._buffer', 'this._bufferSize') &&
      says(Wire.prototype._onMessageLength, 'this._onMessage') &&
      says(Wire.prototype._onMessage, 'case 7'),
  },
  field(BP, 'Wire', 'wire', '_buffer', array, PAYLOAD_IN),
  field(BP, 'Wire', 'wire', '_bufferSize', (v) => typeof v === 'number', PAYLOAD_IN),
  field(BP, 'Wire', 'wire', '_parser', fn, PAYLOAD_IN),
  method(BP, 'Wire', Wire.prototype, 'request', [
    M.PROTO_PIECE_REQUESTS,
    M.PROTO_WASTE_BYTES,
    M.DISPATCH_TX_HIGH_WATER,
  ]),
  method(BP, 'Wire', Wire.prototype, 'extended', [M.PROTO_PEX_MESSAGES_OUT, M.PROTO_METADATA_REQUESTS]),
  method(BP, 'Wire', Wire.prototype, 'handshake', [M.PROTO_HANDSHAKES_OUT]),
  field(BP, 'Wire', 'wire', 'requests', array, [M.PROTO_PIECE_REQUESTS, M.DISPATCH_TX_HIGH_WATER, ...ACQUIRE]),
  field(BP, 'Wire', 'wire', 'peerRequests', array, [M.EVENT_TX_HIGH_WATER]),
  field(BP, 'Wire', 'wire', 'amChoking', bool, [M.PEER_NUM_UNCHOKED]),
  field(BP, 'Wire', 'wire', 'peerInterested', bool, [M.PEER_NUM_INTERESTED]),
  field(BP, 'Wire', 'wire', 'peerChoking', bool, ACQUIRE),
  field(BP, 'Wire', 'wire', 'amInterested', bool, ACQUIRE),
  { member: `Wire 'handshake' event (${BP})`, metrics: [M.PROTO_HANDSHAKES_IN], ok: () => emits(Wire, 'handshake') },
  { member: `Wire 'reject' event (${BP})`, metrics: [M.PROTO_PIECE_REJECTS], ok: () => emits(Wire, 'reject') },
  {
    member: `Wire 'extended' event (${BP})`,
    metrics: [M.PROTO_PEX_MESSAGES_IN, M.PROTO_METADATA_RECEIVES],
    ok: () => emits(Wire, 'extended'),
  },
  {
    member: `Wire 'upload'/'download' events (${BP})`,
    metrics: [M.PEER_NUM_UPLOADING, M.PEER_NUM_DOWNLOADING, M.PROTO_WASTE_BYTES],
    ok: () => emits(Wire, 'upload', 'download'),
  },
  {
    member: `Wire 'choke'/'unchoke'/'piece' events (${BP})`,
    metrics: [
      M.REMOTE_UNCHOKE_TOTAL,
      M.REMOTE_RECHOKE_TOTAL,
      M.REMOTE_UNCHOKE_DURATION_SUM_MS,
      M.FIRST_BLOCK_LATENCY_SUM_US,
      M.FIRST_BLOCK_LATENCY_COUNT,
    ],
    ok: () => emits(Wire, 'choke', 'unchoke', 'piece'),
  },
  { member: `Wire 'request' event (${BP})`, metrics: [M.EVENT_TX_HIGH_WATER], ok: () => emits(Wire, 'request') },
  {
    member: `Wire 'timeout' event (${BP})`,
    metrics: [M.DATA_TIMEOUT_EVICTIONS_TOTAL],
    ok: () => emits(Wire, 'timeout'),
  },
  // webtorrent's Torrent.
  method(WT, 'Torrent', TorrentClass.prototype, '_updateWire', ACQUIRE),
  field(WT, 'Torrent', 'torrent', '_numPending', (v) => typeof v === 'number', [M.NET_NUM_HALF_OPEN]),
  field(WT, 'Torrent', 'torrent', '_peers', (v) => v instanceof Map, [M.PEER_PEERS_AVAILABLE]),
  {
    member: `Torrent 'verified' event (${WT})`,
    metrics: [M.PROTO_PIECES_DOWNLOADED, M.DISK_HASH_COUNT],
    ok: () => emits(TorrentClass, 'verified'),
  },
  {
    member: `Torrent warning "Piece N failed verification" (${WT})`,
    metrics: [M.PROTO_HASHFAILS, M.DISK_HASH_COUNT, M.PROTO_WASTE_BYTES],
    ok: () => says(TorrentClass, 'failed verification'),
  },
  {
    member: `Torrent 'hotswap' event (${WT})`,
    metrics: [M.PIECE_STEALS_TOTAL],
    ok: () => emits(TorrentClass, 'hotswap'),
  },
  {
    member: `Torrent 'wire' event (${WT})`,
    metrics: [M.DISPATCH_PEER_CONNECT_TOTAL, M.DISPATCH_PEER_DISCONNECT_TOTAL, M.DATA_TIMEOUT_EVICTIONS_TOTAL],
    ok: () => emits(TorrentClass, 'wire'),
  },
  {
    member: `Torrent store stack: ImmediateChunkStore over CacheChunkStore (${WT})`,
    metrics: CACHE,
    ok: () => emits(TorrentClass, 'metadata') && says(TorrentClass, 'new ImmediateChunkStore(', 'new CacheChunkStore('),
  },
  field('immediate-chunk-store', 'ImmediateChunkStore', 'store', 'mem', array, CACHE),
  field('cache-chunk-store', 'CacheChunkStore', 'store', 'store.inProgressGets', (v) => v instanceof Map, CACHE),
  field('cache-chunk-store', 'CacheChunkStore', 'store', 'store.store.get', fn, CACHE),
  // bittorrent-tracker's Client and its trackers.
  method('bittorrent-tracker', 'Client', TrackerClientClass.prototype, '_announce', TRACKER),
  field('bittorrent-tracker', 'Client', 'tracker', '_trackers.0.announce', fn, [M.PROTO_TRACKER_ANNOUNCES]),
  {
    member: "Client 'warning' event (bittorrent-tracker)",
    metrics: [M.PROTO_TRACKER_ERRORS],
    ok: () => emits(TrackerClientClass, 'warning'),
  },
  // bittorrent-dht.
  method('bittorrent-dht', 'DHT', DHT.prototype, 'lookup', [M.DHT_LOOKUPS]),
  method('bittorrent-dht', 'DHT', DHT.prototype, 'announce', [M.DHT_ANNOUNCE_COUNT]),
  field('bittorrent-dht', 'DHT', 'dht', '_tables.get', fn, [M.DHT_ANNOUNCE_COUNT]),
  field('bittorrent-dht', 'DHT', 'dht', '_rpc.socket.socket.send', fn, [M.DHT_BYTES_IN, M.DHT_BYTES_OUT]),
  field('bittorrent-dht', 'DHT', 'dht', 'nodes.count', fn, [M.DHT_NODES, M.DHT_NODES_V4]),
];

// ---- probes ----------------------------------------------------------------------------------

function attempt<T extends object>(make: () => T): T | null {
  try {
    return make();
  } catch {
    return null;
  }
}

const PROBE_HASH = '0'.repeat(40);

/** Make the probes, hand them to `use`, then free them (sockets, timers). */
function withProbes<T>(use: (p: Probes) => T): T {
  const probes: Probes = {
    peer: attempt(() => new PeerClass('probe', 'tcpOutgoing')),
    wire: attempt(() => new Wire('tcpOutgoing')),
    torrent: attempt(() => new TorrentClass(null, {}, {})),
    store: attempt(
      () => new ImmediateChunkStore(new CacheChunkStore(new MemoryChunkStore(16384, { length: 16384 }), { max: 1 })),
    ),
    tracker: attempt(
      () =>
        new TrackerClientClass({
          infoHash: PROBE_HASH,
          peerId: PROBE_HASH,
          announce: ['http://127.0.0.1:9/announce'],
          port: 6881,
        }),
    ),
    dht: attempt(() => new DHT({ bootstrap: false })),
  };
  try {
    return use(probes);
  } finally {
    for (const p of [probes.wire, probes.tracker, probes.dht]) {
      try {
        (p as { destroy?: () => void } | null)?.destroy?.();
      } catch {
        // A probe that cannot be destroyed holds nothing we opened.
      }
    }
  }
}

export interface HookReport {
  /** Members that are missing or changed, in HOOKS order. */
  readonly missing: readonly string[];
  /** Metric index -> "this webtorrent version changed <member>[, <member>...]". */
  readonly notReported: ReadonlyMap<number, string>;
}

/** Check every hooked member against the installed packages. */
export function checkHooks(hooks: readonly Hook[] = HOOKS): HookReport {
  return withProbes((probes) => {
    const missing: string[] = [];
    const byMetric = new Map<number, string[]>();
    for (const h of hooks) {
      let ok = false;
      try {
        ok = h.ok(probes);
      } catch {
        ok = false;
      }
      if (ok) continue;
      missing.push(h.member);
      for (const m of h.metrics) byMetric.set(m, [...(byMetric.get(m) ?? []), h.member]);
    }
    const notReported = new Map<number, string>();
    for (const [m, members] of byMetric) notReported.set(m, `this webtorrent version changed ${members.join(', ')}`);
    return { missing, notReported };
  });
}
