import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { StatsHost } from '../../src/main/live/statsHost';
import { startWebShell, type WebShell } from '../../src/main/web/WebShell';

/*
 * Limits of a long-running `serve` on its WebSocket: what one page can make the host hold, pages
 * that stopped answering, how many pages at once, and the largest command (a .torrent file).
 */

const staticDir = mkdtempSync(join(tmpdir(), 'tg-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');

let shell: WebShell | null = null;
let host: StatsHost | null = null;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await shell?.close();
  await host?.stop();
  shell = null;
  host = null;
});

async function start(opts: Parameters<typeof startWebShell>[0] extends infer O ? Partial<O> : never = {}) {
  host = new StatsHost({ intervalMs: 20 });
  shell = await startWebShell({ host, staticDir, port: 0, ...opts });
  await host.start();
  return { host, shell };
}

interface Client {
  ws: WebSocket;
  text: { type: string; message?: string }[];
  closed: Promise<{ code: number; reason: string }>;
}

function connect(port: number, options: { autoPong?: boolean } = {}): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, options);
    sockets.push(ws);
    const text: Client['text'] = [];
    ws.on('message', (d, bin) => {
      if (!bin) text.push(JSON.parse(String(d)));
    });
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on('close', (code, reason) => r({ code, reason: String(reason) })),
    );
    ws.once('open', () => resolve({ ws, text, closed }));
    ws.once('error', reject);
  });
}

describe('a page that floods commands and reads nothing', () => {
  it('never makes the host hold more than its budget for that page', async () => {
    const backlogBytes = 256 * 1024;
    const { shell } = await start({ liveLimits: { backlogBytes } });
    const flood = await connect(shell.port);
    await expect.poll(() => flood.text.length).toBeGreaterThan(0);
    flood.ws.pause(); // stop reading: the host's writes back up
    let most = 0;
    let queued = 0;
    // 5,000 commands a second for 3 s, each answered with a status (several KiB) to every page:
    // more than the kernel's socket buffers take, so the rest waits in the host.
    for (let round = 0; round < 30; round++) {
      for (let i = 0; i < 500; i++) flood.ws.send(JSON.stringify({ type: 'setDiagnostics', enabled: i % 2 === 0 }));
      await new Promise((r) => setTimeout(r, 100));
      for (const c of shell.liveClients()) {
        most = Math.max(most, c.backlog);
        queued = Math.max(queued, c.queuedEvents);
      }
    }
    // Unbounded (backlogBytes: Infinity) the statuses pile up in the host: over 1.5 MB here, growing for as long as it lasts.
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThan(backlogBytes + 64 * 1024);
    expect(queued).toBeLessThanOrEqual(17);
    // Reading again, it catches up with the latest state.
    flood.ws.resume();
    await expect.poll(() => shell.liveClients()[0]?.queuedEvents, { timeout: 10_000 }).toBe(0);
  });
});

describe('heartbeats', () => {
  it('drop a page that stops answering pings, and keep one that answers', async () => {
    const { shell } = await start({ heartbeatMs: 100 });
    const deaf = await connect(shell.port, { autoPong: false });
    const alive = await connect(shell.port);
    let pings = 0;
    alive.ws.on('ping', () => pings++);
    const gone = await deaf.closed;
    expect(gone.code).toBe(1006); // terminated: no close handshake with a peer that is not there
    await expect.poll(() => pings, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    expect(alive.ws.readyState).toBe(WebSocket.OPEN);
    expect(shell.liveClients()).toHaveLength(1);
  });
});

describe('how many pages at once', () => {
  it('turns one too many away with a clear message and close code 1013; a freed place is taken again', async () => {
    const { shell } = await start({ maxClients: 2 });
    const a = await connect(shell.port);
    await connect(shell.port);
    const third = await connect(shell.port);
    const { code, reason } = await third.closed;
    expect({ code, reason }).toEqual({ code: 1013, reason: 'too many clients' });
    expect(third.text).toEqual([
      {
        type: 'error',
        message:
          'this Tidegauge already serves 2 windows, the most it takes at once: close one and this page connects by itself',
      },
    ]);
    a.ws.close();
    await a.closed;
    await expect.poll(() => shell.liveClients().length).toBe(1);
    const again = await connect(shell.port);
    await expect.poll(() => again.text[0]?.type).toBe('hello');
  });
});

describe('the largest command', () => {
  it('a .torrent of a few hundred KiB reaches the host (the schema allows 16 MiB of base64)', async () => {
    const { shell } = await start();
    const c = await connect(shell.port);
    const torrentBase64 = Buffer.alloc(300 * 1024, 1).toString('base64');
    c.ws.send(JSON.stringify({ type: 'addTorrent', torrentBase64 }));
    // This host has no engine: the command arrived and was answered, the socket stays open.
    await expect
      .poll(() => c.text.find((t) => t.type === 'error')?.message)
      .toBe('this source does not manage torrents');
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('GET /api/v1/session/counters', () => {
  it('says null and why for a metric the source cannot report, never 0', async () => {
    const { shell } = await start();
    const counters = (await (await fetch(`http://127.0.0.1:${shell.port}/api/v1/session/counters`)).json()) as {
      name: string;
      kind: string;
      value: number | null;
      reason?: string;
    }[];
    expect(counters).toHaveLength(99);
    expect(counters[0]).toEqual({
      name: counters[0]?.name,
      kind: 'counter',
      value: null,
      reason: 'no source is connected',
    });
    expect(counters.every((c) => c.value === null && c.reason === 'no source is connected')).toBe(true);
  });
});
