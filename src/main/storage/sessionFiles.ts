import type { Stats } from 'node:fs';
import { access, open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SessionState } from '../../shared/library';
import {
  type DamagedPart,
  type DecodedSession,
  decodeSession,
  looksLikeArrow,
  SessionFormatError,
} from '../../shared/session/arrow';
import type { SessionData } from '../../shared/session/data';
import { foldJournal, type JournalFold } from '../../shared/session/journal';
import { ownerAlive } from './journalOwner';
import { ensureZstd } from './zstd';

/** The largest session file we open (24 h at 10 Hz is ~50 MB; a year at 1 Hz ~2 GB of doubles). */
export const MAX_SESSION_BYTES = 1024 * 1024 * 1024;

/**
 * A file that cannot be read as asked: the message names the file and what is wrong. `access`:
 * it could not be got at (missing, no permission), which may pass; `content`: its bytes are
 * wrong, and stay wrong until the file changes.
 */
export class SessionFileError extends Error {
  constructor(
    readonly file: string,
    what: string,
    readonly kind: 'access' | 'content' = 'content',
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
  /** Parts of the file that could not be read (each also a warning); the rest opened. */
  readonly damaged: readonly DamagedPart[];
  /** The journal beside the file, folded in: null when there is none (or it was not asked for). */
  readonly journal: JournalState | null;
}

/** The journal beside a session file: foo.arrow -> foo.wal. */
export function journalPath(file: string): string {
  return `${file.replace(/\.arrow$/i, '')}.wal`;
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
    throw new SessionFileError(file, code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`, 'access');
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
    throw new SessionFileError(
      file,
      `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      'access',
    );
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

/** What came of the journal beside a session file (the fold itself, without its samples). */
export type JournalState = Omit<JournalFold, 'data'>;

/** Read and fold the journal `wal`; a journal that cannot even be read is kept, never thrown. */
async function readJournal(decoded: DecodedSession, wal: string): Promise<JournalFold> {
  const name = basename(wal);
  let bytes: Buffer;
  try {
    bytes = await readBounded(wal, MAX_SESSION_BYTES);
  } catch (e) {
    const why = e instanceof SessionFileError ? e.message.replace(`${wal}: `, '') : (e as Error).message;
    const reason = `${name} cannot be read (${why}); nothing folded, the journal is kept`;
    return {
      data: decoded.data,
      folded: 0,
      foldedEvents: 0,
      lost: 0,
      owner: null,
      verdict: 'unreadable',
      keep: true,
      reason,
    };
  }
  return foldJournal(decoded, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), name);
}

export interface ReadSessionOptions {
  /** Fold in the journal beside the file (default true; false when importing a copy). */
  readonly journal?: boolean;
  /** Columns in shared memory (for other threads). */
  readonly shared?: boolean;
  /** Refuse a file whose columns would decode to more than this (default MAX_DECODED_BYTES). */
  readonly maxDecodedBytes?: number;
  /**
   * Whether this process is writing the journal (a worker thread is told by the thread that
   * asks; default: this thread's own registry, see journalOwner.ts).
   */
  readonly writing?: boolean;
}

/**
 * Open a saved session (read only; never changes the file). A recording that was cut off is
 * read up to its last complete batch, plus the samples its journal (foo.wal) still holds.
 */
export async function readSessionFile(file: string, options: ReadSessionOptions = {}): Promise<OpenedSession> {
  await ensureZstd();
  // Told from the first bytes before the rest is read: a large file that is no session costs nothing.
  const st = await statFile(file);
  const head = st.isFile() && st.size <= MAX_SESSION_BYTES ? await readHead(file, 8).catch(() => null) : null;
  if (head && head.length > 0 && !looksLikeArrow(head))
    throw new SessionFileError(file, 'not an Arrow IPC stream (it does not start with an Arrow message)');
  const bytes = await readBounded(file, MAX_SESSION_BYTES);
  let decoded: DecodedSession;
  try {
    decoded = decodeSession(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      shared: options.shared,
      maxDecodedBytes: options.maxDecodedBytes,
    });
  } catch (e) {
    if (e instanceof SessionFormatError) throw new SessionFileError(file, e.message);
    throw new SessionFileError(file, `cannot be decoded (${(e as Error).message})`);
  }
  const warnings = [...decoded.warnings];
  let data = decoded.data;
  let state: SessionState = decoded.closed ? 'complete' : 'interrupted';
  let journalRows = 0;
  let journal: JournalState | null = null;
  const wal = journalPath(file);
  if (options.journal !== false && wal !== file && (await exists(wal))) {
    const { data: folded, ...f } = await readJournal(decoded, wal);
    journal = f;
    data = folded;
    journalRows = f.folded;
    if (f.owner && ownerAlive(f.owner, wal, options.writing)) state = 'recording';
    else {
      state = 'interrupted';
      if (f.folded) warnings.push(`the recording was interrupted; ${f.folded} samples recovered from ${basename(wal)}`);
      if (f.reason) warnings.push(f.reason);
    }
  }
  if (state === 'interrupted' && !journalRows && !decoded.closed && !warnings.length)
    warnings.push('the file has no end marker: the recording stopped without closing it');
  return {
    path: file,
    data,
    state,
    sizeBytes: bytes.length,
    warnings,
    journalRows,
    damaged: decoded.damaged,
    journal,
  };
}
