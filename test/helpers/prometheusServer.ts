import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Real parts for the Prometheus tests: Debian's prometheus (scraping on loopback, storage in a
 * temp folder), `promtool tsdb create-blocks-from openmetrics` for backfills, and our own
 * `serve` (the built CLI, embedded engine). Every process is stopped by its PID and every
 * folder removed by stop().
 */

export const PROMETHEUS = process.env.TIDEGAUGE_PROMETHEUS ?? '/usr/bin/prometheus';
export const PROMTOOL_BIN = process.env.TIDEGAUGE_PROMTOOL ?? '/usr/bin/promtool';
export const hasPrometheus = spawnSync(PROMETHEUS, ['--version'], { stdio: 'ignore' }).status === 0;
const BIN = fileURLToPath(new URL('../../bin/tidegauge.js', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

export async function waitFor<T>(what: string, f: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await f();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (${(last as Error).message})` : ''}`);
}

function stopChild(p: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => p.kill('SIGKILL'), 15_000);
    p.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    p.kill(signal);
  });
}

export interface Running {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  stop(): Promise<void>;
}

/** `tidegauge serve --port 0 --data-dir DIR` with a small loopback swarm; resolves once it prints its URL. */
export async function startServe(extra: string[] = []): Promise<Running & { pid: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tg-prom-serve-'));
  const p = spawn(
    process.execPath,
    [
      BIN,
      'serve',
      '--port',
      '0',
      '--data-dir',
      dir,
      '--seeders',
      '2',
      '--leechers',
      '1',
      '--content-size',
      '4MiB',
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TIDEGAUGE_DATA_DIR: dir } },
  );
  let out = '';
  p.stdout?.on('data', (b) => {
    out += String(b);
  });
  p.stderr?.on('data', (b) => {
    out += String(b);
  });
  const stop = async () => {
    await stopChild(p);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = await waitFor(
      'serve to print its URL',
      async () => {
        if (p.exitCode !== null) throw new Error(`serve exited: ${out}`);
        return /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
      },
      150_000,
    );
    return { url, port: Number(new URL(url).port), dir, pid: p.pid as number, stop: () => stop() };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Stop a serve but keep its folder (to read its recording); returns when the recording is closed. */
export function stopServeOnly(pid: number): Promise<void> {
  return new Promise((resolve) => {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      resolve();
      return;
    }
    const end = Date.now() + 20_000;
    const poll = () => {
      try {
        process.kill(pid, 0);
      } catch {
        resolve();
        return;
      }
      if (Date.now() > end) {
        process.kill(pid, 'SIGKILL');
        resolve();
        return;
      }
      setTimeout(poll, 100);
    };
    poll();
  });
}

/** Backfill OpenMetrics text into a TSDB folder (before Prometheus starts on it). */
export function backfill(storage: string, openmetrics: string): void {
  mkdirSync(storage, { recursive: true });
  const file = join(storage, '..', `backfill-${process.pid}.om`);
  writeFileSync(file, openmetrics);
  const r = spawnSync(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', file, storage], { encoding: 'utf8' });
  rmSync(file, { force: true });
  if (r.status !== 0) throw new Error(`promtool backfill failed: ${r.stdout}${r.stderr}`);
}

/**
 * Prometheus on 127.0.0.1 scraping `targets` (host:port) every second, storage in a temp folder
 * (backfilled first by `fill`, when given). Resolves when it answers queries.
 */
export async function startPrometheus(
  targets: string[],
  fill?: (storage: string) => void,
): Promise<Running & { storage: string; pause(): Promise<void>; resume(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tg-prom-'));
  const storage = join(dir, 'data');
  mkdirSync(storage);
  fill?.(storage);
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1m',
    'scrape_configs:',
    '  - job_name: tidegauge',
    '    static_configs:',
    `      - targets: [${targets.map((t) => `"${t}"`).join(', ')}]`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let err = '';
  const launch = () => {
    const child = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${storage}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--storage.tsdb.retention.time=30d',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir },
    );
    child.stderr?.on('data', (b) => {
      err = (err + String(b)).slice(-4000);
    });
    return child;
  };
  const ready = (child: ChildProcess) =>
    waitFor('prometheus to be ready', async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited: ${err}`);
      const r = await fetch(`${url}/-/ready`);
      return r.ok ? true : undefined;
    });
  let p = launch();
  const stop = async () => {
    await stopChild(p);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await ready(p);
    // Stopped and started again on the same port and storage: a server that went away and came back.
    const pause = () => stopChild(p);
    const resume = async () => {
      p = launch();
      await ready(p);
    };
    return { url, port, dir, storage, stop, pause, resume };
  } catch (e) {
    await stop();
    throw e;
  }
}
