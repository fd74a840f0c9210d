import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { readSessionFile } from '../../src/main/storage/sessionFiles';
import { isHistoryFrame } from '../../src/shared/series-history';
import { decodeSnapshot } from '../../src/shared/snapshot';
import {
  alive,
  type Cli,
  descendants,
  ensureBuilt,
  killAllClis,
  killSurvivors,
  type Proc,
  runCli,
  within,
} from '../helpers/processes';

/*
 * `serve` as a user runs it (the built CLI, the engine with its loopback swarm, recording on)
 * is stopped with SIGTERM or SIGINT at a random moment: it must exit 0, leave one complete
 * session file (end marker, no journal, nothing damaged) holding every sample a browser was
 * sent, and no process it started. Fatal startup errors end it with their exit code.
 *
 * Nothing here asserts how fast: the bounds are generous deadlines (serve's own forced exit
 * comes at 5 s), and the times seen are printed for the record.
 */

/** Trials per signal; TIDEGAUGE_STOP_TRIALS=10 runs the full count. */
const TRIALS = Number(process.env.TIDEGAUGE_STOP_TRIALS ?? 1);
const dirs: string[] = [];
const stopTimes: number[] = [];

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tidegauge-stop-'));
  dirs.push(d);
  return d;
}

beforeAll(() => ensureBuilt(), 320_000);
afterAll(() => {
  killAllClis();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  if (stopTimes.length)
    console.log(
      `serve stop: exit ${stopTimes.length} times after ${Math.min(...stopTimes)}–${Math.max(...stopTimes)} ms (median ${[...stopTimes].sort((a, b) => a - b)[Math.floor(stopTimes.length / 2)]} ms)`,
    );
});

/** Every snapshot a browser is sent, by time, until the socket closes. */
function watch(url: string): { times: number[]; closed: Promise<void> } {
  const times: number[] = [];
  const ws = new WebSocket(url.replace(/^http/, 'ws').replace(/\/(\?|$)/, '/ws$1'));
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const bytes = new Uint8Array(data as Buffer);
    // The session's history comes first on connect; the samples the client saw live are the snapshots.
    if (!isHistoryFrame(bytes.slice().buffer)) times.push(decodeSnapshot(bytes).t);
  });
  ws.on('error', () => {});
  return { times, closed: new Promise((resolve) => ws.once('close', () => resolve())) };
}

/** Wait until none of `procs` runs (up to `ms`), then kill and name whichever still do. */
async function survivorsAfter(procs: readonly Proc[], ms: number): Promise<string[]> {
  const end = Date.now() + ms;
  while (Date.now() < end && procs.some(alive)) await new Promise((r) => setTimeout(r, 50));
  return killSurvivors(procs);
}

/** The session files left in `dir`: every .arrow complete, no journal or temp file (.wal, .part) beside it. */
async function completeSessions(dir: string): Promise<{ files: string[]; times: number[][] }> {
  const sessions = join(dir, 'sessions');
  // Sidecars (.json metadata, .levels overview index) belong beside a session; a .part does not.
  const names = readdirSync(sessions).filter((f) => !f.endsWith('.json') && !f.endsWith('.levels'));
  const leftovers = names.filter((f) => !f.endsWith('.arrow'));
  expect(leftovers, 'journals or temp files left beside the recording').toEqual([]);
  const times: number[][] = [];
  for (const f of names) {
    const opened = await readSessionFile(join(sessions, f));
    expect(opened.state, f).toBe('complete');
    expect(opened.warnings, f).toEqual([]);
    expect(opened.damaged, f).toEqual([]);
    times.push([...opened.data.t]);
  }
  return { files: names, times };
}

/**
 * Exit 0; or, on a machine so loaded that the engine's goodbye to its peers outlasts serve's
 * 5 s deadline, exit 1 cut off in that last graceful step only (the recording and the
 * connections were closed before it; the file checks below still hold).
 */
function expectStopped(code: number | string, serve: Cli): void {
  if (code === 1) expect(serve.output()).toMatch(/shutdown deadline passed while stopping the source had not finished/);
  else expect(code, serve.output()).toBe(0);
}

async function stopOnce(signal: 'SIGTERM' | 'SIGINT', waitMs: number): Promise<void> {
  const dir = dataDir();
  const serve = runCli(['serve', '--port', '0', '--data-dir', dir, '--interval', '200']);
  await serve.waitFor(/Recording to/);
  const url = /at (http:\S+)/.exec(serve.output())?.[1] as string;
  const seen = watch(url);
  await new Promise((r) => setTimeout(r, waitMs));
  const before = descendants(serve.pid);
  const t0 = performance.now();
  serve.child.kill(signal);
  const code = await within(serve.exited, 30_000, `serve did not exit after ${signal}`);
  stopTimes.push(Math.round(performance.now() - t0));
  expectStopped(code, serve);
  expect(await survivorsAfter(before, 5000), 'processes serve started, alive after it exited').toEqual([]);
  await seen.closed;
  const { files, times } = await completeSessions(dir);
  expect(files).toHaveLength(1);
  // Nothing lost: every sample a browser was sent is in the file.
  const recorded = new Set(times[0]);
  expect(seen.times.filter((t) => !recorded.has(t))).toEqual([]);
  expect(recorded.size).toBeGreaterThanOrEqual(seen.times.length);
}

describe('serve stops on a signal, whatever it is doing', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (let i = 0; i < TRIALS; i++) {
      // A random moment in the first three seconds of serving (the swarm starting its cycle).
      const waitMs = Math.floor(Math.random() * 3000);
      it(`${signal} ${waitMs} ms after it started serving: exit 0, one complete recording, no child left`, async () => {
        await stopOnce(signal, waitMs);
      }, 180_000);
    }
  }

  it('SIGTERM while it is still starting (its swarm members exist, nothing served yet) ends it too', async () => {
    const dir = dataDir();
    const serve = runCli(['serve', '--port', '0', '--data-dir', dir]);
    const end = Date.now() + 120_000;
    let before = descendants(serve.pid);
    for (; before.length < 1; before = descendants(serve.pid)) {
      if (Date.now() > end) throw new Error(`serve started no child within 120 s:\n${serve.output()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    serve.child.kill('SIGTERM');
    expectStopped(await within(serve.exited, 30_000, 'serve did not exit after SIGTERM'), serve);
    expect(serve.output()).not.toMatch(/Tidegauge is serving/);
    expect(await survivorsAfter(descendants(serve.pid).concat(before), 5000)).toEqual([]);
    await completeSessions(dir);
  }, 180_000);

  it('a second SIGTERM while stopping exits at once with 143', async () => {
    const serve = runCli(['serve', '--port', '0', '--data-dir', dataDir()]);
    await serve.waitFor(/Recording to/);
    const before = descendants(serve.pid);
    serve.child.kill('SIGTERM');
    // The engine takes a while to say goodbye to its peers: the second one comes meanwhile.
    await serve.waitFor(/SIGTERM: stopping/);
    serve.child.kill('SIGTERM');
    expect(await within(serve.exited, 30_000, 'serve did not exit after two SIGTERMs')).toBe(143);
    expect(serve.output()).toMatch(/SIGTERM again .*exiting now/);
    expect(await survivorsAfter(before, 5000)).toEqual([]);
  }, 180_000);
});

describe('serve ends at once on a fatal startup error', () => {
  let busy: Server;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('a port in use: exit 2 naming the port and how to pick another, nothing left running', async () => {
    const port = (busy.address() as { port: number }).port;
    const serve: Cli = runCli(['serve', '--port', String(port), '--data-dir', dataDir()]);
    const code = await within(serve.exited, 60_000, 'serve on a busy port did not exit');
    expect(code).toBe(2);
    expect(serve.output()).toContain(`port ${port} on 127.0.0.1 is in use; pick another with --port`);
    expect(descendants(serve.pid)).toEqual([]);
  }, 90_000);

  it('a data folder that cannot hold sessions: exit 1 naming it and --data-dir', async () => {
    const file = join(dataDir(), 'a-file');
    writeFileSync(file, 'not a folder');
    const serve = runCli(['serve', '--port', '0', '--data-dir', file]);
    expect(await within(serve.exited, 60_000, 'serve with a bad data folder did not exit')).toBe(1);
    expect(serve.output()).toContain(
      `cannot keep sessions in ${join(file, 'sessions')} (a file is in the way); pick another folder with --data-dir`,
    );
  }, 90_000);
});
