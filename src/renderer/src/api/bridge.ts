// The one exception to the renderer's layer rule, type-only: the bridge's type is the preload's
// own value (`typeof api`), so the two sides cannot drift apart. Nothing of the preload runs here.
// biome-ignore lint/style/noRestrictedImports: type-only import of the preload's bridge type
import type { TidegaugeBridge } from '../../../preload/index';

export type { TidegaugeBridge };

declare global {
  /** The Electron preload's bridge (src/preload/index.ts); absent in a browser. */
  var tidegauge: TidegaugeBridge | undefined;
}

/** The desktop bridge when this page runs in the Electron shell, else null (the browser shell). */
export function desktopBridge(): TidegaugeBridge | null {
  const bridge = globalThis.tidegauge;
  return bridge?.transport === 'electron' ? bridge : null;
}
