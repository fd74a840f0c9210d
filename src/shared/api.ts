import { z } from 'zod';
import type { InvariantTally } from './invariantTally';
import type { RegistryEntry } from './registry-types';
import type { SessionEvent } from './session/events';
import type { Snapshot } from './snapshot';

/*
 * The live half of the contract between a host (the Electron main process or the headless
 * `serve`) and the renderer (the saved-sessions half is library.ts). Two transports carry it:
 * Electron's preload + MessagePort, and a WebSocket on 127.0.0.1; one client adapter in the host
 * (src/main/dispatch/LiveClient.ts) drives both. Host -> renderer: HostEvent (snapshots as binary
 * frames). Renderer -> host: ClientCommand, validated on arrival by the host's dispatcher.
 */

export const PROTOCOL_VERSION = 1;

export interface SourceInfo {
  /** Stable id of the kind of source, e.g. "engine", "none". */
  readonly kind: string;
  /** What the user sees in the header, e.g. "Embedded engine: loopback swarm". */
  readonly label: string;
  /** More detail (what the source is connected to), shown on hover. */
  readonly detail?: string;
  /** The engine or client and its version, e.g. "webtorrent 3.0.21" (recorded with each session). */
  readonly version?: string;
  /** The options the source runs with, by name (recorded with each session; never credentials). */
  readonly settings?: Readonly<Record<string, string | number | boolean | null>>;
}

/** How a remote source's connection is doing (none for the embedded engine). */
export type SourceHealthState =
  | 'connecting'
  | 'live'
  | 'lagging'
  | 'unreachable'
  | 'auth failed'
  | 'banned'
  | 'protocol error'
  | 'stopped';

export interface SourceHealth {
  readonly state: SourceHealthState;
  /** Where it connects, never with credentials. */
  readonly address: string;
  /** The engine's version, once connected. */
  readonly version: string | null;
  /** 'poll' or 'push' (a pushed stream such as irontide's events WebSocket). */
  readonly mode: 'poll' | 'push';
  /** Round trip of the last poll, or for a push stream how late the last reading came; ms. */
  readonly latencyMs: number | null;
  /** Host samples that were gaps (no current reading), plus samples the engine said it dropped. */
  readonly missed: number;
  readonly lastError: string | null;
  /** ms since the epoch when the state last changed. */
  readonly since: number;
  /** Connection attempts since the last live reading. */
  readonly attempts: number;
}

export interface RecordingState {
  /** Whether this host can record at all (it has a data folder). */
  readonly available: boolean;
  /** Recording is switched on (a file opens with the next sample from a source). */
  readonly enabled: boolean;
  /** Id of the session file being written now, if any. */
  readonly id: string | null;
  /** The last recording error (disk full...), if recording stopped because of it. */
  readonly error: string | null;
}

/** One torrent of a source that manages torrents (the embedded engine). */
export interface TorrentInfo {
  readonly infoHash: string;
  readonly name: string;
  readonly state: 'metadata' | 'checking' | 'downloading' | 'seeding' | 'paused';
  /** 0..1 */
  readonly progress: number;
  readonly length: number;
  readonly pieces: number;
  /** Every connected peer (seeds and leechers). */
  readonly peers: number;
  /** Payload bytes per second; null: not reported (`unreported` says why). */
  readonly downRate: number | null;
  readonly upRate: number | null;
  /**
   * Seconds until complete (0 once complete); null: no estimate (nothing arrives), or not
   * reported when `unreported.eta` says so.
   */
  readonly eta: number | null;
  /** Uploaded / downloaded; null: undefined (nothing downloaded) or not reported. */
  readonly ratio: number | null;
  /** Connected seeds and, where the tracker scrape is known, seeds in the swarm. */
  readonly seeds: SwarmCount | null;
  /** Connected leechers (qBittorrent's "Peers") and those in the swarm where known. */
  readonly leechers: SwarmCount | null;
  /** Column -> why this source cannot fill it: the table shows "—" with this, never a zero. */
  readonly unreported: Readonly<Partial<Record<TorrentField, string>>>;
}

export interface SwarmCount {
  readonly connected: number;
  /** null: the source does not know the swarm (no scrape); `unreported.swarm` says why. */
  readonly swarm: number | null;
}

/** The per-torrent readings a source may be unable to give. */
export type TorrentField = 'downRate' | 'upRate' | 'eta' | 'ratio' | 'seeds' | 'leechers' | 'swarm';

export const NO_RECORDING: RecordingState = { available: false, enabled: false, id: null, error: null };

export interface HostState {
  readonly source: SourceInfo | null;
  /** Metric index -> why this source cannot report it. Shown instead of a zero. */
  readonly notReported: Readonly<Record<number, string>>;
  readonly diagnostics: boolean;
  readonly intervalMs: number;
  /**
   * ms since the epoch when the session started: by the source's own clock where it reports
   * ses.uptime_secs (so the header and the Uptime panel agree), else when the host started.
   */
  readonly startedAt: number;
  /** The last error of the source, if it failed; the host keeps running. */
  readonly error: string | null;
  readonly recording: RecordingState;
  /** The source's torrents, or null when the source does not manage torrents. */
  readonly torrents: readonly TorrentInfo[] | null;
  /** The invariants checked on every sample of the current source: how many, what broke. */
  readonly invariants: InvariantTally;
  /** A remote source's connection health; null for the embedded engine or no source. */
  readonly health?: SourceHealth | null;
  /** Recent connections of the Connect… dialog (addresses without credentials). */
  readonly recentSources?: readonly RecentSource[];
  /** The newest events of the current source's session (alerts, outages, switches), oldest first. */
  readonly events?: readonly SessionEvent[];
}

export interface RecentSource {
  readonly address: string;
  readonly usedAt: number;
  /** Credentials are kept for it on the host (never sent to clients). */
  readonly hasCredentials: boolean;
}

export interface HostHello extends HostState {
  readonly type: 'hello';
  readonly protocol: number;
  readonly appVersion: string;
  readonly registry: readonly RegistryEntry[];
}

export interface HostStatus extends HostState {
  readonly type: 'status';
}

/** The answer to a testSource command: whether the address answers as the engine it names. */
export interface HostSourceTest {
  readonly type: 'sourceTest';
  readonly address: string;
  readonly ok: boolean;
  /** "irontide (99 metrics)" or the failure, naming what failed and how to fix it. */
  readonly message: string;
}

export interface HostSnapshot {
  readonly type: 'snapshot';
  readonly snapshot: Snapshot;
}

/** One level of the session's history, as its binary frame (src/shared/series-history.ts), sent on connect. */
export interface HostHistory {
  readonly type: 'history';
  readonly frame: ArrayBuffer;
}

/** The host asks the UI to show saved sessions (File > Open in the desktop app, `serve FILE`). */
export interface HostOpen {
  readonly type: 'open';
  /** Library ids: one opens it, two to four open a comparison. */
  readonly ids: readonly string[];
}

/** A menu command of the desktop app that the UI carries out (e.g. export a report). */
export interface HostMenu {
  readonly type: 'menu';
  readonly action: 'export-report' | 'open-library' | 'open-live' | 'toggle-theme';
}

/** The host refused or failed a command of this client (shown to the user). */
export interface HostError {
  readonly type: 'error';
  readonly message: string;
}

export type HostEvent =
  | HostHello
  | HostStatus
  | HostSnapshot
  | HostHistory
  | HostOpen
  | HostMenu
  | HostError
  | HostSourceTest;

export const MIN_INTERVAL_MS = 10;
export const MAX_INTERVAL_MS = 60_000;
/** The largest command a client may send: a .torrent file of up to 12 MiB, as base64. */
export const MAX_TORRENT_BASE64 = 16 * 1024 * 1024;

export const SourceCredentials = z
  .object({
    username: z.string().max(256).optional(),
    password: z.string().max(1024).optional(),
    token: z.string().max(1024).optional(),
  })
  .strict();
export type SourceCredentials = z.infer<typeof SourceCredentials>;

const SOURCE_FIELDS = {
  address: z.string().min(1).max(2048),
  credentials: SourceCredentials.optional(),
};

export const ClientCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('setDiagnostics'), enabled: z.boolean() }).strict(),
  z.object({ type: z.literal('setInterval'), ms: z.number().int().min(MIN_INTERVAL_MS).max(MAX_INTERVAL_MS) }).strict(),
  z.object({ type: z.literal('setRecording'), enabled: z.boolean() }).strict(),
  // A remote client names a torrent by magnet link or sends the .torrent's bytes (base64);
  // never a path: the host must not read files a browser names.
  z
    .object({
      type: z.literal('addTorrent'),
      magnet: z
        .string()
        .max(8192)
        .regex(/^magnet:\?/i, 'a magnet link starts with magnet:?')
        .optional(),
      torrentBase64: z.string().max(MAX_TORRENT_BASE64, 'a .torrent file of up to 12 MiB').optional(),
      /** The .torrent file's name, so a refusal names it (never read as a path). */
      fileName: z.string().max(255).optional(),
      /** An http(s) link to a .torrent: the host fetches it, bounded (torrentUrl.ts). */
      url: z
        .string()
        .max(8192)
        .regex(/^https?:\/\//i, 'a link to a .torrent starts with http:// or https://')
        .optional(),
    })
    .strict()
    .refine(
      (c) => [c.magnet, c.torrentBase64, c.url].filter((v) => v !== undefined).length === 1,
      'give one magnet link, .torrent file or http(s) link',
    ),
  // A source by address (engine:, irontide://host:port, tidegauge://host:port...); credentials
  // travel apart from the address so they never reach a URL, a log line or a file.
  z.object({ type: z.literal('setSource'), ...SOURCE_FIELDS }).strict(),
  z.object({ type: z.literal('testSource'), ...SOURCE_FIELDS }).strict(),
  z
    .object({
      type: z.literal('torrent'),
      action: z.enum(['pause', 'resume', 'remove']),
      infoHash: z.string().regex(/^[0-9a-fA-F]{40}$/, 'an info hash is 40 hex digits'),
    })
    .strict(),
]);
export type ClientCommand = z.infer<typeof ClientCommand>;

/** Parse a command from an untrusted peer; the error names the field and what was expected. */
export function parseClientCommand(raw: unknown): { ok: true; command: ClientCommand } | { ok: false; error: string } {
  const r = ClientCommand.safeParse(raw);
  if (r.success) return { ok: true, command: r.data };
  const issue = r.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'command';
  return { ok: false, error: `invalid command: ${where}: ${issue?.message ?? 'not understood'}` };
}

/** What the renderer sees, whatever the transport. */
export interface TidegaugeApi {
  /** Receive host events; the first one after connecting is a hello. Returns an unsubscribe. */
  subscribe(listener: (event: HostEvent) => void, onConnection?: (state: ConnectionState) => void): () => void;
  send(command: ClientCommand): void;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** Channel names of the Electron transport (preload <-> main). */
export const IPC = {
  port: 'tidegauge:port',
  ready: 'tidegauge:ready',
  /** invoke: LibraryRequest -> LibraryReply */
  library: 'tidegauge:library',
  /** invoke: SavePngRequest -> SavePngReply (save dialog, then write the file) */
  savePng: 'tidegauge:save-png',
} as const;

export const SavePngRequest = z
  .object({
    suggestedName: z.string().min(1).max(200),
    bytes: z.instanceof(Uint8Array).refine((b) => b.length > 8 && b.length < 256 * 1024 * 1024, 'a PNG up to 256 MiB'),
  })
  .strict();
export type SavePngRequest = z.infer<typeof SavePngRequest>;
export type SavePngReply = { ok: true; path: string | null } | { ok: false; error: string };
