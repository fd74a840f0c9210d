import { z } from 'zod';
import type { SourceInfo } from './api';
import type { Alignment } from './compare/align';
import type { SessionFigures } from './compare/compareSessions';
import type { FullComparison } from './compare/halves';
import type { RegistryEntry } from './registry-types';
import type { SessionData } from './session/data';
import type { ImportReport } from './session/import/common';
import { MarkerSchema, type SessionMarker, type SessionOrigin, type UserFields } from './session/meta';

/*
 * The saved-sessions half of the host <-> renderer contract. Two transports implement
 * LibraryApi: HTTP routes of the browser shell (src/main/web/libraryRoutes.ts) and Electron
 * IPC through the preload (src/main/electron/library-ipc.ts). The renderer only sees this.
 */

export { MarkerSchema, type SessionMarker };

export type SessionState = 'complete' | 'recording' | 'interrupted';

/** One saved session as the library view lists it. */
export interface SessionSummary {
  readonly id: string;
  readonly file: string;
  readonly sizeBytes: number;
  readonly state: SessionState | 'unreadable';
  readonly title: string;
  readonly notes: string;
  readonly tags: readonly string[];
  /** Named points on the session's timeline; usable to align sessions in a comparison. */
  readonly markers: readonly SessionMarker[];
  readonly source: SourceInfo | null;
  /** ms epoch of the first sample (or of the recording start when there is none yet). */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly durationMs: number;
  readonly samples: number;
  readonly intervalMs: number;
  readonly metrics: number;
  readonly origin: SessionOrigin | null;
  readonly appVersion: string;
  readonly warnings: readonly string[];
  /** Why the file cannot be opened (state 'unreadable'). */
  readonly error: string | null;
}

export interface LibraryListing {
  readonly dir: string;
  /** Id of the session being recorded now, if any. */
  readonly recording: string | null;
  readonly sessions: readonly SessionSummary[];
}

export interface SessionDetail extends SessionSummary {
  readonly registry: readonly RegistryEntry[];
  readonly notReported: Readonly<Record<string, string>>;
}

export interface DataQuery {
  /** Seconds from the first sample. */
  readonly from?: number;
  readonly to?: number;
  /** Keep every k-th sample. */
  readonly every?: number;
  /** At most about this many rows: an overview in buckets (counters at each bucket's end, gauges averaged), for charts. */
  readonly points?: number;
  /** Only these metrics (by name); all when absent. */
  readonly names?: readonly string[];
}

export interface CompareQuery {
  /** 0-based index of the baseline session (default 0). */
  readonly baseline?: number;
  readonly alignment?: Alignment;
  /** Per session, seconds added to its aligned clock. */
  readonly nudges?: readonly number[];
}

export interface ImportQuery {
  readonly format?: 'auto' | 'csv' | 'irontide' | 'libtorrent';
  /** Sample interval of a libtorrent log, seconds. */
  readonly interval?: number;
}

export interface LibraryApi {
  list(): Promise<LibraryListing>;
  get(id: string): Promise<SessionDetail>;
  update(id: string, fields: UserFields): Promise<SessionSummary>;
  remove(id: string): Promise<void>;
  data(id: string, query?: DataQuery): Promise<SessionData>;
  /** One session's figures (totals, mean, p50, p95, max per metric and derived series), computed by the host. */
  figures(id: string): Promise<SessionFigures>;
  /** The summary table of 2–4 sessions, computed by the host where the data is. */
  compare(ids: readonly string[], query?: CompareQuery): Promise<FullComparison>;
  importFile(
    name: string,
    bytes: Uint8Array,
    query?: ImportQuery,
  ): Promise<{ summary: SessionSummary; report: ImportReport | null }>;
}

/** The Electron IPC request, validated in main before anything runs. */
export const LibraryRequest = z.discriminatedUnion('op', [
  z.object({ op: z.literal('list') }).strict(),
  z.object({ op: z.literal('get'), id: z.string().min(1).max(200) }).strict(),
  z.object({ op: z.literal('update'), id: z.string().min(1).max(200), fields: z.unknown() }).strict(),
  z.object({ op: z.literal('remove'), id: z.string().min(1).max(200) }).strict(),
  z
    .object({
      op: z.literal('data'),
      id: z.string().min(1).max(200),
      from: z.number().finite().min(0).optional(),
      to: z.number().finite().min(0).optional(),
      every: z.number().int().min(1).max(1_000_000).optional(),
      points: z.number().int().min(2).max(10_000_000).optional(),
      names: z.array(z.string().min(1).max(200)).max(4096).optional(),
    })
    .strict(),
  z.object({ op: z.literal('figures'), id: z.string().min(1).max(200) }).strict(),
  z
    .object({
      op: z.literal('compare'),
      ids: z.array(z.string().min(1).max(200)).min(2).max(4),
      baseline: z.number().int().min(0).max(3).optional(),
      alignment: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('start') }).strict(),
          z.object({ kind: z.literal('event'), event: z.enum(['firstPayload', 'complete']) }).strict(),
          z.object({ kind: z.literal('marker'), name: z.string().min(1).max(200) }).strict(),
        ])
        .optional(),
      nudges: z.array(z.number().finite().min(-1e7).max(1e7)).max(4).optional(),
    })
    .strict(),
  z
    .object({
      op: z.literal('import'),
      name: z.string().min(1).max(500),
      bytes: z.instanceof(Uint8Array),
      format: z.enum(['auto', 'csv', 'irontide', 'libtorrent']).optional(),
      interval: z.number().finite().positive().max(86_400).optional(),
    })
    .strict(),
]);
export type LibraryRequest = z.infer<typeof LibraryRequest>;

/** What the Electron IPC answers: a value, or an error with the HTTP-like status. */
export type LibraryReply = { ok: true; value: unknown } | { ok: false; status: number; error: string };
