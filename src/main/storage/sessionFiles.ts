import type { Stats } from 'node:fs';
import { access, open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SessionState } from '../../shared/library';
import { decodeSession, looksLikeArrow, SessionFormatError } from '../../shared/session/arrow';
import { ColumnBuilder, type SessionData } from '../../shared/session/data';
import { decodeWal, WalFormatError, walContinuation } from '../../shared/session/wal';
import { ensureZstd } from './zstd';

/** The largest session file we open (24 h at 10 Hz is ~50 MB; a year at 1 Hz ~2 GB of doubles). */
export const MAX_SESSION_BYTES = 1024 * 1024 * 1024;

/** A file that cannot be read as asked: the message names the file and what is wrong. */
export class SessionFileError extends Error {
  constructor(
    readonly file: string,
    what: string,
  ) {
    super(`${file}: ${what}`);
  }
}

export type { SessionState };

export interface OpenedSession {
  readonly path: string;
  readonly data: SessionData;
  readonly state: SessionState;
  readonly sizeBytes: number;
  /** Things the user should know: a cut-off tail, samples recovered from the journal... */
  readonly warnings: readonly string[];
  /** Samples taken from the journal (a recording in progress or interrupted). */
  readonly journalRows: number;
}

/** The journal beside a session file: foo.arrow -> foo.wal. */
export function journalPath(file: string): string {
  return `${file.replace(/\.arrow$/i, '')}.wal`;
}

export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a path exists (a file access that does not block the thread). */
export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** A file's facts, or a SessionFileError saying it is not there or cannot be read. */
export async function statFile(file: string): Promise<Stats> {
  try {
    return await stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SessionFileError(file, code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`);
  }
}

/** Read a whole file, refusing what is not a regular file or is larger than `max`. */
export async function readBounded(file: string, max: number): Promise<Buffer> {
  const st = await statFile(file);
  if (st.isDirectory()) throw new SessionFileError(file, 'is a folder, not a file');
  if (!st.isFile()) throw new SessionFileError(file, 'is not a regular file');
  if (st.size > max)
    throw new SessionFileError(
      file,
      `is ${(st.size / 2 ** 20).toFixed(0)} MiB, more than the ${max / 2 ** 20} MiB limit`,
    );
  try {
    return await readFile(file);
  } catch (e) {
    throw new SessionFileError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** The first bytes of a file (format detection, a session's metadata, a journal's header). */
export async function readHead(file: string, n = 64 * 1024): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Open a saved session (read only; never changes the file). A recording that was cut off is
 * read up to its last complete batch, plus the samples its journal (foo.wal) still holds.
 */
export async function readSessionFile(
  file: string,
  options: { journal?: boolean /** Columns in shared memory (for other threads). */; shared?: boolean } = {},
): Promise<OpenedSession> {
  await ensureZstd();
  // Told from the first bytes before the rest is read: a large file that is no session costs nothing.
  const st = await statFile(file);
  const head = st.isFile() && st.size <= MAX_SESSION_BYTES ? await readHead(file, 8).catch(() => null) : null;
  if (head && head.length > 0 && !looksLikeArrow(head))
    throw new SessionFileError(file, 'not an Arrow IPC stream (it does not start with an Arrow message)');
  const bytes = await readBounded(file, MAX_SESSION_BYTES);
  let decoded: ReturnType<typeof decodeSession>;
  try {
    decoded = decodeSession(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      shared: options.shared,
    });
  } catch (e) {
    if (e instanceof SessionFormatError) throw new SessionFileError(file, e.message);
    throw new SessionFileError(file, `cannot be decoded (${(e as Error).message})`);
  }
  const warnings = [...decoded.warnings];
  let data = decoded.data;
  let state: SessionState = decoded.closed ? 'complete' : 'interrupted';
  let journalRows = 0;
  const wal = journalPath(file);
  if (options.journal !== false && wal !== file && (await exists(wal))) {
    try {
      const j = decodeWal(await readBounded(wal, MAX_SESSION_BYTES));
      if (j.info.id !== data.meta.id) {
        warnings.push(`${basename(wal)} belongs to another session (${j.info.id}); ignored`);
      } else if (j.width !== data.meta.registry.length) {
        warnings.push(`${basename(wal)} has ${j.width} metrics, the session ${data.meta.registry.length}; ignored`);
      } else {
        const rows = walContinuation(j, data.length);
        if (rows.length) {
          const b = new ColumnBuilder(j.width, data.length + rows.length);
          b.appendBlock(data.length, data.t, data.diagnostics, data.columns);
          for (const r of rows) b.push(r.t, r.diagnostics, r.values);
          data = b.build(data.meta);
          journalRows = rows.length;
        }
        state = pidAlive(j.info.pid) ? 'recording' : 'interrupted';
        if (state === 'interrupted' && journalRows)
          warnings.push(`the recording was interrupted; ${journalRows} samples recovered from ${basename(wal)}`);
      }
    } catch (e) {
      const why = e instanceof WalFormatError || e instanceof SessionFileError ? e.message : String(e);
      warnings.push(`${basename(wal)} is unreadable (${why}); ignored`);
    }
  }
  if (state === 'interrupted' && !journalRows && !decoded.closed && !warnings.length)
    warnings.push('the file has no end marker: the recording stopped without closing it');
  return { path: file, data, state, sizeBytes: bytes.length, warnings, journalRows };
}
