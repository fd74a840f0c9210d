import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, rename, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describeDamage } from '../../shared/session/decode';
import { decodeWal } from '../../shared/session/wal';
import { ownerAlive } from './journalOwner';
import { filesStamp } from './libraryPaths';
import { LruCache } from './lruCache';
import { writeSessionFile } from './sessionExport';
import { exists, journalPath, type OpenedSession, readHead } from './sessionFiles';
import type { KeptFile, Sidecars } from './sidecar';

/**
 * Whether the process that writes this journal of session `id` is still writing it (its header
 * names it). Another session's journal, or one that cannot be read, has no writer for this one.
 */
export async function journalOwnerAlive(wal: string, id: string): Promise<boolean> {
  try {
    const { info } = decodeWal(await readHead(wal, 4096));
    return info.id === id && ownerAlive(info, wal);
  } catch {
    return false;
  }
}

/** A failed fold is tried again after this long (space may have come back) or when a file changes. */
const RETRY_MS = 10_000;

/** `path`, or `path.2`, `path.3`... whichever does not exist yet. */
async function freeName(path: string): Promise<string> {
  let p = path;
  for (let n = 2; await exists(p); n++) p = `${path}.${n}`;
  return p;
}

const parts = (n: number) => `${n} damaged ${n === 1 ? 'part' : 'parts'}`;

/**
 * A recording whose process died leaves <id>.wal beside a file without an end marker.
 * Recovery folds the journal in: rewrites the file (to a temporary, renamed over it) with every
 * recovered sample and an end marker. Nothing it could not fold is deleted: a journal with
 * damaged frames, another session's or one that cannot be read is kept as <id>.wal.damaged,
 * and a file whose damaged batches the rewrite leaves out is kept as <id>.arrow.damaged, each
 * with its reason in the sidecar. Only a journal folded whole is deleted.
 */
export class JournalRecovery {
  /** Folds under way, so two requests for one session fold it once. */
  private readonly folding = new LruCache<void>(0);
  /** Folds that failed (a full disk, a file that does not decode), by id. */
  private readonly failed = new Map<string, { stamp: string; at: number; error: string }>();

  constructor(
    private readonly dir: string,
    /** How the library opens a session (remembering files that do not decode). */
    private readonly read: (id: string, file: string) => Promise<OpenedSession>,
    private readonly sidecars: Sidecars,
  ) {}

  /** Fold the journal beside `file` in if its recording was interrupted; otherwise do nothing. */
  recoverIfInterrupted(id: string, file: string): Promise<void> {
    return this.folding.get(id, null, () => this.fold(id, file));
  }

  /** Why the journal of `id` is still not folded in (the last attempt failed), or null. */
  problem(id: string): string | null {
    return this.failed.get(id)?.error ?? null;
  }

  private async fold(id: string, file: string): Promise<void> {
    const wal = journalPath(file);
    if (!(await exists(wal))) {
      this.failed.delete(id);
      return;
    }
    if (await journalOwnerAlive(wal, id)) return;
    const stamp = await filesStamp(file);
    const last = this.failed.get(id);
    if (last && last.stamp === stamp && Date.now() - last.at < RETRY_MS) return;
    let opened: OpenedSession;
    try {
      opened = await this.read(id, file);
    } catch {
      // The file itself does not open (the library shows why): leave both files for the user.
      return;
    }
    if (!opened.journal || opened.state === 'recording') return;
    try {
      await this.apply(id, file, wal, opened);
      this.failed.delete(id);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code === 'ENOSPC' ? 'the disk is full' : err.message;
      this.failed.set(id, {
        stamp,
        at: Date.now(),
        error: `the journal could not be folded in yet (${why}); both files are kept as they are`,
      });
    }
  }

  private async apply(id: string, file: string, wal: string, opened: OpenedSession): Promise<void> {
    const j = opened.journal;
    if (!j) return;
    // Another session's journal, or one that cannot be read: the file is left as it is.
    if (j.verdict === 'folded' || j.verdict === 'damaged') {
      // The new file first: on a full disk that is what fails, and then nothing else was written.
      const tmp = join(this.dir, `.${id}.${randomBytes(3).toString('hex')}.recover`);
      await writeSessionFile(opened.data, tmp);
      try {
        // It leaves the damaged batches out: keep the file as it was.
        if (opened.damaged.length) await this.keepCopy(id, file, opened);
        await rename(tmp, file);
      } catch (e) {
        await unlink(tmp).catch(() => {});
        throw e;
      }
    }
    if (!j.keep) {
      await unlink(wal);
      return;
    }
    const kept = await freeName(`${wal}.damaged`);
    await this.keep(id, { file: basename(kept), reason: j.reason ?? 'the journal could not be folded in whole' });
    await rename(wal, kept);
  }

  /** Copy `file` to <id>.arrow.damaged (and say why in the sidecar) before a fold rewrites it without its damaged batches. */
  private async keepCopy(id: string, file: string, opened: OpenedSession): Promise<void> {
    const copy = await freeName(`${file}.damaged`);
    const first = opened.damaged[0] as (typeof opened.damaged)[number];
    const more = opened.damaged.length > 1 ? ` (and ${opened.damaged.length - 1} more)` : '';
    await this.keep(id, {
      file: basename(copy),
      reason: `the file as it was before its journal was folded in, with ${parts(opened.damaged.length)} the new file leaves out: ${describeDamage(first)}${more}`,
    });
    try {
      await copyFile(file, copy, constants.COPYFILE_EXCL);
    } catch (e) {
      await unlink(copy).catch(() => {});
      const gone = basename(copy);
      await this.sidecars.edit(id, (s) => ({ ...s, kept: s.kept?.filter((x) => x.file !== gone) })).catch(() => {});
      throw e;
    }
  }

  /** Note a kept file and why in the sidecar (before the file takes that name: a crash leaves no unexplained file). */
  private keep(id: string, k: KeptFile): Promise<void> {
    return this.sidecars.edit(id, (s) => ({ ...s, kept: [...(s.kept ?? []).filter((x) => x.file !== k.file), k] }));
  }
}
