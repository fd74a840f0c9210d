import { join } from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';

/*
 * The desktop window's security, as plain functions of their inputs so they are tested without
 * Electron's binary: the window options, what the page may navigate to or open, which page
 * it loads, and which sender may use the bridge.
 */

/** The window: an isolated, sandboxed page with no Node, whose only door is the preload. */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 920,
    minWidth: 900,
    minHeight: 600,
    title: 'Tidegauge',
    show: false,
    backgroundColor: '#0f1419',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  };
}

/** The parts of a WebContents the guards use. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (e: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Nothing navigates away from the app, and nothing opens a new window; https links go to the system browser. */
export function guardContents(contents: GuardedContents, openExternal: (url: string) => Promise<void>): void {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * electron-vite's dev server (`npm run dev` sets ELECTRON_RENDERER_URL), only while developing:
 * a packaged app never loads a page over the network, whatever its environment says.
 */
export function devServerOrigin(env: Readonly<Record<string, string | undefined>>, isPackaged: boolean): string | null {
  const url = env.ELECTRON_RENDERER_URL;
  if (isPackaged || !url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname) ? u.origin : null;
  } catch {
    return null;
  }
}

/** What the window loads: the built renderer, or the dev server with hot reload. */
export function rendererPage(outDir: string, devOrigin: string | null): { file: string } | { url: string } {
  return devOrigin ? { url: `${devOrigin}/` } : { file: join(outDir, 'renderer', 'index.html') };
}

/** The parts of an IPC event and a window that say who sent it. */
export interface SenderEvent<S> {
  readonly sender: S;
  readonly senderFrame: { readonly url: string } | null;
}
export interface WindowWithFrame {
  readonly webContents: { readonly mainFrame: unknown };
}

/**
 * Only our own page's main frame may use the bridge: a file:// page of the app, or, in
 * development only, a page of the dev server.
 */
export function trustedSender<S, W extends WindowWithFrame>(
  e: SenderEvent<S>,
  fromWebContents: (sender: S) => W | null,
  devOrigin: string | null,
): W | null {
  const win = fromWebContents(e.sender);
  if (!win || !e.senderFrame || e.senderFrame !== win.webContents.mainFrame) return null;
  const url = e.senderFrame.url;
  if (url.startsWith('file://')) return win;
  if (devOrigin === null) return null;
  try {
    return new URL(url).origin === devOrigin ? win : null;
  } catch {
    return null;
  }
}
