import { flushSync } from 'react-dom';

/**
 * Spreads chart updates over animation frames. Every panel registers an update; new data
 * marks them all dirty; each frame renders dirty panels (oldest first) until the frame's
 * budget is spent, so one frame never renders every chart at once. With more panels than a
 * frame can hold, each panel simply refreshes a little less often than the data arrives.
 */
export class RenderScheduler {
  private readonly jobs = new Map<number, () => void>();
  private readonly queue: number[] = [];
  private readonly queued = new Set<number>();
  private nextId = 1;
  private frame = 0;
  private paused = false;
  /** Frames run, panels rendered and charts redrawn (panels also render for their legends), for the frame benchmark. */
  readonly stats = { frames: 0, renders: 0, draws: 0 };

  constructor(private readonly budgetMs = 8) {}

  register(update: () => void): () => void {
    const id = this.nextId++;
    this.jobs.set(id, update);
    return () => {
      this.jobs.delete(id);
      this.queued.delete(id);
    };
  }

  /** Live data arrived: every panel should redraw. Ignored while the view is frozen (paused, zoomed). */
  invalidate(force = false): void {
    if (this.paused && !force) return;
    for (const id of this.jobs.keys()) {
      if (this.queued.has(id)) continue;
      this.queued.add(id);
      this.queue.push(id);
    }
    this.schedule();
  }

  setFrozen(frozen: boolean): void {
    this.paused = frozen;
  }

  private schedule(): void {
    if (this.frame || this.queue.length === 0) return;
    this.frame = requestAnimationFrame(this.run);
  }

  private readonly run = (): void => {
    this.frame = 0;
    this.stats.frames++;
    const start = performance.now();
    let done = 0;
    while (this.queue.length && (done === 0 || performance.now() - start < this.budgetMs)) {
      const id = this.queue.shift() as number;
      if (!this.queued.delete(id)) continue;
      const job = this.jobs.get(id);
      if (!job) continue;
      flushSync(job);
      done++;
    }
    this.stats.renders += done;
    this.schedule();
  };
}
