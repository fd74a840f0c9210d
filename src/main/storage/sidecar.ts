import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { MarkerSchema } from '../../shared/session/meta';
import { sidecarPath } from './libraryPaths';

/*
 * <id>.json beside a library session: the title, notes, tags and markers the user edits (the
 * session file itself is never rewritten), the summary computed for exactly that file (or why
 * it does not decode), so listing a folder of day-long sessions, or of damaged files, decodes
 * none of them, and the files kept beside it with why.
 */

const CachedSummary = z.object({
  size: z.number(),
  mtimeMs: z.number(),
  samples: z.number(),
  startedAt: z.number(),
  endedAt: z.number(),
  warnings: z.array(z.string()),
  /** A file without an end marker and no journal left beside it stays 'interrupted' (absent: complete). */
  state: z.enum(['complete', 'interrupted']).optional(),
});
export type CachedSummary = z.infer<typeof CachedSummary>;

/**
 * The session's files with this stamp (sizes and times, see filesStamp) do not decode: why. A
 * damaged file is decoded once, not on every listing.
 */
const CachedFailure = z.object({ stamp: z.string().max(200), error: z.string().max(10_000) });
export type CachedFailure = z.infer<typeof CachedFailure>;

const KeptFile = z.object({ file: z.string().max(300), reason: z.string().max(2000) });
export type KeptFile = z.infer<typeof KeptFile>;

const Sidecar = z.object({
  version: z.literal(1),
  title: z.string().max(500).optional(),
  notes: z.string().max(100_000).optional(),
  tags: z.array(z.string()).max(64).optional(),
  markers: z.array(MarkerSchema).max(200).optional(),
  cache: CachedSummary.optional(),
  failed: CachedFailure.optional(),
  /** Files beside the session that hold what the library could not fold into it (never deleted by it). */
  kept: z.array(KeptFile).max(100).optional(),
});
export type Sidecar = z.infer<typeof Sidecar>;

/** The sidecars of one sessions folder. */
export class Sidecars {
  /** Edits under way by id: each starts from what the one before it wrote. */
  private readonly edits = new Map<string, Promise<unknown>>();

  constructor(private readonly dir: string) {}

  /** The sidecar of `id`; none, or one that does not parse, reads as empty. */
  async read(id: string): Promise<Sidecar> {
    try {
      const r = Sidecar.safeParse(JSON.parse(await readFile(sidecarPath(this.dir, id), 'utf8')));
      return r.success ? r.data : { version: 1 };
    } catch {
      return { version: 1 };
    }
  }

  /** Change the sidecar of `id` (written to a temporary, renamed over it). */
  edit(id: string, change: (s: Sidecar) => Sidecar): Promise<void> {
    const p = (this.edits.get(id) ?? Promise.resolve()).then(async () => {
      const path = sidecarPath(this.dir, id);
      const tmp = `${path}.${randomBytes(3).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, `${JSON.stringify(change(await this.read(id)), null, 2)}\n`);
        await rename(tmp, path);
      } catch (e) {
        // A full disk must not leave a temporary behind.
        await unlink(tmp).catch(() => {});
        throw e;
      }
    });
    // The chain goes on whether this edit worked or not; the caller sees its own outcome.
    const tail: Promise<unknown> = p.then(
      () => this.settled(id, tail),
      () => this.settled(id, tail),
    );
    this.edits.set(id, tail);
    return p;
  }

  private settled(id: string, tail: Promise<unknown>): void {
    if (this.edits.get(id) === tail) this.edits.delete(id);
  }
}
