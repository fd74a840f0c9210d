import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The built CLI as a user runs it (`node bin/tidegauge.js …`), and the processes it leaves:
 * descendants are read from /proc with their start time, so a process id the kernel hands to
 * someone else later is not mistaken for a survivor.
 */

export const ROOT = join(import.meta.dirname, '..', '..');

/** Newest modification time of the files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** bin/tidegauge.js runs out/: build it first when the main-process sources are newer. */
export function ensureBuilt(): void {
  const built = ['cli', 'engine-peer', 'engine-worker', 'session-reader', 'session-import'].map((n) =>
    join(ROOT, 'out', 'main', `${n}.js`),
  );
  const oldest = Math.min(...built.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  const sources = Math.max(newestSource(join(ROOT, 'src', 'main')), newestSource(join(ROOT, 'src', 'shared')));
  if (oldest > sources) return;
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    { cwd: ROOT, encoding: 'utf8', timeout: 300_000 },
  );
  if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface Proc {
  readonly pid: number;
  readonly start: string;
  /** The command line when it was seen (for a message naming a survivor). */
  readonly cmd: string;
}

interface ProcStat {
  readonly ppid: number;
  readonly start: string;
  readonly state: string;
}

/** pid -> parent pid, start time and state of every process, from /proc/<pid>/stat. */
export function processTable(): Map<number, ProcStat> {
  const out = new Map<number, ProcStat>();
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

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim().slice(0, 160);
  } catch {
    return '?';
  }
}

/** Every process below `root` now (children, their children…). */
export function descendants(root: number): Proc[] {
  const table = processTable();
  const found: Proc[] = [];
  const queue = [root];
  while (queue.length) {
    const parent = queue.shift() as number;
    for (const [pid, p] of table) {
      if (p.ppid !== parent) continue;
      found.push({ pid, start: p.start, cmd: commandLine(pid) });
      queue.push(pid);
    }
  }
  return found;
}

/** Still running (a zombie waiting to be reaped has ended). */
export function alive(p: Proc): boolean {
  const now = processTable().get(p.pid);
  return now !== undefined && now.start === p.start && now.state !== 'Z';
}

/** Kill whichever of `procs` still run, and say which they were. */
export function killSurvivors(procs: readonly Proc[]): string[] {
  const survivors = procs.filter(alive);
  for (const p of survivors) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return survivors.map((p) => `${p.pid} ${p.cmd}`);
}

export interface Cli {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  output(): string;
  /** Wait (up to `ms`) until the output matches. */
  waitFor(re: RegExp, ms?: number): Promise<void>;
}

const started: ChildProcess[] = [];

/** Run `node bin/tidegauge.js ARGS…`; every process started here is killed by killAllClis. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Cli {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'tidegauge.js'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  started.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    pid: child.pid as number,
    exited,
    output: () => out,
    async waitFor(re, ms = 120_000) {
      const end = Date.now() + ms;
      while (!re.test(out)) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`the command ended before printing ${re}:\n${out}`);
        if (Date.now() > end) throw new Error(`no ${re} within ${ms / 1000} s:\n${out}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

/** For afterAll: SIGKILL every CLI process runCli started that is still running. */
export function killAllClis(): void {
  for (const c of started.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** Resolves with what `p` resolves to, or rejects naming `what` after `ms`. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
    }),
  ]);
}
