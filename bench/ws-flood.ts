// A page that sends ~1,000 commands a second and reads nothing (issue 12 point 7): the memory
// of the host serving it, with the per-page budget (LiveClient's defaults) against the same
// host without one (backlogBytes: Infinity, what `serve` did before), side by side in one run.
// Each side runs in a child process of its own, so one side's heap never counts for the other.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';

const SECONDS = Number(process.env.FLOOD_SECONDS ?? 30);
const PER_SECOND = 1000;

if (process.argv[2] === 'serve') {
  const { StatsHost } = await import('../src/main/live/statsHost');
  const { startWebShell } = await import('../src/main/web/WebShell');
  const { rendererDir } = await import('../src/main/paths');
  const host = new StatsHost({ intervalMs: 100 });
  const bounded = process.argv[3] === 'bounded';
  const shell = await startWebShell({
    host,
    staticDir: rendererDir(),
    port: 0,
    liveLimits: bounded ? {} : { backlogBytes: Number.POSITIVE_INFINITY },
  });
  await host.start();
  process.send?.({ port: shell.port });
  setInterval(() => {
    const held = shell.liveClients().reduce((n, c) => n + c.backlog, 0);
    process.send?.({ rss: process.memoryUsage().rss, held });
  }, 1000);
} else {
  const side = async (mode: 'bounded' | 'unbounded') => {
    const child = fork(fileURLToPath(import.meta.url), ['serve', mode], { execArgv: ['--import', 'tsx'] });
    const samples: { rss: number; held: number }[] = [];
    const port = await new Promise<number>((resolve) =>
      child.on('message', (m: { port?: number; rss?: number; held?: number }) => {
        if (m.port) resolve(m.port);
        else if (m.rss !== undefined) samples.push({ rss: m.rss, held: m.held ?? 0 });
      }),
    );
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    await new Promise((r) => ws.once('open', r));
    await new Promise((r) => setTimeout(r, 1500));
    const start = samples.at(-1) ?? { rss: 0, held: 0 };
    ws.pause();
    let n = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < PER_SECOND / 10; i++)
        ws.send(JSON.stringify({ type: 'setDiagnostics', enabled: n++ % 2 === 0 }));
    }, 100);
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    clearInterval(timer);
    await new Promise((r) => setTimeout(r, 1100));
    const end = samples.at(-1) ?? start;
    ws.terminate();
    child.kill();
    return { mode, rssStart: start.rss, rssEnd: end.rss, held: end.held, commands: n };
  };
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  const results = [await side('unbounded'), await side('bounded')];
  for (const r of results)
    console.log(
      `${r.mode.padEnd(9)} ${r.commands} commands in ${SECONDS} s: RSS ${mb(r.rssStart)} -> ${mb(r.rssEnd)} (+${mb(r.rssEnd - r.rssStart)}), held for the page ${mb(r.held)}`,
    );
  const [u, b] = results as [(typeof results)[0], (typeof results)[0]];
  const growth = (r: typeof u) => Math.max(1, r.rssEnd - r.rssStart);
  console.log(`RSS growth, unbounded / bounded: ${(growth(u) / growth(b)).toFixed(1)}x`);
}
