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

/**
 * Any error of a request as the one failure shape both shells translate: refusals keep their
 * status, a file that cannot be read is 422, the rest 500. The message is the user's to read.
 */
export function failure(e: unknown): LibraryFailure {
  if (e instanceof RequestError || e instanceof LibraryError) return { ok: false, status: e.status, error: e.message };
  if (e instanceof SessionFileError) return { ok: false, status: 422, error: e.message };
  return { ok: false, status: 500, error: e instanceof Error ? e.message : String(e) };
}
