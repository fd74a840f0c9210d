import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { Reading, RemoteAdapter } from '../../../src/main/sources/remote/adapter';
import { freePort } from './harness';

/*
 * Things on a port that are not the daemon: a web server that answers every path with an HTML
 * page (a stray nginx, another app), and a TCP service that is not HTTP at all.
 */

/** A web server answering every path with an HTML page (status 200, or a 404 "not found" page). */
export async function htmlServer(status = 200): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createHttpServer((req, res) => {
    req.resume();
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Welcome to nginx!</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  return {
    port: typeof a === 'object' && a ? a.port : 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function garbageServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server: TcpServer = createTcpServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    s.end('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  return {
    port: typeof a === 'object' && a ? a.port : 0,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on. */
export const deadPort = freePort;

export interface Sampled {
  readonly readings: Reading[];
}

/** Poll about once a second until `until` holds for a reading (or the deadline passes). */
export async function pollUntil(
  adapter: RemoteAdapter,
  until: (r: Reading, all: Reading[]) => boolean,
  what: string,
  readings: Reading[] = [],
  timeoutMs = 90_000,
): Promise<Reading> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await adapter.poll(AbortSignal.timeout(20_000));
    readings.push(r);
    if (until(r, readings)) return r;
    if (Date.now() > deadline) {
      const last = Object.fromEntries(r.values);
      throw new Error(`timed out waiting for ${what}; last reading ${JSON.stringify(last).slice(0, 1500)}`);
    }
    await new Promise((res) => setTimeout(res, 1000));
  }
}

export function value(r: Reading, name: string): number {
  return r.values.get(name) ?? Number.NaN;
}

export async function failureOf(p: Promise<unknown>): Promise<{ kind: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return { kind: String((e as { kind?: string }).kind ?? (e as Error).name), message: (e as Error).message };
  }
  throw new Error('expected a failure, got success');
}
