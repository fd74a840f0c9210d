import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { StatsHost } from '../../src/main/live/statsHost';
import { createSource } from '../../src/main/sources/addresses';
import type { RemoteSource } from '../../src/main/sources/remote/RemoteSource';
import { M } from '../../src/shared/registry';
import type { Snapshot } from '../../src/shared/snapshot';
import { cleanTempDirs } from '../sessions/helpers';
import { type Served, SteadySource, serveHost, staticDir, until } from './helpers';

/*
 * RemoteSource against real servers: a host with a source behind the web shell (what `serve`
 * runs) is watched by a second host through tidegauge:// and irontide:// (the same /api/v1
 * shapes); the watched one killed and brought back; wrong token, wrong port, a server that is
 * not Tidegauge, and garbage over the WebSocket each named.
 */

const TOKEN = 'test-token-0123456789';
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
});
afterAll(cleanTempDirs);

async function watcher(address: string, intervalMs = 200): Promise<{ host: StatsHost; source: RemoteSource }> {
  const source = (await createSource(address)) as RemoteSource;
  const host = new StatsHost({ intervalMs, source });
  cleanup.push(() => host.stop());
  await host.start();
  return { host, source };
}

async function watched(opts: Parameters<typeof serveHost>[1] = {}): Promise<{ served: Served; source: SteadySource }> {
  const source = new SteadySource();
  const served = await serveHost(source, opts);
  cleanup.push(() => served.close());
  return { served, source };
}

describe('RemoteSource watching another Tidegauge', () => {
  it.each(['tidegauge', 'irontide'])(
    '%s://: the same totals, diagnostics switched on the watched host',
    async (kind) => {
      const { served, source } = await watched({ token: kind === 'tidegauge' ? TOKEN : undefined });
      const address =
        kind === 'tidegauge'
          ? `tidegauge://127.0.0.1:${served.shell.port}?token=${TOKEN}`
          : `irontide://127.0.0.1:${served.shell.port}`;
      const { host, source: remote } = await watcher(address);
      expect(host.state().error).toBeNull();
      expect(host.sourceInfo?.label).toBe(
        `${kind === 'tidegauge' ? 'Tidegauge' : 'irontide'} at ${kind}://127.0.0.1:${served.shell.port}`,
      );
      expect(JSON.stringify(host.state())).not.toContain(TOKEN);
      await until('live', () => remote.health().state === 'live');
      expect(remote.health().mode).toBe('push');
      // Moving: the watcher follows. Frozen: the very same totals.
      await until('bytes arrive', () => Number(host.counters.get(M.NET_BYTES_RECV)) > 0);
      await source.stop();
      const total = Number(served.host.counters.get(M.NET_BYTES_RECV));
      await until('same total', () => Number(host.counters.get(M.NET_BYTES_RECV)) === total);
      expect(Number(host.counters.get(M.NET_BYTES_SENT))).toBe(Number(served.host.counters.get(M.NET_BYTES_SENT)));
      expect(Number(host.counters.get(M.NET_NUM_CONNECTIONS))).toBe(7);
      // Provenance: the engine's own registry and settings, no token.
      const prov = host.sourceProvenance;
      expect(prov?.registry.length).toBe(99);
      expect(prov?.settings).toMatchObject({ enable_diagnostic_counters: false });
      expect(JSON.stringify(prov)).not.toContain(TOKEN);
      // The watcher's switch is the watched engine's.
      expect(served.host.state().diagnostics).toBe(false);
      host.setDiagnostics(true);
      await until('diagnostics on at the watched host', () => served.host.state().diagnostics);
      host.setDiagnostics(false);
      await until('diagnostics off again', () => !served.host.state().diagnostics);
    },
  );

  it('the watched host killed: unreachable, gaps (never zeros), recovery, nothing lost', async () => {
    const dir = staticDir();
    const first = await watched({ dir });
    const port = first.served.shell.port;
    const { host, source: remote } = await watcher(`irontide://127.0.0.1:${port}`, 200);
    await until('live', () => remote.health().state === 'live');
    await until('bytes', () => Number(host.counters.get(M.NET_BYTES_RECV)) > 0);
    const snaps: Snapshot[] = [];
    host.on('snapshot', (s) => snaps.push(s));
    await first.served.close();
    await first.source.stop();
    const before = Number(first.served.host.counters.get(M.NET_BYTES_RECV));
    const killedAt = Date.now();
    await until('unreachable', () => remote.health().state === 'unreachable');
    // The close is seen at once; on a loaded machine allow scheduling, not another interval of data.
    expect(remote.health().lastError).toMatch(/irontide:\/\/127\.0\.0\.1:\d+/);
    await until('a gap sample', () => snaps.some((s) => s.gap && s.t > killedAt));
    const gap = snaps.find((s) => s.gap) as Snapshot;
    expect([...gap.values].every(Number.isNaN)).toBe(true);
    expect(host.state().health?.missed).toBeGreaterThan(0);
    // Back on the same port, its engine moved on: the watcher catches up with all of it.
    const counters = first.served.host.counters;
    // The same engine's counters, restarted; its source no longer moves them by itself.
    const again = new StatsHost({ intervalMs: 200, counters, source: new SteadySource(1e9) });
    counters.inc(M.NET_BYTES_RECV, 5000);
    const { startWebShell } = await import('../../src/main/web/WebShell');
    const shell = await startWebShell({ host: again, staticDir: dir, port });
    cleanup.push(async () => {
      await shell.close();
      await again.stop();
    });
    await again.start();
    await until('live again', () => remote.health().state === 'live', 30_000);
    await until('caught up', () => Number(host.counters.get(M.NET_BYTES_RECV)) === before + 5000);
    // The samples after the gap say so too; no sample in between went down or was zero.
    await until('a sample after the gap', () =>
      snaps.some((s) => !s.gap && s.values[M.NET_BYTES_RECV] === before + 5000),
    );
    const real = snaps.filter((s) => !s.gap).map((s) => s.values[M.NET_BYTES_RECV] as number);
    expect(real.every((v, i) => v > 0 && (i === 0 || v >= (real[i - 1] as number)))).toBe(true);
  });
});

describe('RemoteSource failures are named; the host keeps running', () => {
  it('wrong token: auth failed, says to check the token', async () => {
    const { served } = await watched({ token: TOKEN });
    const { host, source } = await watcher(`tidegauge://127.0.0.1:${served.shell.port}?token=wrong-token-000000`);
    expect(source.health().state).toBe('auth failed');
    expect(host.state().error).toMatch(/tidegauge:\/\/127\.0\.0\.1:\d+ refused .*token/);
    expect(host.state().error).not.toContain('wrong-token');
    expect(host.sample().gap).toBe(true);
  });

  it('wrong port: unreachable, says connection refused and what to check', async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as AddressInfo).port;
    await new Promise((r) => s.close(r));
    const { host, source } = await watcher(`irontide://127.0.0.1:${port}`);
    expect(host.state().error).toBeNull(); // retried in the background
    expect(source.health().state).toBe('unreachable');
    expect(source.health().lastError).toMatch(
      /nothing answers at irontide:\/\/127\.0\.0\.1:\d+ \(connection refused\)/,
    );
  });

  it('a server that is not Tidegauge: protocol error naming what answered', async () => {
    const s: Server = createServer((_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<html>hi</html>'));
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => s.close(() => r())));
    const port = (s.address() as AddressInfo).port;
    const { host, source } = await watcher(`tidegauge://127.0.0.1:${port}`);
    expect(source.health().state).toBe('protocol error');
    expect(host.state().error).toMatch(
      /answered \/api\/v1\/session\/counters with HTTP 200 and text\/html, not JSON: is this a Tidegauge serve\?/,
    );
  });

  it('garbage over the WebSocket: protocol error, reconnects later', async () => {
    const registry = [{ name: 'net.bytes_recv', kind: 'counter', value: 1 }];
    const s: Server = createServer((_q, r) =>
      r.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(registry)),
    );
    const wss = new WebSocketServer({ server: s });
    wss.on('connection', (ws) => ws.send('this is not json'));
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    cleanup.push(
      () =>
        new Promise((r) => {
          for (const c of wss.clients) c.terminate();
          wss.close();
          s.closeAllConnections();
          s.close(() => r());
        }),
    );
    const port = (s.address() as AddressInfo).port;
    const { host, source } = await watcher(`irontide://127.0.0.1:${port}`);
    await until('protocol error', () => source.health().state === 'protocol error');
    expect(source.health().lastError).toMatch(/the event stream sent text that is not JSON \("this is not json"\)/);
    expect(host.state().error).toBeNull();
  });

  it('a bad address names the forms that work', async () => {
    await expect(createSource('qbittorrentx://x')).rejects.toThrow(
      /no source kind "qbittorrentx:".*irontide:\/\/127\.0\.0\.1:9080/,
    );
    await expect(createSource('127.0.0.1:9080')).rejects.toThrow(/no source kind|not a source address/);
    await expect(createSource('irontide://')).rejects.toThrow(/not a valid address|names no host/);
  });
});
