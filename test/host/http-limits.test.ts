import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { StatsHost } from '../../src/main/live/statsHost';
import { HTTP_LIMITS } from '../../src/main/web/serverLimits';
import { startWebShell, type WebShell } from '../../src/main/web/WebShell';

/*
 * The browser shell against clients that never finish a request (slowloris), with real
 * sockets: the server must close them once their deadline passed, while a live WebSocket and
 * a download stalled by its reader for longer than every deadline are left alone. Nothing
 * asserts how soon: a close is awaited, and "not before the deadline" is what Node guarantees.
 */

const staticDir = mkdtempSync(join(tmpdir(), 'tg-limits-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
mkdirSync(join(staticDir, 'assets'));
// Far more than the loopback socket buffers hold: a reader that stops reading stalls the server mid-stream.
const BIG = 24 << 20;
writeFileSync(join(staticDir, 'assets', 'big.js'), Buffer.alloc(BIG, 0x61));

let shell: WebShell | null = null;
let host: StatsHost | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await shell?.close();
  await host?.stop();
  shell = null;
});
afterAll(() => rmSync(staticDir, { recursive: true, force: true }));

interface Raw {
  readonly socket: Socket;
  /** Resolves with what the server sent and when it closed (ms after connecting). */
  readonly closed: Promise<{ text: string; afterMs: number }>;
}

function raw(port: number): Raw {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  const t0 = performance.now();
  let text = '';
  socket.on('data', (d) => {
    text += d.toString('latin1');
  });
  socket.on('error', () => {});
  const closed = new Promise<{ text: string; afterMs: number }>((resolve) =>
    socket.once('close', () => resolve({ text, afterMs: performance.now() - t0 })),
  );
  return { socket, closed };
}

/** Feed `line` every `everyMs` until the socket closes (a client that is never idle, never done). */
function trickle(r: Raw, first: string, line: string, everyMs: number): void {
  r.socket.once('connect', () => {
    r.socket.write(first);
    const timer = setInterval(() => {
      if (!r.socket.destroyed) r.socket.write(line);
    }, everyMs);
    r.socket.once('close', () => clearInterval(timer));
  });
}

async function start(limits = {}) {
  host = new StatsHost({ intervalMs: 100 });
  shell = await startWebShell({ host, staticDir, port: 0, httpLimits: limits });
  await host.start();
  return shell;
}

function liveSocket(port: number): { ws: WebSocket; count: () => number; opened: Promise<void> } {
  let n = 0;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  ws.on('message', (_d, binary) => {
    if (binary) n++;
  });
  ws.on('error', () => {});
  return { ws, count: () => n, opened: new Promise((r) => ws.once('open', () => r())) };
}

it('drops slow and silent header senders at the headers deadline; a WebSocket and a stalled download stay', async () => {
  const { port } = await start();
  const live = liveSocket(port);
  await live.opened;

  // A download whose reader stops after the first bytes, for longer than every deadline (HTTP/1.0: the body is
  // sent as it is, not in chunks, so its length is what arrives).
  const dl = raw(port);
  let got = 0;
  let headerEnd = -1;
  let resolveStarted: () => void = () => {};
  const started = new Promise<void>((r) => {
    resolveStarted = r;
  });
  dl.socket.on('data', (d) => {
    got += d.length;
    if (headerEnd < 0) {
      headerEnd = d.indexOf('\r\n\r\n');
      if (headerEnd >= 0) {
        got -= headerEnd + 4;
        dl.socket.pause();
        resolveStarted();
      }
    }
  });
  dl.socket.once('connect', () => dl.socket.write(`GET /assets/big.js HTTP/1.0\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
  await started;

  const slow = raw(port);
  trickle(slow, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`, 'X-Slow: a\r\n', 500);
  const silent = raw(port);

  const [s, q] = await Promise.all([slow.closed, silent.closed]);
  expect(s.text).toMatch(/^HTTP\/1\.1 408/);
  expect(s.afterMs).toBeGreaterThanOrEqual(HTTP_LIMITS.headersMs - 50);
  expect(q.afterMs).toBeGreaterThanOrEqual(HTTP_LIMITS.headersMs - 50);

  // Past the keep-alive deadline too, and snapshots still arriving on the WebSocket.
  const before = live.count();
  await new Promise((r) => setTimeout(r, HTTP_LIMITS.keepAliveMs + 2 * HTTP_LIMITS.checkEveryMs));
  await expect.poll(() => live.count(), { timeout: 10_000 }).toBeGreaterThan(before);
  expect(live.ws.readyState).toBe(WebSocket.OPEN);

  // The stalled download resumes and arrives whole.
  dl.socket.resume();
  await dl.closed;
  expect(got).toBe(BIG);
  live.ws.close();
}, 60_000);

it('cuts a body sent slower than the request deadline, not a response slower than it', async () => {
  const limits = { headersMs: 1_000, requestMs: 2_000 };
  const { port } = await start(limits);

  const upload = raw(port);
  trickle(
    upload,
    `PATCH /api/v1/session/settings HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{`,
    ' ',
    200,
  );

  const dl = raw(port);
  let got = -1;
  dl.socket.once('connect', () => {
    dl.socket.write(`GET /assets/big.js HTTP/1.0\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    dl.socket.pause();
  });
  const u = await upload.closed;
  expect(u.afterMs).toBeGreaterThanOrEqual(limits.requestMs - 50);
  expect(u.text).toMatch(/^HTTP\/1\.1 408/);
  // Held beyond the request deadline once more, then read to the end.
  await new Promise((r) => setTimeout(r, limits.requestMs + 2 * HTTP_LIMITS.checkEveryMs));
  got = 0;
  dl.socket.on('data', (d) => {
    got += d.length;
  });
  dl.socket.resume();
  const d = await dl.closed;
  expect(d.text).toMatch(/^HTTP\/1\.1 200/);
  expect(got - d.text.indexOf('\r\n\r\n') - 4).toBe(BIG);
}, 60_000);

it('closes connections beyond the limit at once and keeps the ones it has', async () => {
  const { port } = await start({ maxConnections: 3 });
  const live = liveSocket(port);
  await live.opened;
  const a = raw(port);
  const b = raw(port);
  await Promise.all([a, b].map((r) => new Promise((ok) => r.socket.once('connect', ok))));
  // Accepted by the kernel, closed by the server before any byte.
  const extra = raw(port);
  const e = await extra.closed;
  expect(e.text).toBe('');
  expect(live.ws.readyState).toBe(WebSocket.OPEN);
  expect(a.socket.destroyed || b.socket.destroyed).toBe(false);
  live.ws.close();
}, 30_000);
