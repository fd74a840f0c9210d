import { accessSync, constants, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Tidegauge keeps its data (saved sessions live in <dir>/sessions): --data-dir, else
 * $TIDEGAUGE_DATA_DIR, else the platform's user data folder (the same places Electron's
 * app.getPath('userData') uses on macOS and Windows).
 */
export function resolveDataDir(
  flag?: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (flag) return flag;
  if (env.TIDEGAUGE_DATA_DIR) return env.TIDEGAUGE_DATA_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Tidegauge');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Tidegauge');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'tidegauge');
}

export function sessionsDir(dataDir: string): string {
  return join(dataDir, 'sessions');
}

/** The data folder cannot hold sessions: the message names it and says why. */
export class DataDirError extends Error {}

/**
 * Make <dataDir>/sessions if need be and check it can be written, before a host starts
 * anything: a folder it cannot use is a clear error at once, not a recording that fails later
 * with a server already listening. Returns the sessions folder.
 */
export function prepareDataDir(dataDir: string): string {
  const dir = sessionsDir(dataDir);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.R_OK | constants.W_OK);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOTDIR' ? 'a file is in the way' : err.code === 'EROFS' ? 'read-only' : err.code;
    throw new DataDirError(`cannot keep sessions in ${dir} (${why ?? err.message})`);
  }
  return dir;
}
