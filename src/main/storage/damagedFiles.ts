import type { Sidecar, Sidecars } from './sidecar';

/**
 * Sessions whose files do not decode, remembered by the files' stamp (filesStamp): in the
 * sidecar, so a restart does not decode them again either, and in memory, so a read-only folder
 * still lists without decoding them. A changed file (a new stamp) is tried again.
 */
export class DamagedFiles {
  private readonly known = new Map<string, { stamp: string; error: string }>();

  constructor(private readonly sidecars: Sidecars) {}

  /** Why `id` does not decode, when that is known for exactly this stamp; else null. */
  error(id: string, stamp: string, side: Sidecar): string | null {
    const m = this.known.get(id) ?? side.failed;
    return m?.stamp === stamp ? m.error : null;
  }

  async remember(id: string, stamp: string, error: string): Promise<void> {
    this.known.set(id, { stamp, error });
    // Best effort: a full or read-only disk still has the memory.
    await this.sidecars.edit(id, (s) => ({ ...s, failed: { stamp, error } })).catch(() => {});
  }

  forget(id: string): void {
    this.known.delete(id);
  }
}
