import { builtinRegistry, metricByName } from '../../registry';
import type { RegistryEntry } from '../../registry-types';
import type { SessionData } from '../data';
import type { SessionMeta } from '../meta';
import { type LineInfo, where } from './lines';

export type ImportFormat = 'csv' | 'irontide' | 'libtorrent';
/** Formats a report can name: the file formats, and ranges read from a Prometheus server. */
export type ReportFormat = ImportFormat | 'prometheus';

/** What an import did with each input metric; printed by `tidegauge import` and returned by the API. */
export interface ImportReport {
  readonly format: ReportFormat;
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

/** A problem in the input, at a line and column (1-based) when there are ones. The host adds the file name. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? message : `${where(line, column)}: ${message}`);
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
  /** `info` says whether the line's bytes were UTF-8 and whether it was the unterminated last one. */
  line(text: string, lineNo: number, info?: LineInfo): void;
  finish(): ImportResult;
}

/** Registry entry for a name: the built-in one when we know the name, else a plain one. */
export function entryFor(name: string, kind: 'counter' | 'gauge', unit = ''): RegistryEntry {
  const m = metricByName(name);
  if (m) return builtinRegistry()[m.index] as RegistryEntry;
  return { name, kind, unit };
}

/** At most `max` characters, with an ellipsis when cut (a file name may be longer than a label may). */
function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
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
    source: { kind: `import-${format}`, label: `Imported ${format} file ${clip(ctx.file, 200)}` },
    registry,
    notReported,
    origin: { type: 'import', format, file: clip(ctx.file, 1000) },
    ...(ctx.title ? { title: ctx.title } : {}),
  };
}

/**
 * Parse a number written by a tool: plain decimal or exponent; anything else is NaN. A number
 * too large for a double (1e309) is Infinity: callers refuse it with isFinite.
 */
export function parseNumber(s: string): number {
  const x = s.trim();
  if (x === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(x)) return Number.NaN;
  return Number(x);
}

/** Why a parsed cell is not a usable number (`"x", not a number`), or null. */
export function numberProblem(v: number, text: string): string | null {
  const shown = `"${text.trim().slice(0, 40)}"`;
  if (Number.isNaN(v)) return `${shown}, not a number`;
  if (!Number.isFinite(v)) return `${shown}, too large for a number (beyond ±1.8e308)`;
  return null;
}

/** The line's text is not UTF-8: refused with the column of the first bad byte. */
export function refuseDamagedLine(lineNo: number, info: LineInfo | undefined, _text?: string): void {
  if (info?.invalidUtf8At === null || info === undefined) return;
  throw new ImportError(
    'the text is not valid UTF-8 (save the file as UTF-8; a Latin-1 or binary file is not read)',
    lineNo,
    info.invalidUtf8At,
  );
}

/**
 * The file's last line has no line break after it: it may have been cut off mid-value (234567
 * read as 234), and nothing in a CSV or log line tells a cut value from a short one. The line is
 * left out (every complete line is kept) and the report says so, with how to keep it.
 */
export function unterminatedNote(lineNo: number): string {
  return `line ${lineNo}, the last, has no line break after it, so it may be cut off (a value such as 234567 read as 234): it was left out; if the file is complete, end it with a line break to keep that sample`;
}
