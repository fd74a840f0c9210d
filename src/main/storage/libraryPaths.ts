import { copyFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { LibraryError } from './libraryError';
import { exists, journalPath } from './sessionFiles';

/*
 * Where a library session's files are: <dir>/<id>.arrow (the session, append-only),
 * <id>.json (the sidecar: what the user edits, and a cached summary), <id>.wal while recording,
 * and files kept because they could not be folded in (<id>.wal.damaged, <id>.arrow.damaged).
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

/** The session's files and their journal's, by size and time: what the memory of a failed decode holds to. */
export async function filesStamp(file: string): Promise<string> {
  const st = await stat(file);
  const own = `${st.size}:${st.mtimeMs}`;
  try {
    const w = await stat(journalPath(file));
    return `${own}|${w.size}:${w.mtimeMs}`;
  } catch {
    return own;
  }
}

/**
 * Move the files of session `id` into `dir`, keeping their names; when one of them is taken
 * there, every name gets the same suffix after the id (<id>~2.arrow, <id>~2.json...). Returns
 * the names they have there.
 */
export async function moveInto(dir: string, id: string, files: readonly string[]): Promise<string[]> {
  for (let n = 1; ; n++) {
    const names = files.map((f) => (n === 1 ? basename(f) : `${id}~${n}${basename(f).slice(id.length)}`));
    const taken = await Promise.all(names.map((name) => exists(join(dir, name))));
    if (taken.some(Boolean)) continue;
    for (const [i, f] of files.entries()) {
      const to = join(dir, names[i] as string);
      await rename(f, to).catch(async (e: NodeJS.ErrnoException) => {
        // Another file system (a data folder spread over mounts): copy, then remove.
        if (e.code !== 'EXDEV') throw e;
        await copyFile(f, to);
        await unlink(f);
      });
    }
    return names;
  }
}
