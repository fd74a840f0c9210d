/*
 * Types for the parts of webtorrent 3.0.21 and its modules that the engine touches. The
 * packages ship no TypeScript types; these describe only what we call or read, so the rest
 * of the engine stays strict without `any`. Underscored members are webtorrent internals
 * (pinned version) that the instrumentation reads; see README.md in this folder.
 */

declare module 'webtorrent' {
  import { EventEmitter } from 'node:events';

  export interface ThrottleGroupLike {
    setEnabled(enabled: boolean): void;
    setRate(rate: number): void;
  }

  export interface ChunkStore {
    readonly chunkLength: number;
    put(index: number, buf: Uint8Array, cb?: (err?: Error | null) => void): void;
    get(
      index: number,
      opts: { offset?: number; length?: number } | null | undefined,
      cb: (err: Error | null, buf?: Uint8Array) => void,
    ): void;
    close(cb?: (err?: Error | null) => void): void;
    destroy(cb?: (err?: Error | null) => void): void;
  }

  export interface ChunkStoreOptions {
    readonly length?: number;
    readonly files?: ReadonlyArray<{ path: string; length: number; offset?: number }>;
    readonly path?: string;
    readonly name?: string;
    readonly addUID?: boolean;
    readonly [key: string]: unknown;
  }

  export type ChunkStoreConstructor = new (chunkLength: number, opts: ChunkStoreOptions) => ChunkStore;

  export interface WireRequest {
    readonly piece: number;
    readonly offset: number;
    readonly length: number;
  }

  /** bittorrent-protocol's Wire as webtorrent uses it. */
  export interface Wire extends EventEmitter {
    readonly type: string;
    peerId: string | null;
    amChoking: boolean;
    amInterested: boolean;
    peerChoking: boolean;
    peerInterested: boolean;
    destroyed: boolean;
    /** Set by webtorrent once the peer's bitfield or haves show every piece. */
    isSeeder?: boolean;
    readonly requests: WireRequest[];
    readonly peerRequests: WireRequest[];
    remoteAddress?: string;
    remotePort?: number;
    request(index: number, offset: number, length: number, cb: (err: Error | null, chunk?: Uint8Array) => void): void;
    piece(index: number, offset: number, buffer: Uint8Array): void;
    extended(ext: string | number, obj: unknown): void;
    handshake(infoHash: string | Uint8Array, peerId: string | Uint8Array, extensions?: object): void;
    uploadSpeed(): number;
    downloadSpeed(): number;
    destroy(): void;
  }

  export interface PieceLike {
    readonly length: number;
    missing: number;
  }

  export interface Discovery extends EventEmitter {
    tracker: EventEmitter | null;
  }

  export interface TorrentOptions {
    path?: string;
    store?: ChunkStoreConstructor;
    storeCacheSlots?: number;
    destroyStoreOnDestroy?: boolean;
    announce?: string[];
    private?: boolean;
    name?: string;
    pieceLength?: number;
    createdBy?: string;
    paused?: boolean;
    skipVerify?: boolean;
    strategy?: 'rarest' | 'sequential';
  }

  export interface Torrent extends EventEmitter {
    readonly infoHash: string;
    readonly name: string;
    readonly length: number;
    readonly pieceLength: number;
    readonly lastPieceLength: number;
    readonly magnetURI: string;
    readonly torrentFile: Uint8Array;
    /** Piece in progress, or null once verified; strings (hashes) before metadata. */
    readonly pieces: Array<PieceLike | null>;
    readonly wires: Wire[];
    readonly ready: boolean;
    readonly done: boolean;
    readonly paused: boolean;
    readonly destroyed: boolean;
    readonly progress: number;
    readonly received: number;
    readonly uploaded: number;
    readonly downloaded: number;
    readonly numPeers: number;
    readonly downloadSpeed: number;
    readonly uploadSpeed: number;
    /** ms; 0 when done, Infinity when nothing arrives. */
    readonly timeRemaining: number;
    readonly metadata: Uint8Array | null;
    readonly store: ChunkStore | null;
    readonly discovery: Discovery | null;
    readonly _peers: Map<string, { readonly addr: string | null; readonly connected: boolean }> | null;
    readonly _numPending: number;
    removePeer(id: string): void;
    pause(): void;
    resume(): void;
    destroy(opts?: { destroyStore?: boolean } | null, cb?: (err?: Error | null) => void): void;
    addPeer(addr: string): boolean;
  }

  export interface DhtLike extends EventEmitter {
    readonly listening: boolean;
    readonly destroyed: boolean;
    readonly nodes: { count(): number } | null;
    readonly _tables: { get(key: string): unknown } | undefined;
    readonly _rpc: { socket: { socket: import('node:dgram').Socket } | undefined } | undefined;
    lookup(infoHash: string | Uint8Array, cb?: (err?: Error | null) => void): unknown;
    announce(infoHash: string | Uint8Array, port?: number | (() => void), cb?: (err?: Error | null) => void): void;
    address(): { port: number } | null;
  }

  export interface WebTorrentOptions {
    peerId?: string;
    maxConns?: number;
    torrentPort?: number;
    dhtPort?: number;
    tracker?: false | object;
    dht?: false | object;
    lsd?: boolean;
    utPex?: boolean;
    natUpnp?: boolean;
    natPmp?: boolean;
    utp?: boolean;
    webSeeds?: boolean;
    downloadLimit?: number;
    uploadLimit?: number;
    secure?: number;
    seedOutgoingConnections?: boolean;
  }

  export default class WebTorrent extends EventEmitter {
    constructor(opts?: WebTorrentOptions);
    static readonly UTP_SUPPORT: boolean;
    static readonly VERSION: string;
    readonly torrents: Torrent[];
    readonly peerId: string;
    readonly torrentPort: number;
    readonly dhtPort: number;
    readonly listening: boolean;
    readonly destroyed: boolean;
    readonly utp: boolean;
    readonly dht: DhtLike | false | null;
    readonly _connPool: { readonly utpServer: (EventEmitter & { readonly _closed?: boolean }) | null } | null;
    add(torrentId: string | Uint8Array, opts?: TorrentOptions, ontorrent?: (t: Torrent) => void): Torrent;
    seed(input: Uint8Array, opts: TorrentOptions, onseed?: (t: Torrent) => void): Torrent;
    destroy(cb?: (err?: Error | null) => void): void;
    throttleDownload(rate: number): boolean | undefined;
    throttleUpload(rate: number): boolean | undefined;
  }
}

declare module 'webtorrent/lib/peer.js' {
  import type { EventEmitter } from 'node:events';
  import type { Torrent, Wire } from 'webtorrent';

  export interface PeerConn extends EventEmitter {
    remoteAddress?: string;
    remotePort?: number;
    /** The socket (TCP, uTP) the upload throttle writes to. */
    write(chunk: Uint8Array, ...rest: unknown[]): boolean;
  }

  export interface Peer extends EventEmitter {
    readonly id: string;
    readonly type: string;
    conn: PeerConn | null;
    wire: Wire | null;
    swarm: Torrent | null;
    connected: boolean;
    destroyed: boolean;
    onConnect(): void;
    handshake(): void;
    setThrottlePipes(): void;
    destroy(err?: Error): void;
  }

  const PeerClass: { new (id: string, type: string, secure?: number): Peer; prototype: Peer };
  export default PeerClass;
}

declare module 'webtorrent/lib/torrent.js' {
  import type { Torrent, Wire } from 'webtorrent';

  export interface TorrentInternals extends Torrent {
    _updateWire(wire: Wire): unknown;
  }

  const TorrentClass: {
    new (torrentId: null, client: object, opts: object): TorrentInternals;
    prototype: TorrentInternals;
  };
  export default TorrentClass;
}

declare module 'bittorrent-tracker/client' {
  import type { EventEmitter } from 'node:events';

  export interface TrackerLike {
    announce(opts: object): void;
  }

  export interface TrackerClient extends EventEmitter {
    _trackers: TrackerLike[];
    _announce(opts: object): void;
  }

  const ClientClass: {
    new (opts: { infoHash: string; peerId: string; announce: string[]; port: number }): TrackerClient;
    prototype: TrackerClient;
  };
  export default ClientClass;
}

declare module 'bittorrent-tracker' {
  import type { EventEmitter } from 'node:events';
  import type { Server as HttpServer } from 'node:http';

  export interface ServerOptions {
    http?: boolean;
    udp?: boolean;
    ws?: boolean;
    stats?: boolean;
    trustProxy?: boolean;
    interval?: number;
  }

  export class Server extends EventEmitter {
    constructor(opts?: ServerOptions);
    readonly http: HttpServer | null;
    listen(port: number, hostname: string, cb: () => void): void;
    close(cb?: () => void): void;
  }
}

declare module 'bittorrent-dht' {
  import type { EventEmitter } from 'node:events';

  export interface DhtOptions {
    bootstrap?: false | string[];
    host?: string | false;
  }

  export default class DHT extends EventEmitter {
    constructor(opts?: DhtOptions);
    listen(port: number, host: string, cb: () => void): void;
    address(): { port: number; address: string } | null;
    destroy(cb?: () => void): void;
    lookup(infoHash: string | Uint8Array, cb?: (err?: Error | null) => void): unknown;
    announce(infoHash: string | Uint8Array, port?: number, cb?: (err?: Error | null) => void): void;
  }
}

declare module 'bittorrent-protocol' {
  import type { Wire as WireLike } from 'webtorrent';

  interface WireInternals extends WireLike {
    _write(data: Uint8Array, cb: (err?: Error | null) => void): void;
    _onMessage(buffer: Uint8Array): void;
    _onMessageLength(buffer: Uint8Array): void;
    push(data: Uint8Array | null): boolean;
  }

  const Wire: { new (type?: string): WireInternals; prototype: WireInternals };
  export default Wire;
}

declare module 'immediate-chunk-store' {
  import type { ChunkStore } from 'webtorrent';

  const ImmediateChunkStore: new (store: ChunkStore) => ChunkStore;
  export default ImmediateChunkStore;
}

declare module 'cache-chunk-store' {
  import type { ChunkStore } from 'webtorrent';

  const CacheChunkStore: new (store: ChunkStore, opts: { max: number }) => ChunkStore;
  export default CacheChunkStore;
}

declare module 'fs-chunk-store' {
  import type { ChunkStoreConstructor } from 'webtorrent';

  const FSChunkStore: ChunkStoreConstructor;
  export default FSChunkStore;
}

declare module 'memory-chunk-store' {
  import type { ChunkStoreConstructor } from 'webtorrent';

  const MemoryChunkStore: ChunkStoreConstructor;
  export default MemoryChunkStore;
}

declare module 'parse-torrent' {
  export interface ParsedTorrent {
    infoHash?: string;
    name?: string;
    length?: number;
    announce?: string[];
    info?: unknown;
  }
  export default function parseTorrent(torrentId: string | Uint8Array): Promise<ParsedTorrent>;
}
