import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { WalInfo } from '../../shared/session/wal';

/*
 * Who is writing a journal. Its header names the writer's pid, and on Linux when that process
 * started (boot id + start time from /proc), so a pid the system has since given to another
 * process does not keep a dead recording "recording". This process's own journals are known
 * exactly: the writer registers each while it is open (a recording that failed on a full
 * disk is no longer being written, though its pid is alive).
 */

/** Journals this process is writing now (absolute paths). Per thread: workers are told. */
const writingHere = new Set<string>();

export function markWriting(wal: string, on: boolean): void {
  if (on) writingHere.add(resolve(wal));
  else writingHere.delete(resolve(wal));
}

/** Whether this thread's process has `wal` open for writing. */
export function isWritingHere(wal: string): boolean {
  return writingHere.has(resolve(wal));
}

let bootId: string | null | undefined;

/**
 * When process `pid` started: "<boot id>/<start time in clock ticks>" (field 22 of
 * /proc/<pid>/stat), or null where the platform does not say (not Linux, no such process).
 */
export function processStart(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    bootId ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = fields[22 - 3];
    return start && /^\d+$/.test(start) ? `${bootId}/${start}` : null;
  } catch {
    return null;
  }
}

let ownStart: string | null | undefined;

/** The WalInfo fields that identify this process as a journal's writer. */
export function ownerFields(): Pick<WalInfo, 'pid' | 'procStart'> {
  ownStart ??= processStart(process.pid);
  return ownStart === null ? { pid: process.pid } : { pid: process.pid, procStart: ownStart };
}

export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the writer a journal's header names is still writing it. For this process the
 * answer is exact (`writing`, default: this thread's registry); for another, its pid must be
 * alive and, where the header says when the writer started, be that same process.
 */
export function ownerAlive(owner: Pick<WalInfo, 'pid' | 'procStart'>, wal: string, writing?: boolean): boolean {
  if (owner.pid === process.pid) return writing ?? isWritingHere(wal);
  if (!pidAlive(owner.pid)) return false;
  if (owner.procStart === undefined) return true;
  const now = processStart(owner.pid);
  return now === null || now === owner.procStart;
}
