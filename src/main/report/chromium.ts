import { existsSync } from 'node:fs';
import { EngineError } from './errors';

/** Where Chromium-family browsers live on the systems our users run. */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export interface BrowserChoice {
  readonly path: string;
  /** How it was found: the --chromium option, $TIDEGAUGE_CHROMIUM, or a standard location. */
  readonly via: 'option' | 'env' | 'system';
}

/**
 * The Chromium to render headless reports with. An explicit path that does not exist is an
 * error (the user asked for it); otherwise null when none is installed.
 */
export function findChromium(
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = CANDIDATES,
): BrowserChoice | null {
  if (explicit) {
    if (!existsSync(explicit)) throw new EngineError(`--chromium ${explicit}: no such file`);
    return { path: explicit, via: 'option' };
  }
  const fromEnv = env.TIDEGAUGE_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new EngineError(`TIDEGAUGE_CHROMIUM=${fromEnv}: no such file`);
    return { path: fromEnv, via: 'env' };
  }
  const found = candidates.find((p) => existsSync(p));
  return found ? { path: found, via: 'system' } : null;
}

/** The flags that let Chromium run headless on a locked-down machine without phoning home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
