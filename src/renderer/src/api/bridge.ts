import type { TidegaugeBridge } from '../../../preload/index';

export type { TidegaugeBridge } from '../../../preload/index';

declare global {
  /** The Electron preload's bridge (src/preload/index.ts); absent in a browser. */
  var tidegauge: TidegaugeBridge | undefined;
}

/** The desktop bridge when this page runs in the Electron shell, else null (the browser shell). */
export function desktopBridge(): TidegaugeBridge | null {
  const bridge = globalThis.tidegauge;
  return bridge?.transport === 'electron' ? bridge : null;
}
