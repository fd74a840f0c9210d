/**
 * Values computed asynchronously, the `capacity` most recently used kept. Each value is valid
 * for one `version` of its key (a file's size and modification time): a new version replaces
 * the old. Calls that ask for a value while it is being computed share that computation, so a
 * summary and a data request for one session decode it once. A null version (a file being
 * recorded, which may grow) is computed afresh each time and never kept.
 */
export class LruCache<V> {
  /** Least recently used first. */
  private readonly kept = new Map<string, { version: string; value: V }>();
  private readonly running = new Map<string, Promise<V>>();

  constructor(readonly capacity: number) {}

  /** The value of `key` at `version`: kept, being computed, or computed now. `keep` false: do not keep it. */
  get(
    key: string,
    version: string | null,
    compute: () => Promise<V>,
    keep: (v: V) => boolean = () => true,
  ): Promise<V> {
    const hit = version === null ? undefined : this.kept.get(key);
    if (hit && hit.version === version) {
      this.kept.delete(key);
      this.kept.set(key, hit);
      return Promise.resolve(hit.value);
    }
    const run = `${key}\n${version}`;
    const under = this.running.get(run);
    if (under) return under;
    const p = (async () => {
      try {
        // Started from a microtask, so even a compute that throws at once finds itself registered.
        const value = await Promise.resolve().then(compute);
        if (version !== null && keep(value)) this.set(key, version, value);
        return value;
      } finally {
        this.running.delete(run);
      }
    })();
    this.running.set(run, p);
    return p;
  }

  /** Whether `key` at `version` is kept or being computed (asking for it costs nothing more). */
  has(key: string, version: string | null): boolean {
    if (version === null) return false;
    return this.kept.get(key)?.version === version || this.running.has(`${key}\n${version}`);
  }

  /** Keep a value known to be the one of `key` at `version`. */
  set(key: string, version: string, value: V): void {
    this.kept.delete(key);
    this.kept.set(key, { version, value });
    while (this.kept.size > this.capacity) this.kept.delete(this.kept.keys().next().value as string);
  }
}
