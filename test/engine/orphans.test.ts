import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

/*
 * Children die with their parent: `serve` (the built CLI, as a user runs it) with its loopback
 * swarm is killed with SIGKILL, which it cannot catch; 2 s later none of the processes it had
 * started may be alive. Descendants are collected from /proc before the kill (a process id with
 * its start time, so a reused id is not mistaken for a survivor).
 */

const ROOT = join(import.meta.dirname, '..', '..');

/** Newest modification time of the files the built main bundle is made from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** The test runs bin/tidegauge.js, which runs out/: build it first when the sources are newer. */
function ensureBuilt(): void {
  const built = ['cli', 'engine-peer', 'engine-worker'].map((n) => join(ROOT, 'out', 'main', `${n}.js`));
  const oldest = Math.min(...built.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  const sources = Math.max(newestSource(join(ROOT, 'src', 'main')), newestSource(join(ROOT, 'src', 'shared')));
  if (oldest > sources) return;
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`);
}

interface Proc {
  readonly pid: number;
  readonly start: string;
}

/** pid -> [parent pid, start time] of every process, from /proc/<pid>/stat. */
function processTable(): Map<number, { ppid: number; start: string; state: string }> {
  const out = new Map<number, { ppid: number; start: string; state: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    // The command name (field 2) may hold spaces and parentheses: split after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(name), { state: fields[0] as string, ppid: Number(fields[1]), start: fields[19] as string });
  }
  return out;
}

function descendants(root: number): Proc[] {
  const table = processTable();
  const found: Proc[] = [];
  const queue = [root];
  while (queue.length) {
    const parent = queue.shift() as number;
    for (const [pid, p] of table) {
      if (p.ppid !== parent) continue;
      found.push({ pid, start: p.start });
      queue.push(pid);
    }
  }
  return found;
}

/** Still running (a zombie waiting to be reaped has ended). */
function alive(p: Proc): boolean {
  const now = processTable().get(p.pid);
  return now !== undefined && now.start === p.start && now.state !== 'Z';
}

let dataDir = '';
const started: ChildProcess[] = [];

beforeAll(() => {
  ensureBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'tidegauge-orphans-'));
}, 320_000);

afterAll(() => {
  for (const c of started) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function startServe(): { child: ChildProcess; exited: Promise<void>; output: () => string } {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'tidegauge.js'), 'serve', '--port', '0', '--data-dir', dataDir, '--no-record'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  started.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited, output: () => out };
}

async function until(what: string, cond: () => boolean, serve: { output: () => string }): Promise<void> {
  const end = Date.now() + 120_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${what} within 120 s:\n${serve.output()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** SIGKILL serve, wait 2 s, and return which of `before` are still running (killing them then). */
async function killAndCount(s: ReturnType<typeof startServe>, before: Proc[]): Promise<number[]> {
  s.child.kill('SIGKILL');
  await s.exited;
  await new Promise((r) => setTimeout(r, 2000));
  const survivors = before.filter(alive);
  for (const p of survivors) process.kill(p.pid, 'SIGKILL');
  return survivors.map((p) => p.pid);
}

// 3 seeders and 2 leechers in the default swarm.
const MEMBERS = 5;

it('kill -9 of serve while its swarm members are still starting leaves none of them 2 s later', async () => {
  const s = startServe();
  const pid = s.child.pid as number;
  let before: Proc[] = [];
  // The members are forked one after another; kill as soon as all exist (they are loading webtorrent).
  const all = () => {
    before = descendants(pid);
    return before.length >= MEMBERS;
  };
  await until('the swarm members did not start', all, s);
  expect(await killAndCount(s, before)).toEqual([]);
}, 180_000);

it('kill -9 of serve once it is live with its swarm leaves no process it started 2 s later', async () => {
  const s = startServe();
  // The line comes once the host runs its source, i.e. the swarm's members have all started.
  await until('serve was not live', () => /Tidegauge is serving/.test(s.output()), s);
  const before = descendants(s.child.pid as number);
  expect(before.length, s.output()).toBeGreaterThanOrEqual(MEMBERS);
  expect(await killAndCount(s, before)).toEqual([]);
}, 180_000);
