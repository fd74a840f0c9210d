import { randomBytes } from 'node:crypto';
import { rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeWal } from '../../shared/session/wal';
import { LruCache } from './lruCache';
import { writeSessionFile } from './sessionExport';
import { exists, journalPath, type OpenedSession, pidAlive, readHead } from './sessionFiles';
import type { SessionReader } from './sessionReader';

/** Whether the process that writes this journal is still running (its header names it). */
export async function journalOwnerAlive(wal: string): Promise<boolean> {
  try {
    return pidAlive(decodeWal(await readHead(wal, 4096)).info.pid);
  } catch {
    return false;
  }
}

/**
 * A recording whose process died leaves <id>.wal beside a file without an end marker.
 * Recovery folds the journal in: rewrites the file (to a temporary, renamed over it) with every
 * recovered sample and an end marker, then drops the journal.
 */
export class JournalRecovery {
  /** Folds under way, so two requests for one session fold it once. */
  private readonly folding = new LruCache<void>(0);

  constructor(
    private readonly dir: string,
    private readonly reader: SessionReader,
  ) {}

  /** Fold the journal beside `file` in if its recording was interrupted; otherwise do nothing. */
  recoverIfInterrupted(id: string, file: string): Promise<void> {
    return this.folding.get(id, null, () => this.fold(id, file));
  }

  private async fold(id: string, file: string): Promise<void> {
    const wal = journalPath(file);
    if (!(await exists(wal)) || (await journalOwnerAlive(wal))) return;
    let opened: OpenedSession;
    try {
      opened = await this.reader.read(file);
    } catch {
      return; // unreadable: leave both files for the user to look at
    }
    const tmp = join(this.dir, `.${id}.${randomBytes(3).toString('hex')}.recover`);
    await writeSessionFile(opened.data, tmp);
    await rename(tmp, file);
    await unlink(wal);
  }
}
