import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { overlaps } from '../../../shared/totals/report';
import type { SessionSlots } from '../../../shared/totals/slots';
import { sessionsDir } from '../../storage/dataDir';
import { isSessionId } from '../../storage/libraryPaths';
import { exists, readSessionFile, SessionFileError } from '../../storage/sessionFiles';
import { fileTitle } from '../../storage/sessionSummary';
import { slotsOfOpened } from '../../storage/sessionTotals';
import { Sidecars } from '../../storage/sidecar';
import { InputError } from '../args';

/*
 * The sessions `totals` adds up: the files named, or every session of a folder (a data folder
 * with sessions/ in it, or a sessions folder itself), read as `info` reads them, never changed
 * (a journal is folded in memory only). A session whose span, known from its sidecar's cached
 * summary, lies outside --from/--to is not decoded.
 */

export interface TotalsInput {
  readonly slots: SessionSlots[];
  readonly warnings: string[];
  /** Sessions left out because their span is outside the range (not decoded). */
  readonly outside: number;
}

interface Candidate {
  readonly file: string;
  /** Whether it was named on the command line (a bad one is an error, not a warning). */
  readonly named: boolean;
  readonly dir: string;
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function candidates(paths: readonly string[]): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const p of paths) {
    if (!(await isDir(p))) {
      if (!(await exists(p))) throw new InputError(`${p}: no such file or folder`);
      out.push({ file: p, named: true, dir: join(p, '..') });
      continue;
    }
    const dir = (await isDir(sessionsDir(p))) ? sessionsDir(p) : p;
    const names = (await readdir(dir)).filter((f) => f.endsWith('.arrow') && !f.startsWith('.')).sort();
    for (const f of names) out.push({ file: join(dir, f), named: false, dir });
  }
  return out;
}

/** The span a sidecar's cached summary gives for exactly this file, or null. */
async function cachedSpan(c: Candidate): Promise<{ first: number; last: number } | null> {
  const id = basename(c.file, '.arrow');
  if (!isSessionId(id)) return null;
  const cache = (await new Sidecars(c.dir).read(id)).cache;
  if (!cache) return null;
  const st = await stat(c.file);
  return cache.size === st.size && cache.mtimeMs === st.mtimeMs
    ? { first: cache.startedAt, last: cache.endedAt }
    : null;
}

export async function readTotalsInput(
  paths: readonly string[],
  range: { from?: number; to?: number },
): Promise<TotalsInput> {
  const slots: SessionSlots[] = [];
  const warnings: string[] = [];
  let outside = 0;
  for (const c of await candidates(paths)) {
    const span = range.from !== undefined || range.to !== undefined ? await cachedSpan(c) : null;
    if (span && !overlaps(span.first, span.last, range)) {
      outside++;
      continue;
    }
    try {
      const opened = await readSessionFile(c.file);
      const id = basename(c.file, '.arrow');
      const side = await new Sidecars(c.dir).read(id);
      for (const w of opened.warnings) warnings.push(`${c.file}: ${w}`);
      const s = slotsOfOpened(opened, side.title ?? fileTitle(opened.data));
      if (overlaps(s.first, s.last, range)) slots.push(s);
      else outside++;
    } catch (e) {
      if (!(e instanceof SessionFileError)) throw e;
      if (c.named) throw new InputError(e.message);
      warnings.push(`${e.message}; not counted`);
    }
  }
  return { slots, warnings, outside };
}
