import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { StatsHost } from '../../src/main/live/statsHost';
import { startWebShell, type WebShell } from '../../src/main/web/WebShell';
import { isHistoryFrame } from '../../src/shared/series-history';
import { decodeSnapshot } from '../../src/shared/snapshot';

const staticDir = mkdtempSync(join(tmpdir(), 'tg-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');

let shell: WebShell | null = null;
let host: StatsHost | null = null;
afterEach(async () => {
  await shell?.close();
  await host?.stop();
  shell = null;
});

async function start(opts: { token?: string } = {}) {
  host = new StatsHost({ intervalMs: 50 });
  shell = await startWebShell({ host, staticDir, port: 0, ...opts });
  await host.start();
  return { host, shell };
}

function wsOpen(
  url: string,
  headers: Record<string, string> = {},
  onMessage?: (data: unknown, isBinary: boolean) => void,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    if (onMessage) ws.on('message', onMessage);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

describe('browser shell', () => {
  it('binds to 127.0.0.1 and prints a URL with the chosen port', async () => {
    const { shell } = await start();
    expect(shell.url).toBe(`http://127.0.0.1:${shell.port}/`);
    expect(shell.token).toBeNull();
    const res = await fetch(shell.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('refuses a foreign Host header (DNS rebinding) and paths outside the app', async () => {
    const { shell } = await start();
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: shell.port, path: '/', headers: { host: 'attacker.example:80' } }, (r) =>
        resolve(r.statusCode ?? 0),
      ).end();
    });
    expect(status).toBe(421);
    expect((await fetch(new URL('/../../etc/passwd', shell.url))).status).toBe(404);
    expect((await fetch(new URL('/%2e%2e/%2e%2e/etc/passwd', shell.url))).status).toBe(404);
    expect((await fetch(shell.url, { method: 'POST' })).status).toBe(405);
  });

  it('requires the token when one is set, for pages, API and WebSocket', async () => {
    const { shell } = await start({ token: 'secret-token-123' });
    expect(shell.url).toContain('?token=secret-token-123');
    const base = `http://127.0.0.1:${shell.port}`;
    expect((await fetch(`${base}/api/v1/session/counters`)).status).toBe(401);
    expect((await fetch(`${base}/api/v1/session/counters?token=wrong-token-1234`)).status).toBe(401);
    expect((await fetch(`${base}/api/v1/session/counters?token=secret-token-123`)).status).toBe(200);
    const auth = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer secret-token-123' } });
    expect(auth.status).toBe(200);
    await expect(wsOpen(`ws://127.0.0.1:${shell.port}/ws`)).rejects.toThrow(/403/);
    const ws = await wsOpen(`ws://127.0.0.1:${shell.port}/ws?token=secret-token-123`);
    ws.close();
  });

  it('refuses a WebSocket from another origin', async () => {
    const { shell } = await start();
    await expect(wsOpen(`ws://127.0.0.1:${shell.port}/ws`, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('streams hello then binary snapshots, and validates commands', async () => {
    const { host, shell } = await start();
    const frames: unknown[] = [];
    let history = 0;
    let historyAfterSnapshot = false;
    const text: Array<{ type: string; message?: string; diagnostics?: boolean }> = [];
    const ws = await wsOpen(`ws://127.0.0.1:${shell.port}/ws`, {}, (data, isBinary) => {
      if (!isBinary) return void text.push(JSON.parse(String(data)));
      const bytes = new Uint8Array(data as Buffer);
      // The session's history comes first (one frame per resolution), then the live snapshots.
      if (isHistoryFrame(bytes.slice().buffer)) {
        history++;
        if (frames.length > 0) historyAfterSnapshot = true;
      } else frames.push(decodeSnapshot(bytes));
    });
    await expect.poll(() => frames.length, { timeout: 5000 }).toBeGreaterThan(2);
    expect(text[0]?.type).toBe('hello');
    expect(history).toBeGreaterThan(0);
    expect(historyAfterSnapshot).toBe(false);
    ws.send(JSON.stringify({ type: 'setDiagnostics', enabled: 'yes' }));
    ws.send('not json');
    ws.send(JSON.stringify({ type: 'setInterval', ms: 5 }));
    ws.send(JSON.stringify({ type: 'setDiagnostics', enabled: true }));
    await expect.poll(() => host.counters.diagnosticsEnabled()).toBe(true);
    // The host may apply the last command before this end has read the replies to the others.
    await expect.poll(() => text.filter((t) => t.type === 'error').length).toBe(3);
    const errors = text.filter((t) => t.type === 'error').map((t) => t.message);
    expect(errors).toEqual([
      'invalid command: enabled: Invalid input: expected boolean, received string',
      'invalid command: expected a JSON text message',
      'invalid command: ms: Too small: expected number to be >=10',
    ]);
    expect(host.intervalMs).toBe(50);
    ws.close();
  });
});

describe('recording switch over the WebSocket', () => {
  it('says so when the host has nowhere to record', async () => {
    const { shell } = await start();
    const text: Array<{ type: string; message?: string }> = [];
    const ws = await wsOpen(`ws://127.0.0.1:${shell.port}/ws`, {}, (data, isBinary) => {
      if (!isBinary) text.push(JSON.parse(String(data)));
    });
    ws.send(JSON.stringify({ type: 'setRecording', enabled: true }));
    await expect
      .poll(() => text.find((t) => t.type === 'error')?.message)
      .toBe('this host has no data folder to record into');
    ws.close();
  });
});

describe('files named to serve', () => {
  it('are shown to the first browser that connects, once', async () => {
    host = new StatsHost({ intervalMs: 50 });
    shell = await startWebShell({ host, staticDir, port: 0, openOnConnect: ['run-a', 'run-b'] });
    const first: Array<{ type: string; ids?: string[] }> = [];
    const a = await wsOpen(`ws://127.0.0.1:${shell.port}/ws`, {}, (d, bin) => {
      if (!bin) first.push(JSON.parse(String(d)));
    });
    await expect.poll(() => first.map((e) => e.type)).toEqual(['hello', 'open']);
    expect(first[1]?.ids).toEqual(['run-a', 'run-b']);
    const second: Array<{ type: string }> = [];
    const b = await wsOpen(`ws://127.0.0.1:${shell.port}/ws`, {}, (d, bin) => {
      if (!bin) second.push(JSON.parse(String(d)));
    });
    await expect.poll(() => second.length).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(second.map((e) => e.type)).toEqual(['hello']);
    a.close();
    b.close();
  });
});
