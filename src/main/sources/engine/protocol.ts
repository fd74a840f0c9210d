import { z } from 'zod';

/*
 * Messages between EngineSource (main thread) and the engine worker. Both directions are
 * validated on arrival: a worker is another module graph, and a bad message must become a
 * clear error rather than a crash deep inside the engine.
 */

/** How the session's webtorrent client is set up (plain data: it crosses into the worker). */
export const SessionConfig = z
  .object({
    /** Write metrics (true) or run webtorrent untouched (false; the bench's baseline). */
    instrument: z.boolean(),
    /** Folder for downloaded data; the worker creates torrents' files under it. */
    dataDir: z.string().min(1),
    /** Bytes/s; -1 means unlimited. */
    downloadLimit: z.number().int().min(-1),
    uploadLimit: z.number().int().min(-1),
    utp: z.boolean(),
    maxConns: z.number().int().min(1).max(1000),
    /** DHT bootstrap nodes ("host:port"); empty list: no DHT. */
    dhtBootstrap: z.array(z.string()),
    /** Bind DHT to this address (the loopback swarm uses 127.0.0.1). */
    dhtHost: z.string().nullable(),
    /** Period of the state gauges and length of the bw.* rate window, ms. */
    tickMs: z.number().int().min(50).max(10_000),
  })
  .strict();
export type SessionConfig = z.infer<typeof SessionConfig>;

const InfoHash = z.string().regex(/^[0-9a-f]{40}$/, 'an info hash is 40 lowercase hex digits');

export const TorrentInput = z.union([
  z.object({ kind: z.literal('magnet'), uri: z.string() }).strict(),
  z
    .object({
      kind: z.literal('file'),
      bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected the bytes of a .torrent file'),
    })
    .strict(),
]);
export type TorrentInput = z.infer<typeof TorrentInput>;

export const WorkerCommand = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('init'),
      config: SessionConfig,
      counters: z.instanceof(SharedArrayBuffer),
      /** The worker's byte/payload tallies (tallies.ts), read by EngineSource every step. */
      tallies: z.instanceof(SharedArrayBuffer),
    })
    .strict(),
  z
    .object({
      type: z.literal('add'),
      req: z.number().int(),
      input: TorrentInput,
      path: z.string().optional(),
      /** Announce URLs to add (the loopback tracker for generated content). */
      announce: z.array(z.string()).optional(),
    })
    .strict(),
  z.object({ type: z.literal('pause'), req: z.number().int(), infoHash: InfoHash }).strict(),
  z.object({ type: z.literal('resume'), req: z.number().int(), infoHash: InfoHash }).strict(),
  z.object({ type: z.literal('remove'), req: z.number().int(), infoHash: InfoHash, deleteData: z.boolean() }).strict(),
  z.object({ type: z.literal('list'), req: z.number().int() }).strict(),
  z.object({ type: z.literal('stop') }).strict(),
]);
export type WorkerCommand = z.infer<typeof WorkerCommand>;

export const TorrentState = z.enum(['metadata', 'checking', 'downloading', 'seeding', 'paused']);
export type TorrentState = z.infer<typeof TorrentState>;

const SwarmCount = z.object({ connected: z.number().int(), swarm: z.number().int().nullable() }).strict();
const TORRENT_FIELDS = ['downRate', 'upRate', 'eta', 'ratio', 'seeds', 'leechers', 'swarm'] as const;

export const TorrentSummary = z
  .object({
    infoHash: InfoHash,
    name: z.string(),
    state: TorrentState,
    progress: z.number(),
    length: z.number(),
    pieces: z.number().int(),
    peers: z.number().int(),
    downRate: z.number().nullable(),
    upRate: z.number().nullable(),
    eta: z.number().nullable(),
    ratio: z.number().nullable(),
    seeds: SwarmCount.nullable(),
    leechers: SwarmCount.nullable(),
    unreported: z.partialRecord(z.enum(TORRENT_FIELDS), z.string()),
  })
  .strict();
export type TorrentSummary = z.infer<typeof TorrentSummary>;

export const WorkerEvent = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('ready'),
      port: z.number().int(),
      peerId: z.string(),
      utp: z.boolean(),
      dhtPort: z.number().int().nullable(),
      /** Metrics whose hooked webtorrent member is missing in this version, with the reason. */
      notReported: z.array(z.tuple([z.number().int().min(0), z.string()])),
    })
    .strict(),
  z.object({ type: z.literal('reply'), req: z.number().int(), ok: z.literal(true), torrent: TorrentSummary }).strict(),
  z.object({ type: z.literal('reply-list'), req: z.number().int(), torrents: z.array(TorrentSummary) }).strict(),
  z.object({ type: z.literal('reply-error'), req: z.number().int(), message: z.string() }).strict(),
  /** A torrent finished downloading (the loopback swarm moves on to seeding it). */
  z.object({ type: z.literal('done'), infoHash: InfoHash, downloadMs: z.number() }).strict(),
  /** Something went wrong that the user should see; the session keeps running. */
  z.object({ type: z.literal('error'), message: z.string() }).strict(),
  z.object({ type: z.literal('stopped') }).strict(),
]);
export type WorkerEvent = z.infer<typeof WorkerEvent>;

export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'message';
  return `${where}: ${issue?.message ?? 'not understood'}`;
}
