/*
 * The Content-Security-Policy of the renderer, for both shells (the browser shell sends it with
 * every page, the Electron shell with every response its window loads). Scripts only from the
 * app itself, no plugins, no framing, no forms; inline styles are allowed because Recharts sets
 * them.
 */

export interface CspOptions {
  /** Where the page may connect besides its own origin (the browser shell's WebSocket). */
  readonly connect?: readonly string[];
  /**
   * electron-vite's dev server (`npm run dev`): its HMR client and React's refresh preamble, an
   * inline script. Only ever set in development, never for a packaged app or `serve`.
   */
  readonly devServer?: string;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServer;
  const ws = dev ? dev.replace(/^http/, 'ws') : null;
  return [
    "default-src 'self'",
    dev ? `script-src 'self' 'unsafe-inline' ${dev}` : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    ["connect-src 'self'", ...(options.connect ?? []), ...(ws ? [ws] : [])].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
