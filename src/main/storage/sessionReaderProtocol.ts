import { z } from 'zod';
import type { SessionFigures } from '../../shared/compare/compareSessions';
import type { SessionData } from '../../shared/session/data';
import { WalInfoSchema } from '../../shared/session/wal';
import type { FiguresRequest } from './sessionReader';

/*
 * Messages between WorkerSessionReader and its workers, validated on arrival at both ends.
 * Columns travel in shared memory and figures are large: their envelope is checked (the
 * right kinds of arrays, of the right lengths), not every value.
 */

function isSessionData(v: unknown): v is SessionData {
  const d = v as SessionData | null;
  if (typeof d !== 'object' || d === null || typeof d.meta !== 'object' || d.meta === null) return false;
  const n = d.length;
  if (!Number.isInteger(n) || n < 0 || !Array.isArray(d.meta.registry) || !Array.isArray(d.columns)) return false;
  if (!(d.t instanceof Float64Array) || d.t.length < n) return false;
  if (!(d.diagnostics instanceof Uint8Array) || d.diagnostics.length < n) return false;
  if (d.columns.length !== d.meta.registry.length) return false;
  if (d.events !== undefined && !Array.isArray(d.events)) return false;
  return d.columns.every((c) => c instanceof Float64Array && c.length >= n);
}

const Columns = z.custom<SessionData>(
  isSessionData,
  'expected session columns (meta, t, diagnostics, one column per metric)',
);
const Req = z.number().int();

const Query = z
  .object({
    from: z.number().optional(),
    to: z.number().optional(),
    every: z.number().optional(),
    points: z.number().int().min(1).optional(),
    names: z.array(z.string()).optional(),
  })
  .strict();

export const ReaderTask = z.discriminatedUnion('type', [
  /** A data request answered from the file's levels and batch index (built here if missing). */
  z.object({ type: z.literal('query'), req: Req, file: z.string().min(1), query: Query }).strict(),
  /** What a library row shows, from the file's levels (built here if missing). */
  z.object({ type: z.literal('summary'), req: Req, file: z.string().min(1) }).strict(),
  z
    .object({
      type: z.literal('read'),
      req: Req,
      file: z.string().min(1),
      journal: z.boolean(),
      /** Whether the asking thread's process is writing the file's journal (a recording). */
      writing: z.boolean(),
    })
    .strict(),
  z
    .object({
      type: z.literal('figures'),
      req: Req,
      data: Columns,
      request: z.custom<FiguresRequest>(
        (v) => typeof v === 'object' && v !== null && typeof (v as FiguresRequest).id === 'string',
        'expected a figures request',
      ),
    })
    .strict(),
]);
export type ReaderTask = z.infer<typeof ReaderTask>;

const Time = z.number().nullable();
const Damaged = z
  .object({
    start: z.number(),
    end: z.number(),
    batch: z.number().int().nullable(),
    rows: z.number(),
    after: Time,
    before: Time,
    reason: z.string(),
  })
  .strict();
const Journal = z
  .object({
    folded: z.number().int().min(0),
    foldedEvents: z.number().int().min(0),
    lost: z.number().int().min(0),
    owner: WalInfoSchema.nullable(),
    verdict: z.enum(['folded', 'damaged', 'foreign', 'unreadable']),
    keep: z.boolean(),
    reason: z.string().nullable(),
  })
  .strict();

const Opened = z
  .object({
    path: z.string(),
    data: Columns,
    state: z.enum(['complete', 'recording', 'interrupted']),
    sizeBytes: z.number().int().min(0),
    warnings: z.array(z.string()),
    journalRows: z.number().int().min(0),
    damaged: z.array(Damaged),
    journal: Journal.nullable(),
  })
  .strict();

const Summary = z
  .object({
    samples: z.number().int().min(0),
    startedAt: z.number(),
    endedAt: z.number(),
    closed: z.boolean(),
    warnings: z.array(z.string()),
  })
  .strict();

export const ReaderReply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('summary'), req: Req, summary: Summary.nullable() }).strict(),
  /** null: the request is answered the old way (a short session, a recording, no index). */
  z.object({ type: z.literal('data'), req: Req, data: Columns.nullable() }).strict(),
  z.object({ type: z.literal('opened'), req: Req, opened: Opened }).strict(),
  z
    .object({
      type: z.literal('figures'),
      req: Req,
      figures: z.custom<SessionFigures>(
        (v) => typeof v === 'object' && v !== null && 'info' in v && Array.isArray((v as SessionFigures).figures),
        "expected a session's figures",
      ),
    })
    .strict(),
  /** `file`: the file a SessionFileError named (null for other errors), `kind` its kind. */
  z
    .object({
      type: z.literal('reply-error'),
      req: Req,
      message: z.string(),
      file: z.string().nullable(),
      kind: z.enum(['access', 'content']).optional(),
    })
    .strict(),
]);
export type ReaderReply = z.infer<typeof ReaderReply>;
