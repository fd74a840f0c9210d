import { z } from 'zod';
import type { RegistryEntry } from './registry-types';
import type { Snapshot } from './snapshot';

/*
 * The one contract between a host (the Electron main process or the headless `serve`) and
 * the renderer. Two transports carry it: Electron's preload + MessagePort, and a WebSocket on
 * 127.0.0.1. Host -> renderer: HostEvent. Renderer -> host: ClientCommand, validated on arrival.
 */

export const PROTOCOL_VERSION = 1;

export interface SourceInfo {
  /** Stable id of the kind of source, e.g. "engine", "none". */
  readonly kind: string;
  /** What the user sees in the header, e.g. "Embedded engine: loopback swarm". */
  readonly label: string;
  /** More detail (what the source is connected to), shown on hover. */
  readonly detail?: string;
}

export interface HostState {
  readonly source: SourceInfo | null;
  /** Metric index -> why this source cannot report it. Shown instead of a zero. */
  readonly notReported: Readonly<Record<number, string>>;
  readonly diagnostics: boolean;
  readonly intervalMs: number;
  /** ms since the epoch when the session started. */
  readonly startedAt: number;
  /** The last error of the source, if it failed; the host keeps running. */
  readonly error: string | null;
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

export interface HostSnapshot {
  readonly type: 'snapshot';
  readonly snapshot: Snapshot;
}

export type HostEvent = HostHello | HostStatus | HostSnapshot;

export const MIN_INTERVAL_MS = 10;
export const MAX_INTERVAL_MS = 60_000;

export const ClientCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('setDiagnostics'), enabled: z.boolean() }).strict(),
  z.object({ type: z.literal('setInterval'), ms: z.number().int().min(MIN_INTERVAL_MS).max(MAX_INTERVAL_MS) }).strict(),
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
} as const;

/** JSON form of host events for text transports; snapshots travel as binary frames instead. */
export type HostJsonEvent = HostHello | HostStatus;
