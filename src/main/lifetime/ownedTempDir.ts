import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pidAlive, processStart } from '../storage/journalOwner';

/*
 * Folders a process makes under the system's temporary folder (a browser profile for a
 * report, the engine's downloads, an upload being staged) and removes when it is done. A
 * process killed with SIGKILL, or one whose shutdown deadline forced its exit, cannot remove
 * them, so each is made recognisable: `tidegauge-<kind>-<pid>-XXXXXX`, with a marker inside
 * naming the owner's pid and, on Linux, when that process started. The next process of the
 * same kind removes the folders of owners that are gone, and never one whose owner runs (a
 * pid the system gave to another process since does not count as the owner running).
 *
 * A forced exit still runs 'exit' listeners: the folders this process holds are removed
 * there, so only SIGKILL (or a power cut) leaves one for the sweep.
 */

/** The marker file inside each folder. */
export const OWNER_MARKER = '.tidegauge-owner';

interface Owner {
  readonly pid: number;
  readonly procStart?: string;
}

const held = new Set<string>();
let exitHookInstalled = false;

function removeHeldAtExit(): void {
  for (const dir of held) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // a file still being written (a worker thread ends with us): the next sweep gets it
    }
  }
}

const NAME = /^tidegauge-([a-z]+)-(\d+)-[A-Za-z0-9]{6}$/;

/** Make `tidegauge-<kind>-<pid>-XXXXXX` under `base` (default: the system's temporary folder), marked as ours. */
export function makeOwnedDir(kind: string, base = tmpdir()): string {
  if (!/^[a-z]+$/.test(kind)) throw new Error(`a temporary folder's kind is lower-case letters, got "${kind}"`);
  const dir = mkdtempSync(join(base, `tidegauge-${kind}-${process.pid}-`));
  const start = processStart(process.pid);
  const owner: Owner = start === null ? { pid: process.pid } : { pid: process.pid, procStart: start };
  writeFileSync(join(dir, OWNER_MARKER), `${JSON.stringify(owner)}\n`);
  held.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', removeHeldAtExit);
  }
  return dir;
}

/** Remove a folder made by makeOwnedDir (and forget it). */
export function removeOwnedDir(dir: string): void {
  held.delete(dir);
  rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
}

/** Whether the process that made `dir` (named `name`) still runs. */
function ownerRuns(dir: string, pidInName: number): boolean {
  let owner: Owner | null = null;
  try {
    const parsed = JSON.parse(readFileSync(join(dir, OWNER_MARKER), 'utf8')) as Partial<Owner>;
    if (parsed.pid === pidInName) owner = parsed as Owner;
  } catch {
    // No marker (the owner died between making the folder and marking it): the pid decides.
  }
  if (!pidAlive(pidInName)) return false;
  if (pidInName === process.pid) {
    // Ours only if our marker says so; a folder of a former process with our pid is not.
    return owner?.procStart === undefined || owner.procStart === processStart(process.pid);
  }
  if (owner?.procStart === undefined) return true;
  const now = processStart(pidInName);
  return now === null || now === owner.procStart;
}

const swept = new Set<string>();

/**
 * Remove the `tidegauge-<kind>-…` folders under `base` whose owner is gone; once per kind and
 * process unless `again`. `companions` names what else a stale folder's owner left (read from
 * inside the folder before it goes), removed with it. Returns what it removed. Folders of other
 * users it cannot remove are left as they are.
 */
export function sweepStaleDirs(
  kind: string,
  base = tmpdir(),
  again = false,
  companions: (dir: string) => string[] = () => [],
): string[] {
  const key = `${kind}\0${base}`;
  if (swept.has(key) && !again) return [];
  swept.add(key);
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m || m[1] !== kind) continue;
    const dir = join(base, name);
    if (held.has(dir) || ownerRuns(dir, Number(m[2]))) continue;
    for (const d of [...companions(dir), dir]) {
      try {
        rmSync(d, { recursive: true, force: true, maxRetries: 2 });
        removed.push(d);
      } catch {
        // another user's, or being removed by someone else: not ours to insist on
      }
    }
  }
  return removed;
}
