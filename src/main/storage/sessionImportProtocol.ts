import { z } from 'zod';
import type { ImportReport } from '../../shared/session/import/index';

/*
 * Messages between WorkerSessionImporter and its worker, validated on arrival at both ends.
 * The session's bytes come back as one transferred buffer; the report's envelope is checked,
 * not every name in it.
 */

const Req = z.number().int();

export const ImportTask = z
  .object({
    type: z.literal('import'),
    req: Req,
    file: z.string().min(1),
    options: z
      .object({
        format: z.enum(['auto', 'csv', 'irontide', 'libtorrent']).optional(),
        intervalS: z.number().finite().positive().optional(),
        startMs: z.number().finite().optional(),
        title: z.string().optional(),
        keepUnmapped: z.boolean().optional(),
        id: z.string().min(1).optional(),
      })
      .strict(),
  })
  .strict();
export type ImportTask = z.infer<typeof ImportTask>;

const Report = z.custom<ImportReport>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    ['mapped', 'derived', 'kept', 'leftOut', 'notes'].every((k) => Array.isArray((v as Record<string, unknown>)[k])),
  'expected an import report',
);

export const ImportReply = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('imported'),
      req: Req,
      bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected the session file as bytes'),
      report: Report,
      samples: z.number().int().min(1),
      metrics: z.number().int().min(1),
    })
    .strict(),
  /** `file`: the file a SessionFileError named (null for other errors). */
  z.object({ type: z.literal('reply-error'), req: Req, message: z.string(), file: z.string().nullable() }).strict(),
]);
export type ImportReply = z.infer<typeof ImportReply>;
