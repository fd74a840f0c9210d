// 200 browser pages on one host (issue 12 point 7): the host's CPU and RSS with 200 WebSocket
// clients against the same host with 1, side by side in one run, and how many of the
// snapshots sent each client received. Each side runs in a child process of its own (the
// browser shell as `serve` runs it, no source, 1 s samples), so one side's heap and CPU never
// count for the other; the clients live in this process.
//   npx tsx bench/ws-clients.ts          (WS_SECONDS=60 WS_CLIENTS=200 by default)
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';

const SECONDS = Number(process.env.WS_SECONDS ?? 60);
const CLIENTS = Number(process.env.WS_CLIENTS ?? 200);

interface HostSample {
  readonly rss: number;
  /** CPU time (user + system) of the host process so far, in µs. */
  readonly cpu: number;
  readonly clients: number;
}

if (process.argv[2] === 'serve') {
  const { StatsHost } = await import('../src/main/live/statsHost');
  const { startWebShell } = await import('../src/main/web/WebShell');
  const { rendererDir } = await import('../src/main/paths');
  const host = new StatsHost({ intervalMs: 1000 });
  // The default limit is 16 pages: raised here to measure what 200 would cost.
  const shell = await startWebShell({ host, staticDir: rendererDir(), port: 0, maxClients: CLIENTS + 8 });
  await host.start();
  process.send?.({ port: shell.port });
  setInterval(() => {
    const u = process.cpuUsage();
    const s: HostSample = {
      rss: process.memoryUsage().rss,
      cpu: u.user + u.system,
      clients: shell.liveClients().length,
    };
    process.send?.(s);
  }, 500);
} else {
  const side = async (n: number) => {
    const child = fork(fileURLToPath(import.meta.url), ['serve'], { execArgv: ['--import', 'tsx'] });
    const samples: HostSample[] = [];
    const port = await new Promise<number>((resolve) =>
      child.on('message', (m: { port?: number } & Partial<HostSample>) => {
        if (m.port) resolve(m.port);
        else if (m.rss !== undefined) samples.push(m as HostSample);
      }),
    );
    const received = new Array<number>(n).fill(0);
    const sockets: WebSocket[] = [];
    for (let i = 0; i < n; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      ws.on('message', (_d, binary) => {
        if (binary) received[i] = (received[i] as number) + 1;
      });
      await new Promise((r) => ws.once('open', r));
      sockets.push(ws);
    }
    // Settle, then measure a window of SECONDS.
    await new Promise((r) => setTimeout(r, 2000));
    const start = samples.at(-1) as HostSample;
    const got0 = [...received];
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const wall = (performance.now() - t0) / 1000;
    const end = samples.at(-1) as HostSample;
    const got = received.map((r, i) => r - (got0[i] as number));
    for (const ws of sockets) ws.terminate();
    child.kill();
    return {
      n,
      cpuShare: (end.cpu - start.cpu) / 1e6 / wall,
      rss: end.rss,
      minSnapshots: Math.min(...got),
      expected: Math.floor(wall),
      connected: end.clients,
    };
  };
  const one = await side(1);
  const many = await side(CLIENTS);
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  for (const r of [one, many])
    console.log(
      `${String(r.n).padStart(4)} client(s): host ${(r.cpuShare * 100).toFixed(1)} % of a core, RSS ${mb(r.rss)}, ` +
        `${r.connected} connected, fewest snapshots received ${r.minSnapshots} of ~${r.expected}`,
    );
  console.log(
    `${CLIENTS} clients / 1 client: CPU ${(many.cpuShare / Math.max(one.cpuShare, 1e-4)).toFixed(1)}x, RSS ${(many.rss / one.rss).toFixed(2)}x`,
  );
}
