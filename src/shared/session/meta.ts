import { z } from 'zod';
import { MAX_EXTRA_COLUMNS } from './extras';

/*
 * What a saved session says about itself. It travels as JSON in the Arrow schema's
 * custom_metadata under META_KEY, so any Arrow reader (pyarrow, polars, DuckDB) sees it too.
 */

export const SESSION_FORMAT = 'tidegauge-session';
export const SESSION_FORMAT_VERSION = 1;
/** Schema custom_metadata key holding the SessionMeta JSON. */
export const META_KEY = 'tidegauge.session';
/** Name of the time column: Timestamp(ms, UTC). */
export const TIME_FIELD = 't';
/** Name of the per-sample diagnostics flag column: Bool. */
export const DIAGNOSTICS_FIELD = 'diagnostics';
/** Field custom_metadata keys on each metric column, for tools that read one column. */
export const FIELD_KIND_KEY = 'tidegauge.kind';
export const FIELD_UNIT_KEY = 'tidegauge.unit';

/** Date's range: ±100,000,000 days from the epoch, in ms. A time outside it cannot be shown. */
export const MAX_TIME_MS = 8.64e15;
const time = () => z.number().min(-MAX_TIME_MS).max(MAX_TIME_MS);

/** The longest sample interval a session may have: a day. */
export const MAX_INTERVAL_MS = 86_400_000;
/** Longest title. */
export const MAX_TITLE = 500;
/** Longest metric (column) name. */
export const MAX_NAME = 200;

/** More metrics than any engine has; a file claiming more is damaged or hostile. */
export const MAX_METRICS = 4096;
const MAX_TEXT = 100_000;

export const RegistryEntrySchema = z.object({
  name: z
    .string()
    .min(1)
    .max(MAX_NAME)
    .refine((s) => s !== TIME_FIELD && s !== DIAGNOSTICS_FIELD, { message: 'is a reserved column name' }),
  kind: z.enum(['counter', 'gauge']),
  unit: z.string().max(32),
  category: z.string().max(64).optional(),
  diagnostic: z.boolean().optional(),
  deprecated: z.boolean().optional(),
  description: z.string().max(2000).optional(),
  /** An engine's own metric beyond ours, kept as an extra column (see extras.ts); category names its section. */
  extra: z.boolean().optional(),
});

/** A setting of the run: what the source's options were (engine options, a client's settings). */
export const SettingValueSchema = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

export const SourceInfoSchema = z.object({
  kind: z.string().max(64),
  label: z.string().max(500),
  detail: z.string().max(2000).optional(),
  /** The engine or client and its version, e.g. "webtorrent 3.0.21". */
  version: z.string().max(200).optional(),
  /** The options the run was made with, by name (never credentials). */
  settings: z.record(z.string().max(200), SettingValueSchema).optional(),
});

/** How a recording was made, besides its source: where and by what. */
export const ProvenanceSchema = z.object({
  host: z.string().max(255).optional(),
  platform: z.string().max(100).optional(),
  /** Tidegauge's command line, credentials masked. */
  commandLine: z.array(z.string().max(2000)).max(200).optional(),
});

/** What a remote source learned about its engine: recorded so a session says what it watched. */
export const SourceProvenanceSchema = z.object({
  /** e.g. "irontide (99 metrics)", "Tidegauge 0.1.0" */
  version: z.string().max(500),
  /** The address, never with credentials. */
  address: z.string().max(2048).optional(),
  /** The engine's own metric list, as it sent it (names may differ from ours). */
  registry: z.array(z.object({ name: z.string().max(MAX_NAME), kind: z.enum(['counter', 'gauge']) })).max(MAX_METRICS),
  /** The engine's settings of the run, credentials removed. */
  settings: z.record(z.string(), z.unknown()).optional(),
});
export type SourceProvenance = z.infer<typeof SourceProvenanceSchema>;

/** A timestamped event of the engine (an irontide alert), kept with the session. */
export const SourceEventSchema = z.object({ t: time(), kind: z.string().max(200), message: z.string().max(2000) });

export const OriginSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('recording') }),
  z.object({
    type: z.literal('import'),
    /** csv | irontide | libtorrent */
    format: z.string().max(32),
    /** Base name of the imported file (a Prometheus import: the server, without credentials). */
    file: z.string().max(1000),
    /** Where a Prometheus import came from: what was asked of which server (never a credential). */
    prometheus: z
      .object({
        server: z.string().max(1000),
        query: z.string().max(2000),
        instance: z.string().max(500),
        from: z.number(),
        to: z.number(),
        stepS: z.number().positive(),
      })
      .optional(),
  }),
  z.object({
    type: z.literal('export'),
    /** Id of the session this one was cut from, and the range in seconds from its start. */
    from: z.string().max(1000),
    range: z.object({ fromS: z.number().nullable(), toS: z.number().nullable() }).optional(),
  }),
]);

export const SessionMetaSchema = z
  .object({
    format: z.literal(SESSION_FORMAT),
    version: z.literal(SESSION_FORMAT_VERSION),
    /** Stable id; a recording's file is named after it. */
    id: z.string().min(1).max(200),
    appVersion: z.string().max(64),
    /** ms since the epoch when the session started (recording start, or first imported sample). */
    startedAt: time(),
    /** The sample interval asked for at the start, in ms; the t column holds the real times. */
    intervalMs: z.number().finite().positive().max(MAX_INTERVAL_MS),
    source: SourceInfoSchema.nullable(),
    /** A remote source's engine: its version, registry and settings. */
    sourceProvenance: SourceProvenanceSchema.optional(),
    /** The metrics, in column order: names, kinds and units of the registry the file was made with. */
    registry: z.array(RegistryEntrySchema).min(1).max(MAX_METRICS),
    /** Metric index (as a string) -> why the source could not report it. Those columns hold nulls. */
    notReported: z.record(z.string().regex(/^\d+$/), z.string().max(500)),
    origin: OriginSchema,
    /** How the run was made (absent in files from before provenance was recorded). */
    provenance: ProvenanceSchema.optional(),
    /** Initial user fields; the library's sidecar JSON holds later edits, and export writes them back in. */
    title: z.string().max(MAX_TITLE).optional(),
    notes: z.string().max(MAX_TEXT).optional(),
    tags: z.array(z.string().min(1).max(64)).max(64).optional(),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.registry.forEach((e, i) => {
      if (seen.has(e.name))
        ctx.addIssue({ code: 'custom', path: ['registry', i, 'name'], message: `duplicate metric name "${e.name}"` });
      seen.add(e.name);
      if (e.extra && !e.category)
        ctx.addIssue({ code: 'custom', path: ['registry', i, 'category'], message: 'an extra column needs a section' });
    });
    const extras = m.registry.filter((e) => e.extra).length;
    if (extras > MAX_EXTRA_COLUMNS)
      ctx.addIssue({
        code: 'custom',
        path: ['registry'],
        message: `${extras} extra columns, more than the ${MAX_EXTRA_COLUMNS} a session may have`,
      });
    for (const k of Object.keys(m.notReported)) {
      if (Number(k) >= m.registry.length)
        ctx.addIssue({
          code: 'custom',
          path: ['notReported', k],
          message: `index ${k} is beyond the ${m.registry.length} metrics of the registry`,
        });
    }
  });

export type SessionMeta = z.infer<typeof SessionMetaSchema>;
export type SessionOrigin = z.infer<typeof OriginSchema>;

/** A named point on a session's timeline (user-placed; usable to align sessions in a comparison). */
export const MarkerSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** ms since the epoch, on the session's clock. */
    t: time(),
  })
  .strict();
export type SessionMarker = z.infer<typeof MarkerSchema>;

/** User-editable fields, as the library's sidecar JSON and the HTTP API carry them. */
export const UserFieldsSchema = z
  .object({
    title: z.string().max(500),
    notes: z.string().max(MAX_TEXT),
    tags: z
      .array(z.string().trim().min(1).max(64))
      .max(64)
      .transform((t) => [...new Set(t)]),
    markers: z.array(MarkerSchema).max(200),
  })
  .partial()
  .strict();
export type UserFields = z.infer<typeof UserFieldsSchema>;

/** Turn a zod failure into one line naming the field and what was expected. */
export function describeIssues(error: z.ZodError, what: string): string {
  const lines = error.issues.slice(0, 3).map((i) => {
    const where = i.path.length ? i.path.join('.') : what;
    return `${where}: ${i.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more problems)` : '';
  return `${lines.join('; ')}${more}`;
}

/** Parse SessionMeta JSON text; the error names the field. */
export function parseSessionMeta(json: string): { ok: true; meta: SessionMeta } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    return { ok: false, error: `${META_KEY} metadata is not valid JSON (${(e as Error).message})` };
  }
  const r = SessionMetaSchema.safeParse(raw);
  if (!r.success) return { ok: false, error: `${META_KEY} metadata: ${describeIssues(r.error, 'metadata')}` };
  return { ok: true, meta: r.data };
}
