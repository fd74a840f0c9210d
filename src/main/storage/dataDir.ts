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
