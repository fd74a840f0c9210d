import { builtinRegistry, metricByName } from '../../registry';
import type { RegistryEntry } from '../../registry-types';
import type { SessionData } from '../data';
import type { SessionMeta } from '../meta';

export type ImportFormat = 'csv' | 'irontide' | 'libtorrent';

/** What an import did with each input metric; printed by `tidegauge import` and returned by the API. */
export interface ImportReport {
  readonly format: ImportFormat;
  readonly samples: number;
  /** Input name -> our metric name (the same name when it already matched). */
  readonly mapped: readonly { readonly from: string; readonly to: string }[];
  /** Our metrics computed from one or more input metrics. */
  readonly derived: readonly { readonly to: string; readonly from: readonly string[]; readonly how: string }[];
  /** Input metrics kept under their own name: not in the built-in registry. */
  readonly kept: readonly string[];
  /** Input metrics (or columns) not carried into the session. */
  readonly leftOut: readonly string[];
  /** Other things worth knowing (assumed start time, skipped lines...). */
  readonly notes: readonly string[];
}

export interface ImportResult {
  readonly data: SessionData;
  readonly report: ImportReport;
}

/** A problem in the input, at a line (1-based) when there is one. The host adds the file name. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}

/** Everything about the output session that is not in the input. */
export interface ImportContext {
  readonly id: string;
  readonly appVersion: string;
  /** Base name of the input file. */
  readonly file: string;
  /** Sample interval in ms for inputs without timestamps (default 1000). */
  readonly intervalMs: number;
  /** ms epoch of the first sample for inputs without timestamps. */
  readonly startMs: number;
  /** Where startMs came from, for the report (e.g. "the file's modification time"). */
  readonly startFrom: string;
  readonly title?: string;
  /** libtorrent: keep metrics that map to nothing of ours under "libtorrent.<name>". */
  readonly keepUnmapped?: boolean;
}

/** An importer takes the input line by line, so a large log never sits in memory as text. */
export interface LineImporter {
  line(text: string, lineNo: number): void;
  finish(): ImportResult;
}

/** Registry entry for a name: the built-in one when we know the name, else a plain one. */
export function entryFor(name: string, kind: 'counter' | 'gauge', unit = ''): RegistryEntry {
  const m = metricByName(name);
  if (m) return builtinRegistry()[m.index] as RegistryEntry;
  return { name, kind, unit };
}

export function baseMeta(
  ctx: ImportContext,
  format: ImportFormat,
  registry: RegistryEntry[],
  notReported: Record<string, string>,
  startedAt: number,
  intervalMs: number,
): SessionMeta {
  return {
    format: 'tidegauge-session',
    version: 1,
    id: ctx.id,
    appVersion: ctx.appVersion,
    startedAt,
    intervalMs,
    source: { kind: `import-${format}`, label: `Imported ${format} file ${ctx.file}` },
    registry,
    notReported,
    origin: { type: 'import', format, file: ctx.file },
    ...(ctx.title ? { title: ctx.title } : {}),
  };
}

/** Parse a number written by a tool: plain decimal or exponent; anything else is an error. */
export function parseNumber(s: string): number {
  const x = s.trim();
  if (x === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(x)) return Number.NaN;
  return Number(x);
}
