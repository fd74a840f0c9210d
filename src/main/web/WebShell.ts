import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { toPrometheusText } from '../../shared/prometheus';
import { contentSecurityPolicy } from '../csp';
import { createDispatcher } from '../dispatch/Dispatcher';
import { withoutPaths } from '../dispatch/failure';
import type { LiveLimits } from '../dispatch/LiveClient';
import type { SourceSwitchOptions } from '../dispatch/sourceHandlers';
import type { Recorder } from '../live/recorder';
import type { StatsHost } from '../live/statsHost';
import type { SessionLibrary } from '../storage/sessionLibrary';
import { handleApiRequest, isApiPath } from './apiRoutes';
import { countersJson } from './counters';
import { eventsSockets } from './eventsSocket';
import { send } from './http';
import { handleIrontideRequest, IRONTIDE_PATHS } from './irontideApi';
import { liveSockets } from './liveSockets';
import { applyLimits, HTTP_LIMITS, type HttpLimits, serverOptions } from './serverLimits';

export interface LibraryRoutesOptions {
  readonly library: SessionLibrary;
  readonly recorder?: Recorder | null;
  /** Largest upload accepted by the import route (default 512 MiB). */
  readonly maxUpload?: number;
}

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
  /** Saved sessions: mounts /api/v1/library, /api/v1/sessions and /api/v1/compare (see apiRoutes.ts). */
  library?: LibraryRoutesOptions;
  /** Library ids to show the first browser that connects (`serve FILE…`). */
  openOnConnect?: readonly string[];
  /** Most browser pages connected at once (default 16); one more is told so and turned away. */
  maxClients?: number;
  /** WebSocket heartbeat in ms (default 15000): a page that misses two is dropped. */
  heartbeatMs?: number;
  /** Per-page buffers of the live stream (defaults in src/main/dispatch/LiveClient.ts). */
  liveLimits?: Partial<LiveLimits>;
  /** How setSource builds sources (engine options, saved connections). */
  sources?: SourceSwitchOptions;
  /** How long clients may take to send a request (defaults in ./serverLimits.ts). */
  httpLimits?: Partial<HttpLimits>;
}

export interface WebShell {
  /** The URL to open, with the token when one is required. */
  readonly url: string;
  readonly port: number;
  readonly token: string | null;
  /** What each connected page holds now (unsent bytes, waiting events and commands). */
  liveClients(): ReturnType<ReturnType<typeof liveSockets>['clients']>;
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
 * Whether binding `address` needs the access token: anything but 127.0.0.1 and ::1 (and
 * localhost, which is one of them). Other 127.x addresses are loopback too, but another user
 * or a container on this machine may reach them.
 */
export function needsToken(address: string): boolean {
  return !LOOPBACK.has(address);
}

/**
 * The browser shell: serves the renderer, streams the host's events over a WebSocket, and
 * answers the JSON and Prometheus endpoints. Listens on 127.0.0.1 unless told otherwise.
 */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const { host } = options;
  const bind = options.bind ?? '127.0.0.1';
  const token = options.token ?? (needsToken(bind) ? randomBytes(18).toString('base64url') : null);
  if (!existsSync(join(options.staticDir, 'index.html'))) {
    throw new Error(`the renderer build is missing (${join(options.staticDir, 'index.html')}); run \`npm run build\``);
  }

  const pendingOpen = [...(options.openOnConnect ?? [])];
  const recorder = options.library?.recorder ?? null;
  const dispatcher = createDispatcher({ host, library: options.library?.library, recorder, sources: options.sources });
  const api = { dispatcher, maxUpload: options.library?.maxUpload };
  const limits = { ...HTTP_LIMITS, ...options.httpLimits };
  const server: Server = createServer(serverOptions(limits), (req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      send(res, 500, 'text/plain; charset=utf-8', `internal error: ${withoutPaths((e as Error).message)}\n`);
    }
  });
  applyLimits(server, limits);
  const live = liveSockets({
    host,
    dispatcher,
    takeOpen: () => pendingOpen.splice(0),
    maxClients: options.maxClients,
    heartbeatMs: options.heartbeatMs,
    limits: options.liveLimits,
  });
  const events = eventsSockets(host);

  let port = 0;
  let csp = '';
  // The address as a URL (and a Host header) names it.
  const shownHost = bind.includes(':') ? `[${bind}]` : bind;
  const hostAllowed = (req: IncomingMessage): boolean => {
    // Defeat DNS rebinding on loopback: the Host header must name us, not some other site.
    if (!isLoopback(bind)) return true;
    const h = req.headers.host ?? '';
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${shownHost}:${port}`].includes(h);
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
    if (options.library && isApiPath(url.pathname)) {
      if (!authorized(req, url)) return send(res, 401, 'application/json', '{"error":"access token required"}');
      // The handler answers its own errors; anything that still escapes must not take the host down.
      handleApiRequest(req, res, url, api).catch(() => {
        if (res.headersSent) res.destroy();
        else send(res, 500, 'application/json', '{"error":"internal error"}');
      });
      return;
    }
    if (IRONTIDE_PATHS.includes(url.pathname)) {
      if (!authorized(req, url)) return send(res, 401, 'application/json', '{"error":"access token required"}');
      handleIrontideRequest(req, res, url, host, dispatcher).catch(() => {
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
      return send(res, 200, 'application/json', JSON.stringify(countersJson(host)));
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
    let rel: string;
    try {
      rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    } catch {
      return send(res, 400, 'text/plain; charset=utf-8', 'the path is not valid URL encoding (a stray %)\n');
    }
    const file = normalize(join(options.staticDir, rel));
    if (!file.startsWith(normalize(options.staticDir) + sep)) return send(res, 404, 'text/plain', 'not found\n');
    if (!existsSync(file) || !statSync(file).isFile())
      return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': csp,
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
    const known = url.pathname === '/ws' || url.pathname === '/api/v1/events';
    if (!known || !hostAllowed(req) || !originOk) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    if (!authorized(req, url)) {
      // The events stream says 401 like its HTTP routes, so a watcher can tell a wrong token.
      socket.end(`HTTP/1.1 ${url.pathname === '/ws' ? '403 Forbidden' : '401 Unauthorized'}\r\n\r\n`);
      return;
    }
    if (url.pathname === '/api/v1/events') events.accept(req, socket, head);
    else live.accept(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bind, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  // Where the page's WebSocket goes; 'self' covers it in current browsers, these spell it out.
  csp = contentSecurityPolicy({ connect: [`ws://${shownHost}:${port}`, `ws://localhost:${port}`] });
  const url = `http://${shownHost}:${port}/${token ? `?token=${token}` : ''}`;

  return {
    url,
    port,
    token,
    liveClients: () => live.clients(),
    close: () =>
      new Promise<void>((resolve) => {
        live.close();
        events.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
