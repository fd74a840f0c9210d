import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { MarkerSchema } from '../../shared/session/meta';
import { sidecarPath } from './libraryPaths';

/*
 * <id>.json beside a library session: the title, notes, tags and markers the user edits (the
 * session file itself is never rewritten), and the summary computed for exactly that file, so
 * listing a folder of day-long sessions does not decode them.
 */

const CachedSummary = z.object({
  size: z.number(),
  mtimeMs: z.number(),
  samples: z.number(),
  startedAt: z.number(),
  endedAt: z.number(),
  warnings: z.array(z.string()),
});
export type CachedSummary = z.infer<typeof CachedSummary>;

const Sidecar = z.object({
  version: z.literal(1),
  title: z.string().max(500).optional(),
  notes: z.string().max(100_000).optional(),
  tags: z.array(z.string()).max(64).optional(),
  markers: z.array(MarkerSchema).max(200).optional(),
  cache: CachedSummary.optional(),
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
      await writeFile(tmp, `${JSON.stringify(change(await this.read(id)), null, 2)}\n`);
      await rename(tmp, path);
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

  /** Remove the sidecar of `id`, if it has one. */
  async remove(id: string): Promise<void> {
    await unlink(sidecarPath(this.dir, id)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }
}
