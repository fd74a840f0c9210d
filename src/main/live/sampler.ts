import { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../../shared/api';

export function checkInterval(ms: number): number {
  if (!Number.isInteger(ms) || ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
    throw new RangeError(
      `sample interval must be a whole number of ms from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS}, got ${ms}`,
    );
  }
  return ms;
}

/**
 * Calls `tick` every `intervalMs`, scheduled against a fixed start so ticks do not drift
 * (a late tick is followed by a shorter wait; missed ticks are skipped, not bunched).
 */
export class Sampler {
  private timer: NodeJS.Timeout | null = null;
  private origin = 0;
  private n = 0;

  constructor(
    private intervalMs: number,
    private readonly tick: () => void,
  ) {
    checkInterval(intervalMs);
  }

  get interval(): number {
    return this.intervalMs;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.origin = performance.now();
    this.n = 0;
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  setInterval(ms: number): void {
    this.intervalMs = checkInterval(ms);
    if (this.timer) {
      this.stop();
      this.start();
    }
  }

  private schedule(): void {
    const now = performance.now();
    this.n = Math.max(this.n + 1, Math.ceil((now - this.origin) / this.intervalMs));
    const due = this.origin + this.n * this.intervalMs;
    this.timer = setTimeout(
      () => {
        this.tick();
        if (this.timer) this.schedule();
      },
      Math.max(0, due - now),
    );
    this.timer.unref?.();
  }
}
