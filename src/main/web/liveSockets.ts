import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { MAX_TORRENT_BASE64 } from '../../shared/api';
import type { Dispatcher } from '../dispatch/Dispatcher';
import { attachLiveClient, type LiveClient, type LiveLimits, UNREADABLE } from '../dispatch/LiveClient';
import type { StatsHost } from '../live/statsHost';

/*
 * The browser shell's live stream: one WebSocket per page, each driven by the shared LiveClient.
 * What is WebSocket-only lives here: the most clients at once (one more gets a clear error and
 * close code 1013, "try again later", and its page retries by itself), heartbeats that drop a
 * client that stopped answering, and the largest message (a command with a .torrent file).
 */

export interface LiveSocketOptions {
  readonly host: StatsHost;
  readonly dispatcher: Pick<Dispatcher, 'command'>;
  readonly takeOpen?: () => readonly string[];
  /** Most pages connected at once (default 16). */
  readonly maxClients?: number;
  /** Ping every this many ms; a client that misses two pongs in a row is dropped (default 15000). */
  readonly heartbeatMs?: number;
  readonly limits?: Partial<LiveLimits>;
}

export interface LiveSockets {
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** What each connected client holds now. */
  clients(): ReturnType<LiveClient['stats']>[];
  close(): void;
}

/** Room for the JSON around the largest field of a command. */
const MAX_MESSAGE = MAX_TORRENT_BASE64 + 4096;
/** A heartbeat missed once may be a busy moment; twice, the client is gone. */
const MISSES_ALLOWED = 2;

function decode(data: RawData, isBinary: boolean): unknown {
  if (isBinary) return UNREADABLE;
  try {
    return JSON.parse(String(data));
  } catch {
    return UNREADABLE;
  }
}

function size(data: RawData): number {
  return Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
}

export function liveSockets(options: LiveSocketOptions): LiveSockets {
  const maxClients = options.maxClients ?? 16;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
  const clients = new Map<WebSocket, { client: LiveClient; beat: { missed: number } }>();

  const heartbeat = setInterval(() => {
    for (const [ws, { beat }] of clients) {
      if (beat.missed >= MISSES_ALLOWED) {
        ws.terminate();
        continue;
      }
      beat.missed++;
      ws.ping();
    }
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  function attach(ws: WebSocket): void {
    ws.on('error', () => ws.terminate());
    if (clients.size >= maxClients) {
      const message = `this Tidegauge already serves ${maxClients} windows, the most it takes at once: close one and this page connects by itself`;
      ws.send(JSON.stringify({ type: 'error', message }));
      ws.close(1013, 'too many clients');
      return;
    }
    const beat = { missed: 0 };
    const alive = () => {
      beat.missed = 0;
    };
    ws.on('pong', alive);
    const client = attachLiveClient(
      {
        sendEvent: (e) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(e)),
        sendSnapshot: (frame) => ws.readyState === WebSocket.OPEN && ws.send(frame, { binary: true }),
        onMessage: (listener) =>
          ws.on('message', (data, isBinary) => {
            alive();
            listener(decode(data, isBinary), size(data));
          }),
        onClose: (listener) =>
          ws.on('close', () => {
            clients.delete(ws);
            listener();
          }),
        backlog: () => ws.bufferedAmount,
      },
      { host: options.host, dispatcher: options.dispatcher, takeOpen: options.takeOpen, limits: options.limits },
    );
    clients.set(ws, { client, beat });
  }

  return {
    accept: (req, socket, head) => wss.handleUpgrade(req, socket, head, attach),
    clients: () => [...clients.values()].map((c) => c.client.stats()),
    close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
