import type { Server, ServerOptions } from 'node:http';

/*
 * How long the browser shell's HTTP server waits for a client, so that connections opened and
 * fed a byte at a time (slowloris) are dropped instead of holding the host's sockets and file
 * descriptors for as long as the client likes.
 *
 * Every bound here is on what the *client* sends, never on what we send back: Node's
 * request and header timeouts stop counting once a request has fully arrived, and an upgraded
 * socket (the live WebSocket, the events stream) leaves the HTTP server's bookkeeping
 * altogether. So a CSV export read slowly by a far-away browser, or a page that stays open
 * for a week, is never cut by them. No socket idle timeout (`server.timeout`) is set, for that
 * reason: it would also fire while a slow reader is still draining a streamed response.
 */

export interface HttpLimits {
  /** From a connection's first byte (or a keep-alive request's) to the end of its headers. */
  readonly headersMs: number;
  /** From the start of a request to its last body byte (uploads to the library). */
  readonly requestMs: number;
  /** An idle keep-alive connection between two requests. */
  readonly keepAliveMs: number;
  /** How often the two deadlines above are checked (Node checks them on a timer, not per byte). */
  readonly checkEveryMs: number;
  /** Connections open at once, WebSockets included; one more is closed at once. */
  readonly maxConnections: number;
}

export const HTTP_LIMITS: HttpLimits = {
  // A browser sends its headers in one packet; 10 s is room for a slow link, not for a trickle.
  headersMs: 10_000,
  // The largest import (512 MiB) needs ≥ 1.7 MiB/s to arrive in time; a day-long session
  // (~5 MB) needs 17 KiB/s. Node's own default, spelled out: it was 0 (no limit) before Node 18.
  requestMs: 300_000,
  // Node's default: long enough for a page's burst of asset requests to share one connection.
  keepAliveMs: 5_000,
  // Node's default is 30 s, which would let a slow client stay three times its deadline.
  checkEveryMs: 1_000,
  // Far above what a page opens (a handful of asset fetches, two sockets) times the live
  // clients allowed, far below the process's descriptor limit, so a flood of connections
  // leaves room for the recording's files.
  maxConnections: 1_024,
};

/** The options createServer needs for `limits` (the check interval can only be given there). */
export function serverOptions(limits: HttpLimits): ServerOptions {
  return {
    headersTimeout: limits.headersMs,
    requestTimeout: limits.requestMs,
    keepAliveTimeout: limits.keepAliveMs,
    connectionsCheckingInterval: limits.checkEveryMs,
  };
}

/** What cannot be given to createServer. */
export function applyLimits(server: Server, limits: HttpLimits): void {
  server.maxConnections = limits.maxConnections;
  // A socket idle timeout would cut slow readers of streamed responses (see above).
  server.timeout = 0;
}
