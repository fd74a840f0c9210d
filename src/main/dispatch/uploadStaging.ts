import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { makeOwnedDir, removeOwnedDir, sweepStaleDirs } from '../lifetime/ownedTempDir';
import { failure, RequestError } from './failure';

/*
 * The library imports from a path, so a dropped or uploaded file's bytes are staged first: in
 * a folder of our own under the system's temporary folder (tidegauge-import-<pid>-…, see
 * lifetime/ownedTempDir.ts), removed when the import ends whatever happens. A host killed
 * mid-upload leaves its folder behind; the next upload of any host removes the folders of
 * processes that are gone.
 */

/** The file name a dropped file is staged under: its base name, no folders, no control characters, never "." or "..". */
export function stagedName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters (a NUL) are what is removed
  const base = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '_');
  return base === '' || base === '.' || base === '..' ? 'upload' : base;
}

/**
 * Stage `name`'s bytes (`write` puts them at the path it is given), run `use` on the staged
 * file, remove the folder. Errors name the file the user dropped (cleaned), never the staged copy.
 */
export async function withStagedUpload<T>(
  name: string,
  write: (file: string) => Promise<void>,
  use: (file: string) => Promise<T>,
): Promise<T> {
  sweepStaleDirs('import');
  const dir = makeOwnedDir('import');
  const file = join(dir, stagedName(name));
  try {
    await write(file);
    if ((await stat(file)).size === 0) throw new RequestError(400, `${stagedName(name)}: the file is empty`);
    return await use(file);
  } catch (e) {
    // failure() names a file by its base name: the staged copy's is the dropped file's (cleaned).
    if (e instanceof RequestError) throw e;
    const f = failure(e);
    throw new RequestError(f.status, f.error);
  } finally {
    removeOwnedDir(dir);
  }
}
