import { z } from 'zod';
import type { SourceInfo } from './api';
import type { Alignment } from './compare/align';
import type { SessionFigures } from './compare/compareSessions';
import type { FullComparison } from './compare/sessionFigures';
import { FleetImportRequest, type FleetListing, FleetListRequest } from './fleet';
import type { RegistryEntry } from './registry-types';
import type { SessionData } from './session/data';
import type { SessionEvent } from './session/events';
import type { ImportReport } from './session/import/common';
import { MarkerSchema, type SessionMarker, type SessionOrigin, type UserFields } from './session/meta';
import type { DataQuery } from './session/wire';
import { rangeForwards, TOTALS_FIELDS, type TotalsQuery, type TotalsReport } from './totals/report';

/*
 * The saved-sessions half of the host <-> renderer contract. The renderer sees LibraryApi; two
 * transports carry it (HTTP routes of the browser shell, Electron IPC through the preload), and
 * both end in the host's one dispatcher (src/main/dispatch), which validates every request
 * with LibraryRequest below: the HTTP routes translate their URLs into the same requests, so
 * both shells accept exactly the same limits.
 */

export type { DataQuery };
export { MarkerSchema, type SessionMarker };

export type SessionState = 'complete' | 'recording' | 'interrupted';

/** A file kept beside a session: what the library could not fold into it (it never deletes those). */
export interface KeptFile {
  /** The file's name in the sessions folder, e.g. "<id>.wal.damaged". */
  readonly file: string;
  readonly reason: string;
}

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
  /** Why the file cannot be opened (state 'unreadable': the Library shows it as damaged). */
  readonly error: string | null;
  /** Files kept beside it (a journal that could not be folded in whole, the file before a repair). */
  readonly kept: readonly KeptFile[];
}

/** Where "move to quarantine" put a session's files. */
export interface Quarantined {
  /** The quarantine folder (<dataDir>/quarantine). */
  readonly dir: string;
  /** The files' new names there. */
  readonly files: readonly string[];
}

export interface LibraryListing {
  readonly dir: string;
  /** Id of the session being recorded now, if any. */
  readonly recording: string | null;
  /** Sessions whose recording stopped on a write error (a full disk) since the host started, and why. */
  readonly stopped: readonly { readonly id: string; readonly error: string }[];
  readonly sessions: readonly SessionSummary[];
}

export interface SessionDetail extends SessionSummary {
  readonly registry: readonly RegistryEntry[];
  readonly notReported: Readonly<Record<string, string>>;
  /** What happened besides the numbers (alerts, outages, diagnostics and source switches), oldest first. */
  readonly events: readonly SessionEvent[];
}

export interface CompareQuery {
  /** 0-based index of the baseline session (default 0). */
  readonly baseline?: number;
  readonly alignment?: Alignment;
  /** Per session, seconds added to its aligned clock. */
  readonly nudges?: readonly number[];
  /** full (default): each session over its own span; common: every one cut to the shortest's. */
  readonly span?: 'full' | 'common';
}

/** format: what the file is ('auto' looks); interval: seconds between samples of a libtorrent log. */
export type ImportQuery = Readonly<Omit<ImportFields, 'name'>>;

export interface LibraryApi {
  list(): Promise<LibraryListing>;
  get(id: string): Promise<SessionDetail>;
  update(id: string, fields: UserFields): Promise<SessionSummary>;
  remove(id: string): Promise<void>;
  /** Move a session's files (a damaged one, say) out of the library into <dataDir>/quarantine. */
  quarantine(id: string): Promise<Quarantined>;
  data(id: string, query?: DataQuery): Promise<SessionData>;
  /** One session's figures (totals, mean, p50, p95, max per metric and derived series), computed by the host. */
  figures(id: string, query?: FiguresQuery): Promise<SessionFigures>;
  /** The summary table of 2–4 sessions, computed by the host where the data is. */
  compare(ids: readonly string[], query?: CompareQuery): Promise<FullComparison>;
  importFile(name: string, bytes: Uint8Array, query?: ImportQuery): Promise<ImportResult>;
  /** Bytes by day, week or month of a zone over every session, and a cap's budget (src/shared/totals). */
  totals(query: TotalsQuery): Promise<TotalsReport>;
}

export interface FiguresQuery {
  /** Only the first spanS seconds of the session (the common span of a comparison of runs). */
  readonly spanS?: number;
}

const Id = z.string().min(1, 'id must not be empty').max(200, 'id must be at most 200 characters');

/** A number field whose every complaint names the field and the rule. */
function num(name: string, rule: string, min: number, max: number, int = false) {
  const msg = `${name} must be ${rule}`;
  const n = z.number({ error: msg }).min(min, msg).max(max, msg);
  return int ? n.int(msg) : n;
}

const Seconds = (name: string) => num(name, 'a number of seconds >= 0', 0, Number.MAX_SAFE_INTEGER);

const MAX_SESSIONS_COMPARED = 4;
/** The largest file either shell takes to import (a dropped file, an upload). */
export const MAX_IMPORT_UPLOAD = 512 * 1024 * 1024;

/** How an import is told what it reads (the bytes travel beside: IPC in the request, HTTP as the body). */
export const ImportFields = z
  .object({
    name: z.string().min(1, 'name must not be empty').max(200, 'name must be at most 200 characters'),
    format: z
      .enum(['auto', 'csv', 'irontide', 'libtorrent'], { error: 'format must be auto, csv, irontide or libtorrent' })
      .optional(),
    interval: num('interval', 'a number of seconds from 0.001 to 86400', 0.001, 86_400).optional(),
  })
  .strict();
export type ImportFields = z.infer<typeof ImportFields>;

const CompareRequest = z
  .object({
    op: z.literal('compare'),
    ids: z
      .array(Id)
      .min(2, `ids must name 2 to ${MAX_SESSIONS_COMPARED} sessions`)
      .max(MAX_SESSIONS_COMPARED, `ids must name 2 to ${MAX_SESSIONS_COMPARED} sessions`),
    baseline: num('baseline', 'a session index from 0 to 3', 0, MAX_SESSIONS_COMPARED - 1, true).optional(),
    alignment: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('start') }).strict(),
        z.object({ kind: z.literal('event'), event: z.enum(['firstPayload', 'complete']) }).strict(),
        z.object({ kind: z.literal('marker'), name: z.string().min(1).max(200) }).strict(),
      ])
      .optional(),
    nudges: z
      .array(num('nudges', 'numbers of seconds from -1e7 to 1e7', -1e7, 1e7))
      .max(MAX_SESSIONS_COMPARED, `nudges must be up to ${MAX_SESSIONS_COMPARED} numbers`)
      .optional(),
    span: z.enum(['full', 'common'], { error: 'span must be full or common' }).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const n = r.ids.length;
    if (r.baseline !== undefined && r.baseline >= n)
      ctx.addIssue({
        code: 'custom',
        path: ['baseline'],
        message: `baseline must be a session index from 0 to ${n - 1}`,
      });
    if (r.nudges && r.nudges.length > n)
      ctx.addIssue({ code: 'custom', path: ['nudges'], message: `nudges must be up to ${n} numbers, one per session` });
  });

/**
 * Every library request either shell carries, validated once in the host's dispatcher. The HTTP
 * routes of the browser shell are translations of these (see src/main/web/apiRoutes.ts).
 */
export const LibraryRequest = z.discriminatedUnion('op', [
  z.object({ op: z.literal('list') }).strict(),
  z.object({ op: z.literal('get'), id: Id }).strict(),
  // The fields are checked by the library itself (UserFieldsSchema), which takes them from any caller.
  z.object({ op: z.literal('update'), id: Id, fields: z.unknown() }).strict(),
  z.object({ op: z.literal('remove'), id: Id }).strict(),
  z.object({ op: z.literal('quarantine'), id: Id }).strict(),
  z
    .object({
      op: z.literal('data'),
      id: Id,
      from: Seconds('from').optional(),
      to: Seconds('to').optional(),
      every: num('every', 'a whole number from 1 to 1000000', 1, 1_000_000, true).optional(),
      points: num('points', 'a whole number from 2 to 10000000', 2, 10_000_000, true).optional(),
      names: z.array(z.string().min(1).max(200)).max(4096, 'names must list at most 4096 metrics').optional(),
    })
    .strict(),
  z
    .object({
      op: z.literal('figures'),
      id: Id,
      // Over the first span seconds only (a group comparison over the common span).
      span: Seconds('span').optional(),
    })
    .strict(),
  CompareRequest,
  // The query's own checks (zone, unit, cap) come with it; `op` tags it as a request.
  z
    .object({ op: z.literal('totals'), ...TOTALS_FIELDS })
    .strict()
    .refine(...rangeForwards),
  FleetListRequest,
  FleetImportRequest,
  ImportFields.extend({
    op: z.literal('import'),
    bytes: z
      .instanceof(Uint8Array)
      .refine((b) => b.length <= MAX_IMPORT_UPLOAD, `bytes must be at most ${MAX_IMPORT_UPLOAD >> 20} MiB`),
  }).strict(),
]);
export type LibraryRequest = z.infer<typeof LibraryRequest>;
export type LibraryOp = LibraryRequest['op'];
export type LibraryRequestOf<K extends LibraryOp> = Extract<LibraryRequest, { op: K }>;

export interface ImportResult {
  readonly summary: SessionSummary;
  readonly report: ImportReport | null;
}

/** What each request answers over the IPC channel (data as columns bytes, see session/wire.ts). */
export interface LibraryValues {
  list: LibraryListing;
  get: SessionDetail;
  update: SessionSummary;
  remove: null;
  quarantine: Quarantined;
  data: Uint8Array;
  figures: SessionFigures;
  compare: FullComparison;
  import: ImportResult;
  fleet: FleetListing;
  fleetImport: ImportResult;
  totals: TotalsReport;
}

/** A failed request: the HTTP status the browser shell answers, and a message for the user. */
export interface LibraryFailure {
  readonly ok: false;
  readonly status: number;
  readonly error: string;
}

/** What the Electron IPC answers: a value, or an error with the HTTP-like status. */
export type LibraryReply<K extends LibraryOp = LibraryOp> = { ok: true; value: LibraryValues[K] } | LibraryFailure;

/**
 * One line naming what is wrong, field by field. A message that already names its field
 * ("ids must name 2 to 4 sessions") is kept as it is; zod's own get the field in front.
 */
export function describeRequestIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, 3).map((i) => {
    const field = String(i.path[0] ?? '');
    if (field && i.message.startsWith(`${field} `)) return i.message;
    return `${i.path.length ? i.path.join('.') : 'request'}: ${i.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more problems)` : '';
  return `${lines.join('; ')}${more}`;
}
