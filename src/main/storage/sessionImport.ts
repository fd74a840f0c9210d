import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { decodeSession, encodeSession } from '../../shared/session/arrow';
import type { SessionData } from '../../shared/session/data';
import {
  detectFormat,
  ImportError,
  type ImportFormat,
  type ImportReport,
  LineError,
  LineSplitter,
  makeImporter,
} from '../../shared/session/import/index';
import { APP_VERSION } from '../version';
import {
  MAX_SESSION_BYTES,
  type OpenedSession,
  readHead,
  readSessionFile,
  SessionFileError,
  statFile,
} from './sessionFiles';
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
export async function detectFileFormat(file: string): Promise<ImportFormat | 'session'> {
  if ((await statFile(file)).isDirectory()) throw new SessionFileError(file, 'is a folder, not a file');
  let head: Uint8Array;
  try {
    head = await readHead(file);
  } catch (e) {
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
  const st = await statFile(file);
  if (st.size > MAX_IMPORT_BYTES)
    throw new SessionFileError(
      file,
      `is ${(st.size / 2 ** 30).toFixed(1)} GiB, more than the ${MAX_IMPORT_BYTES / 2 ** 30} GiB import limit`,
    );
  const format = !options.format || options.format === 'auto' ? await detectFileFormat(file) : options.format;
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
    const lines = new LineSplitter((line, n, info) => importer.line(line, n, info));
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

/** An import as the bytes of a session file, ready to be written. */
export interface EncodedImport {
  readonly bytes: Uint8Array;
  readonly report: ImportReport;
  readonly samples: number;
  readonly metrics: number;
}

/**
 * Encode an imported session and read the bytes back with the reader's own decoder, so an
 * import never reports success for a file that would not open: `file` is the input, named in
 * the error.
 */
export async function encodeChecked(data: SessionData, file: string): Promise<Uint8Array> {
  await ensureZstd();
  let bytes: Uint8Array;
  try {
    bytes = encodeSession(data, { batchRows: 4096 });
  } catch (e) {
    throw new SessionFileError(
      file,
      `the imported session cannot be encoded (${(e as Error).message}); nothing was written`,
    );
  }
  if (bytes.length > MAX_SESSION_BYTES)
    throw new SessionFileError(
      file,
      `the session would be ${Math.ceil(bytes.length / 2 ** 20)} MiB, more than the ${MAX_SESSION_BYTES / 2 ** 20} MiB a session file may be; split the input`,
    );
  let problem: string | null = null;
  try {
    const back = decodeSession(bytes);
    if (back.data.length !== data.length) problem = `${back.data.length} of ${data.length} samples read back`;
    else if (back.warnings.length) problem = back.warnings.join('; ');
  } catch (e) {
    problem = (e as Error).message;
  }
  if (problem)
    throw new SessionFileError(file, `the imported session does not read back (${problem}); nothing was written`);
  return bytes;
}

/** Import a file into the bytes of a checked session file (what `import` and the library write). */
export async function importToBytes(file: string, options: ImportOptions = {}): Promise<EncodedImport> {
  const { data, report } = await importFile(file, options);
  const bytes = await encodeChecked(data, file);
  return { bytes, report, samples: data.length, metrics: data.meta.registry.length };
}

/** Open a session file, or import any other supported file in memory (for `info`). */
export async function loadAny(
  file: string,
  options: ImportOptions = {},
): Promise<{ opened: OpenedSession | null; imported: Imported | null; data: SessionData }> {
  const format = !options.format || options.format === 'auto' ? await detectFileFormat(file) : options.format;
  if (format === 'session') {
    const opened = await readSessionFile(file);
    return { opened, imported: null, data: opened.data };
  }
  const imported = await importFile(file, { ...options, format });
  return { opened: null, imported, data: imported.data };
}
