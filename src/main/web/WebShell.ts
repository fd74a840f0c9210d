import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { type HostEvent, parseClientCommand } from '../../shared/api';
import { toPrometheusText } from '../../shared/prometheus';
import { encodeSnapshot } from '../../shared/snapshot';
import { applyCommand } from '../host/commands';
import type { StatsHost } from '../host/StatsHost';
import { handleLibraryRequest, isLibraryPath, type LibraryRoutesOptions } from './libraryRoutes';

export interface WebShellOptions {
  host: StatsHost;
  /** Folder with the built renderer (index.html and assets). */
  staticDir: string;
  /** Address to bind; default 127.0.0.1. Anything but loopback requires a token. */
  bind?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Access token; generated when binding beyond loopback and none is given. */
  token?: string;
  /** Saved sessions: mounts /api/v1/library and /api/v1/sessions (see libraryRoutes.ts). */
  library?: LibraryRoutesOptions;
  /** Library ids to show the first browser that connects (`serve FILE…`). */
  openOnConnect?: readonly string[];
}

export interface WebShell {
  /** The URL to open, with the token when one is required. */
  readonly url: string;
  readonly port: number;
  readonly token: string | null;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function isLoopback(address: string): boolean {
  return LOOPBACK.has(address) || address.startsWith('127.');
}

/**
 * The browser shell: serves the renderer, streams the host's events over a WebSocket, and
 * answers the JSON and Prometheus endpoints. Listens on 127.0.0.1 unless told otherwise.
 */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const { host } = options;
  const bind = options.bind ?? '127.0.0.1';
  const token = options.token ?? (isLoopback(bind) ? null : randomBytes(18).toString('base64url'));
  if (!existsSync(join(options.staticDir, 'index.html'))) {
    throw new Error(`the renderer build is missing (${join(options.staticDir, 'index.html')}); run \`npm run build\``);
  }

  const pendingOpen = [...(options.openOnConnect ?? [])];
  const server: Server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      send(res, 500, 'text/plain; charset=utf-8', `internal error: ${(e as Error).message}\n`);
    }
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  let port = 0;
  const hostAllowed = (req: IncomingMessage): boolean => {
    // Defeat DNS rebinding on loopback: the Host header must name us, not some other site.
    if (!isLoopback(bind)) return true;
    const h = req.headers.host ?? '';
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(h);
  };
  const authorized = (req: IncomingMessage, url: URL): boolean => {
    if (!token) return true;
    const given = url.searchParams.get('token') ?? (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!hostAllowed(req)) return send(res, 421, 'text/plain; charset=utf-8', 'unexpected Host header\n');
    if (options.library && isLibraryPath(url.pathname)) {
      if (!authorized(req, url)) return send(res, 401, 'application/json', '{"error":"access token required"}');
      // The handler answers its own errors; anything that still escapes must not take the host down.
      handleLibraryRequest(req, res, url, options.library).catch(() => {
        if (res.headersSent) res.destroy();
        else send(res, 500, 'application/json', '{"error":"internal error"}');
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'text/plain; charset=utf-8', `${req.method} is not allowed\n`, { allow: 'GET, HEAD' });
    }
    const isAsset = url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg';
    if (!isAsset && !authorized(req, url)) {
      return send(
        res,
        401,
        'text/plain; charset=utf-8',
        'this Tidegauge needs its access token: open the URL it printed\n',
      );
    }
    if (url.pathname === '/api/v1/session/counters') {
      const values = host.counters.snapshot();
      const body = host.registry.map((e, i) => ({ name: e.name, kind: e.kind, value: values[i] }));
      return send(res, 200, 'application/json', JSON.stringify(body));
    }
    if (url.pathname === '/api/v1/session/info') {
      return send(res, 200, 'application/json', JSON.stringify(host.hello()));
    }
    if (url.pathname === '/metrics') {
      const text = toPrometheusText(host.registry, host.counters.snapshot(), host.state());
      return send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', text);
    }
    return serveStatic(url.pathname, res);
  }

  function serveStatic(pathname: string, res: ServerResponse): void {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = normalize(join(options.staticDir, rel));
    if (!file.startsWith(normalize(options.staticDir) + sep)) return send(res, 404, 'text/plain', 'not found\n');
    if (!existsSync(file) || !statSync(file).isFile())
      return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': csp(),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': rel === 'index.html' ? 'no-cache' : 'max-age=3600',
    });
    createReadStream(file).pipe(res);
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    const originOk = !origin || origin === `http://${req.headers.host}`;
    if (url.pathname !== '/ws' || !hostAllowed(req) || !originOk || !authorized(req, url)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket): void {
    const sendEvent = (e: HostEvent) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (e.type === 'snapshot') {
        // A slow client gets fewer frames rather than an ever-growing buffer.
        if (ws.bufferedAmount > 1 << 20) return;
        ws.send(encodeSnapshot(e.snapshot), { binary: true });
      } else ws.send(JSON.stringify(e));
    };
    const onSnap = (snapshot: Parameters<typeof encodeSnapshot>[0]) => sendEvent({ type: 'snapshot', snapshot });
    const onStatus = (s: HostEvent) => sendEvent(s);
    sendEvent(host.hello());
    if (pendingOpen.length) sendEvent({ type: 'open', ids: pendingOpen.splice(0) });
    const last = host.latest();
    if (last) sendEvent({ type: 'snapshot', snapshot: last });
    host.on('snapshot', onSnap);
    host.on('status', onStatus);
    ws.on('message', (data, isBinary) => {
      let raw: unknown;
      try {
        if (isBinary) throw new Error('binary');
        raw = JSON.parse(String(data));
      } catch {
        ws.send(JSON.stringify({ type: 'error', message: 'invalid command: expected a JSON text message' }));
        return;
      }
      const parsed = parseClientCommand(raw);
      if (!parsed.ok) {
        ws.send(JSON.stringify({ type: 'error', message: parsed.error }));
        return;
      }
      void applyCommand(host, options.library?.recorder ?? null, parsed.command).then(
        (problem) => problem && ws.send(JSON.stringify({ type: 'error', message: problem })),
        (e: Error) => ws.send(JSON.stringify({ type: 'error', message: e.message })),
      );
    });
    ws.on('close', () => {
      host.off('snapshot', onSnap);
      host.off('status', onStatus);
    });
    ws.on('error', () => ws.terminate());
  }

  function csp(): string {
    return [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      `connect-src 'self' ws://${bind.includes(':') ? `[${bind}]` : bind}:${port} ws://localhost:${port}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ].join('; ');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bind, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = bind.includes(':') ? `[${bind}]` : bind;
  const url = `http://${shownHost}:${port}/${token ? `?token=${token}` : ''}`;

  return {
    url,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', ...extra });
  res.end(body);
}
