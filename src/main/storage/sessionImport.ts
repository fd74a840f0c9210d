import { randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  linkSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { encodeSession } from '../../shared/session/arrow';
import { type SessionData, sliceByTime, type TimeRange } from '../../shared/session/data';
import {
  csvLines,
  detectFormat,
  ImportError,
  type ImportFormat,
  type ImportReport,
  LineError,
  LineSplitter,
  makeImporter,
} from '../../shared/session/import/index';
import { APP_VERSION } from '../version';
import { MAX_SESSION_BYTES, type OpenedSession, readHead, readSessionFile, SessionFileError } from './sessionFiles';
import { ensureZstd } from './zstd';

/** Text inputs (CSV, logs, dumps) larger than this are refused. */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024 * 1024;

export interface ImportOptions {
  /** 'auto' (default) looks at the file. */
  readonly format?: ImportFormat | 'auto';
  /** Seconds between samples for inputs without times (default 1). */
  readonly intervalS?: number;
  /** ms epoch of the first sample for inputs without times (default: the file's mtime minus the duration). */
  readonly startMs?: number;
  readonly title?: string;
  readonly keepUnmapped?: boolean;
  /** Id of the new session (default: made from the file name). */
  readonly id?: string;
}

export interface Imported {
  readonly data: SessionData;
  readonly report: ImportReport;
}

function idFromFile(file: string): string {
  const base =
    basename(file)
      .replace(/\.[^.]*$/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .slice(0, 80) || 'session';
  return `${base}-${randomBytes(2).toString('hex')}`;
}

/** Which format a file is in, or a SessionFileError saying why it cannot tell. */
export function detectFileFormat(file: string): ImportFormat | 'session' {
  let head: Uint8Array;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new SessionFileError(file, 'is a folder, not a file');
    head = readHead(file);
  } catch (e) {
    if (e instanceof SessionFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new SessionFileError(file, code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`);
  }
  const d = detectFormat(head, basename(file));
  if ('error' in d) throw new SessionFileError(file, d.error);
  return d.format;
}

/**
 * Convert a CSV, irontide dump or libtorrent log into a session in memory. Streams the file
 * line by line; any problem throws SessionFileError naming the file and the line.
 */
export async function importFile(file: string, options: ImportOptions = {}): Promise<Imported> {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SessionFileError(file, code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`);
  }
  if (st.size > MAX_IMPORT_BYTES)
    throw new SessionFileError(
      file,
      `is ${(st.size / 2 ** 30).toFixed(1)} GiB, more than the ${MAX_IMPORT_BYTES / 2 ** 30} GiB import limit`,
    );
  const format = !options.format || options.format === 'auto' ? detectFileFormat(file) : options.format;
  if (format === 'session')
    throw new SessionFileError(file, 'is already a Tidegauge session (Arrow); open or export it instead of importing');
  const intervalMs = Math.round((options.intervalS ?? 1) * 1000);
  // Without times in the file, assume it ended when it was last written.
  const run = async (startMs: number, startFrom: string) => {
    const importer = makeImporter(format, {
      id: options.id ?? idFromFile(file),
      appVersion: APP_VERSION,
      file: basename(file),
      intervalMs,
      startMs,
      startFrom,
      title: options.title,
      keepUnmapped: options.keepUnmapped,
    });
    const lines = new LineSplitter((line, n) => importer.line(line, n));
    try {
      for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) lines.push(chunk as Buffer);
      lines.end();
      return importer.finish();
    } catch (e) {
      if (e instanceof ImportError || e instanceof LineError)
        throw new SessionFileError(file, `${format}: ${e.message}`);
      const code = (e as NodeJS.ErrnoException).code;
      if (code) throw new SessionFileError(file, `cannot be read (${code})`);
      throw e;
    }
  };
  if (options.startMs !== undefined) return run(options.startMs, 'given with --start');
  const first = await run(st.mtimeMs, "the file's modification time");
  if (format === 'csv' || first.data.length < 2) return first;
  // A second pass is cheaper than shifting every column: the start is mtime minus the duration.
  const start = Math.round(st.mtimeMs - (first.data.length - 1) * intervalMs);
  return run(start, "the file's modification time minus the duration");
}

/** Open a session file, or import any other supported file in memory (for `info`). */
export async function loadAny(
  file: string,
  options: ImportOptions = {},
): Promise<{ opened: OpenedSession | null; imported: Imported | null; data: SessionData }> {
  const format = !options.format || options.format === 'auto' ? detectFileFormat(file) : options.format;
  if (format === 'session') {
    const opened = await readSessionFile(file);
    return { opened, imported: null, data: opened.data };
  }
  const imported = await importFile(file, { ...options, format });
  return { opened: null, imported, data: imported.data };
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/**
 * Write `chunks` to `out` all at once: into a temporary file beside it, then linked into place
 * (which fails if `out` exists) or, with force, renamed over it. A failure leaves no partial file.
 */
export function writeOutput(
  out: string,
  chunks: Iterable<Uint8Array | string>,
  options: { force?: boolean; inputs?: string[] } = {},
): number {
  for (const input of options.inputs ?? [])
    if (existsSync(out) && sameFile(input, out))
      throw new SessionFileError(out, 'is the input file; choose another output');
  if (existsSync(out) && !options.force) throw new SessionFileError(out, 'already exists (use --force to replace it)');
  const dir = dirname(resolve(out));
  if (!existsSync(dir)) throw new SessionFileError(out, `its folder ${dir} does not exist`);
  const tmp = join(dir, `.${basename(out)}.${randomBytes(4).toString('hex')}.tmp`);
  let size = 0;
  const fd = openSync(tmp, 'wx');
  try {
    const enc = new TextEncoder();
    let pending: string[] = [];
    let pendingLen = 0;
    const flushText = () => {
      if (!pending.length) return;
      const b = enc.encode(pending.join(''));
      writeSync(fd, b);
      size += b.length;
      pending = [];
      pendingLen = 0;
    };
    for (const c of chunks) {
      if (typeof c === 'string') {
        pending.push(c);
        pendingLen += c.length;
        if (pendingLen > 1 << 20) flushText();
      } else {
        flushText();
        writeSync(fd, c);
        size += c.length;
      }
    }
    flushText();
    closeSync(fd);
    if (options.force) renameSync(tmp, out);
    else {
      linkSync(tmp, out);
      unlinkSync(tmp);
    }
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // closed already
    }
    if (existsSync(tmp)) unlinkSync(tmp);
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new SessionFileError(out, 'already exists (use --force to replace it)');
    throw e;
  }
  return size;
}

/** Write a session as an Arrow session file (ZSTD batches of up to 4096 samples). */
export async function writeSessionFile(
  data: SessionData,
  out: string,
  options: { force?: boolean; inputs?: string[] } = {},
): Promise<number> {
  await ensureZstd();
  return writeOutput(out, [encodeSession(data, { batchRows: 4096 })], options);
}

export type ExportFormat = 'csv' | 'arrow';

/** Export a whole session or a time range of it as CSV or Arrow. */
export async function exportSession(
  data: SessionData,
  out: string,
  options: {
    format: ExportFormat;
    range?: TimeRange;
    force?: boolean;
    inputs?: string[];
    user?: { title?: string; notes?: string; tags?: string[] };
  },
): Promise<{ bytes: number; samples: number }> {
  let sliced = options.range ? sliceByTime(data, options.range) : data;
  if (options.range && sliced.length === 0)
    throw new SessionFileError(
      out,
      `the range ${options.range.fromS ?? 0}..${options.range.toS ?? 'end'} s holds no samples`,
    );
  if (options.format === 'csv') {
    const bytes = writeOutput(
      out,
      (function* () {
        for (const line of csvLines(sliced)) yield `${line}\n`;
      })(),
      options,
    );
    return { bytes, samples: sliced.length };
  }
  const range = options.range;
  sliced = {
    ...sliced,
    meta: {
      ...sliced.meta,
      ...options.user,
      startedAt: sliced.length ? (sliced.t[0] as number) : sliced.meta.startedAt,
      origin: range
        ? { type: 'export', from: data.meta.id, range: { fromS: range.fromS ?? null, toS: range.toS ?? null } }
        : sliced.meta.origin,
    },
  };
  const bytes = await writeSessionFile(sliced, out, options);
  return { bytes, samples: sliced.length };
}

export { MAX_SESSION_BYTES };
