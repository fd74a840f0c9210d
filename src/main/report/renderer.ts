import { findChromium } from './chromium';
import { chromiumDriver } from './chromium-driver';
import type { CaptureDriver, ReportRenderer } from './driver';
import { electronDriver, findElectron } from './electron';
import { ElectronNotFoundError, NoBrowserError } from './errors';

/*
 * Which renderer draws a headless report (`--renderer auto|electron|chromium`):
 *   electron  Electron's offscreen window: $TIDEGAUGE_ELECTRON, else the project's electron package
 *             when its binary is installed; an error naming both ways out when there is none.
 *   chromium  a system Chromium: --chromium PATH, else $TIDEGAUGE_CHROMIUM, else a standard location.
 *   auto      a Chromium you named (--chromium or $TIDEGAUGE_CHROMIUM) wins; else Electron where it
 *             is installed; else a Chromium at a standard location; else one message naming all.
 */

export const RENDERERS = ['auto', 'electron', 'chromium'] as const;
export type RendererOption = (typeof RENDERERS)[number];

export interface EngineChoice {
  readonly renderer: ReportRenderer;
  readonly path: string;
  /** How it was found: --chromium, an environment variable, a standard location, the electron package. */
  readonly via: 'option' | 'env' | 'system' | 'package';
}

export interface EngineLookup {
  /** --chromium PATH */
  readonly chromium?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Where the electron package is resolved from (default: the project). */
  readonly electronFrom?: string;
  /** Where to look for a system Chromium (default: the standard locations). */
  readonly chromiumCandidates?: readonly string[];
}

export function chooseRenderer(option: RendererOption, look: EngineLookup = {}): EngineChoice {
  const env = look.env ?? process.env;
  const electron = () => findElectron({ env, from: look.electronFrom });
  const chromium = (explicit?: string) => findChromium(explicit, env, look.chromiumCandidates);
  if (option === 'electron') {
    const e = electron();
    if (!e) throw new ElectronNotFoundError();
    return { renderer: 'electron', ...e };
  }
  if (option === 'chromium') {
    const c = chromium(look.chromium);
    if (!c) throw new NoBrowserError(false);
    return { renderer: 'chromium', ...c };
  }
  if (look.chromium || env.TIDEGAUGE_CHROMIUM) {
    const c = chromium(look.chromium);
    if (c) return { renderer: 'chromium', ...c };
  }
  const e = electron();
  if (e) return { renderer: 'electron', ...e };
  const c = chromium();
  if (c) return { renderer: 'chromium', ...c };
  throw new NoBrowserError(true);
}

export function driverFor(choice: EngineChoice): CaptureDriver {
  return choice.renderer === 'electron' ? electronDriver(choice) : chromiumDriver(choice);
}
