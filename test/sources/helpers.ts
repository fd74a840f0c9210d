import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StatsHost } from '../../src/main/live/statsHost';
import type { Source } from '../../src/main/sources/Source';
import { startWebShell, type WebShell } from '../../src/main/web/WebShell';
import type { SourceInfo } from '../../src/shared/api';
import type { SessionCounters } from '../../src/shared/counters';
import { M } from '../../src/shared/registry';
import { tempDir } from '../sessions/helpers';

/** A source that moves a few counters and gauges by known amounts each `stepMs` (the watched engine). */
export class SteadySource implements Source {
  readonly info: SourceInfo = { kind: 'steady', label: 'steady test source' };
  readonly notReported = new Map<number, string>();
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly stepMs = 50) {}
  async start(c: SessionCounters): Promise<void> {
    this.timer = setInterval(() => {
      c.inc(M.NET_BYTES_RECV, 16384);
      c.inc(M.NET_BYTES_SENT, 1000);
      c.set(M.NET_NUM_CONNECTIONS, 7);
    }, this.stepMs);
  }
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

export function staticDir(): string {
  const dir = join(tempDir(), 'static');
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Tidegauge</title>');
  return dir;
}

export interface Served {
  host: StatsHost;
  shell: WebShell;
  close(): Promise<void>;
}

/** A host with a source behind a real web shell (what `serve` runs), on `port` (0: any). */
export async function serveHost(
  source: Source | null,
  opts: { port?: number; token?: string; intervalMs?: number; dir?: string } = {},
): Promise<Served> {
  const host = new StatsHost({ intervalMs: opts.intervalMs ?? 200, source });
  const shell = await startWebShell({
    host,
    staticDir: opts.dir ?? staticDir(),
    port: opts.port ?? 0,
    token: opts.token,
  });
  await host.start();
  return {
    host,
    shell,
    close: async () => {
      await shell.close();
      await host.stop();
    },
  };
}

/** Wait for a condition with a generous deadline (a busy 2-core machine). */
export async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
