import { basename, dirname, extname } from 'node:path';
import type { SessionMeta } from '../../../shared/session/meta';
import { Sidecars } from '../../storage/sidecar';

export interface ShownFields {
  readonly title: string | undefined;
  readonly tags: readonly string[];
  readonly notes: string | undefined;
}

/**
 * The title, tags and notes a user sees for a session file: the library's sidecar beside it
 * (<id>.json, edited in the app) over what the file itself says, so the CLI reads as the app does.
 */
export async function shownFields(file: string, meta: SessionMeta): Promise<ShownFields> {
  const s = await new Sidecars(dirname(file)).read(basename(file, extname(file)));
  return { title: s.title ?? meta.title, tags: s.tags ?? meta.tags ?? [], notes: s.notes ?? meta.notes };
}
