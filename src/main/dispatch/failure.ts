import { basename } from 'node:path';
import type { LibraryFailure } from '../../shared/library';
import { SessionFileError } from '../storage/sessionFiles';
import { LibraryError } from '../storage/sessionLibrary';

/** A request refused before or while it runs, with the HTTP status the browser shell answers. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/*
 * An absolute path in a message (POSIX or Windows): a client is told the file's name, never
 * where on the host it lives (the data folder, a temporary folder). Only text that starts a
 * word and has at least one folder in it counts, so "MiB/s" or "a/b" stay as they are.
 */
const POSIX_PATH = /(?<![\w.:/~-])\/(?:[^\s'"`/\\:;,()[\]{}<>]+\/)+([^\s'"`/\\:;,()[\]{}<>]*)/g;
const WINDOWS_PATH = /(?<![\w])[A-Za-z]:\\(?:[^\s'"`\\/:;,()[\]{}<>]+\\)*([^\s'"`\\/:;,()[\]{}<>]*)/g;

/** `message` with every host path cut to its last part. */
export function withoutPaths(message: string): string {
  return message
    .replace(POSIX_PATH, (_m, name: string) => name || '…')
    .replace(WINDOWS_PATH, (_m, name: string) => name || '…');
}

/** What went wrong on the host's side, in words: a system error's message names the path it was about. */
const SYSTEM: Readonly<Record<string, [number, string]>> = {
  ENOSPC: [507, 'the disk is full: there is no space left to store the file'],
  EDQUOT: [507, 'the disk quota is used up: there is no space left to store the file'],
  EROFS: [500, 'the data folder is on a read-only file system'],
  EACCES: [500, 'permission denied: the host may not write to its data or temporary folder'],
  EPERM: [500, 'permission denied: the host may not write to its data or temporary folder'],
  EMFILE: [503, 'the host has too many files open; try again'],
  ENFILE: [503, 'the host has too many files open; try again'],
  EIO: [500, 'the disk could not be read or written (an I/O error)'],
};

/**
 * Any error of a request as the one failure shape both shells translate: refusals keep their
 * status, a file that cannot be read is 422, a full disk 507, the rest 500. The message is the
 * user's to read, and names no host path (a file by its name only).
 */
export function failure(e: unknown): LibraryFailure {
  if (e instanceof RequestError || e instanceof LibraryError)
    return { ok: false, status: e.status, error: withoutPaths(e.message) };
  if (e instanceof SessionFileError) {
    const named = e.message.split(e.file).join(basename(e.file));
    return { ok: false, status: 422, error: withoutPaths(named) };
  }
  const system = SYSTEM[(e as NodeJS.ErrnoException | null)?.code ?? ''];
  if (system) return { ok: false, status: system[0], error: system[1] };
  return { ok: false, status: 500, error: withoutPaths(e instanceof Error ? e.message : String(e)) };
}
