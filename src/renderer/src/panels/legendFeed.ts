/** What a live legend needs of the render scheduler: a job run when new samples arrive. */
export interface SampleJobs {
  register(job: () => void): () => void;
}

/**
 * How often a live legend's numbers change at most. People read a changing number a few times
 * a second at best; at the 10 Hz sample rate the digits only flicker, and each change costs
 * every panel a render, style and layout. 4 Hz still follows a rate as it moves.
 */
export const LEGEND_UPDATE_MS = 250;

/**
 * The numbers of one live panel's legend, read from the source when samples arrive but at most
 * every `everyMs`: a sample that comes sooner is read by a timer at the end of the wait, so the
 * legend always ends on the newest sample once samples stop. For `useSyncExternalStore`:
 * `get` returns the same array until the numbers change.
 */
export class LegendFeed {
  private values: readonly number[] | null;
  private last = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly read: () => readonly number[] | null,
    /** Null: a panel off the screen, whose numbers wait until it is back. */
    private readonly jobs: SampleJobs | null,
    private readonly everyMs = LEGEND_UPDATE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.values = read();
  }

  readonly get = (): readonly number[] | null => this.values;

  readonly subscribe = (onChange: () => void): (() => void) => {
    const refresh = () => {
      this.timer = null;
      this.last = this.now();
      const next = this.read();
      if (sameValues(next, this.values)) return;
      this.values = next;
      onChange();
    };
    // Samples may have arrived between this feed's construction and the subscription.
    refresh();
    const unregister = this.jobs?.register(() => {
      if (this.timer !== null) return;
      const wait = this.last + this.everyMs - this.now();
      if (wait <= 0) refresh();
      else this.timer = setTimeout(refresh, wait);
    });
    return () => {
      unregister?.();
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
    };
  };
}

function sameValues(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((v, i) => Object.is(v, b[i]));
}
