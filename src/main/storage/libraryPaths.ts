import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LibraryError } from './libraryError';
import { exists, journalPath } from './sessionFiles';

/*
 * Where a library session's files are: <dir>/<id>.arrow (the session, append-only),
 * <id>.json (the sidecar: what the user edits, and a cached summary), <id>.wal while recording.
 */

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function isSessionId(id: string): boolean {
  return ID.test(id);
}

/** The session file of `id`; an id that could name a path outside the folder is refused. */
export function sessionPath(dir: string, id: string): string {
  if (!ID.test(id)) throw new LibraryError(400, `"${id.slice(0, 80)}" is not a session id`);
  return join(dir, `${id}.arrow`);
}

export function sidecarPath(dir: string, id: string): string {
  return join(dir, `${id}.json`);
}

/** The session file of `id`, which must exist. */
export async function existingSession(dir: string, id: string): Promise<string> {
  const file = sessionPath(dir, id);
  if (!(await exists(file))) throw new LibraryError(404, `no session "${id}"`);
  return file;
}

/** What identifies a file's contents for the caches; null while a journal is beside it (it may grow). */
export async function fileStamp(file: string): Promise<string | null> {
  if (await exists(journalPath(file))) return null;
  const st = await stat(file);
  return `${st.size}:${st.mtimeMs}`;
}
