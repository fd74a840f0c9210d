import { performance } from 'node:perf_hooks';
import type { SessionCounters } from '../../../shared/counters';
import { M } from '../../../shared/registry-data';
import { TALLIES } from './tallies';

/*
 * The engine's bw.* rate gauges and the counters they measure, published together. The worker
 * tallies wire bytes, payload, pieces and waste (tallies.ts); this, on the main thread, turns
 * them into SessionCounters every step (20 ms) with one `publish` that also sets the rates of
 * the window ending at that step, so a reader sees all of a step or none of it: payload never
 * above wire bytes, TCP + uTP equal to the total, and each rate equal to what its counter moved
 * in the rate's window, at every sample. Stepping here, not in the worker, keeps the window
 * sliding while the worker thread is descheduled (a rate only that thread could lower would
 * hold its last value through the stall, and its integral would overshoot the counter).
 *
 * bw.*_rate: the bytes published in the steps of the trailing window (`windowMs`, the engine's
 * tickMs, 1 s by default: the host's default sample interval) divided by that window. A step's
 * bytes count in the steps numbered n..n+N-1 (numbers come from the clock, and the step runs
 * once per slot, early in it), so the rate integrates to the counter over time, and at a sample
 * it covers the window ending at the last step (20 ms before the sample at most while the main
 * thread keeps up).
 */

/** Where the cumulative tallies come from (a TallyReader on the worker's buffer). */
export interface TallySource {
  /** Fill `out`; false when the writer was mid-group (nothing is taken this step then). */
  read(out: Float64Array): boolean;
}

/** The counter each tally feeds, in the order of tallies.ts's Q. */
const TALLIED: readonly number[] = [
  M.NET_BYTES_SENT,
  M.NET_BYTES_RECV,
  M.NET_TCP_BYTES_SENT,
  M.NET_TCP_BYTES_RECV,
  M.NET_UTP_BYTES_SENT,
  M.NET_UTP_BYTES_RECV,
  M.BW_TOTAL_UPLOADED,
  M.BW_TOTAL_DOWNLOADED,
  M.PROTO_PIECES_UPLOADED,
  M.PROTO_PIECES_DOWNLOADED,
  M.PROTO_WASTE_BYTES,
];

/** The rate gauge of tally k (k < RATES.length), in the order of Q. */
const RATES: readonly number[] = [
  M.BW_UPLOAD_RATE,
  M.BW_DOWNLOAD_RATE,
  M.BW_UPLOAD_RATE_TCP,
  M.BW_DOWNLOAD_RATE_TCP,
  M.BW_UPLOAD_RATE_UTP,
  M.BW_DOWNLOAD_RATE_UTP,
  M.BW_PAYLOAD_UPLOAD_RATE,
  M.BW_PAYLOAD_DOWNLOAD_RATE,
];
const R = RATES.length;

/** Step length for a rate window: 20 ms, finer for short windows (ten steps at least). */
export function rateStepMs(windowMs: number): number {
  return Math.max(5, Math.min(20, windowMs / 10));
}

export class EngineMeters {
  readonly stepMs: number;
  private readonly steps: number;
  private readonly origin: number;
  private readonly current = new Float64Array(TALLIES);
  private readonly last = new Float64Array(TALLIES);
  /** Tallies since the last step. */
  private readonly delta = new Float64Array(TALLIES);
  /** Bytes per rate quantity of each step still in the window (ring of `steps` slots). */
  private readonly ring: Float64Array;
  private readonly slotStep: Float64Array;
  private readonly sums = new Float64Array(R);
  private readonly rates = new Float64Array(R);
  private readonly published = new Float64Array(R);
  private readonly perSecond: number;
  private lastStep = -1;

  constructor(
    readonly c: SessionCounters,
    private readonly tallies: TallySource,
    windowMs = 1000,
    /** The clock (ms); tests pass their own. */
    private readonly now: () => number = () => performance.now(),
  ) {
    if (TALLIED.length !== TALLIES) throw new Error('meters.ts and tallies.ts disagree on the tallies');
    this.origin = now();
    this.stepMs = rateStepMs(windowMs);
    this.steps = Math.max(1, Math.round(windowMs / this.stepMs));
    this.perSecond = 1000 / (this.steps * this.stepMs);
    this.ring = new Float64Array(this.steps * R);
    this.slotStep = new Float64Array(this.steps).fill(-1);
  }

  /**
   * Publish the tallies since the last step and the rates of the window that ends now, as one
   * write. A late call is numbered by the clock, so missed steps are empty.
   */
  step(): void {
    const n = Math.max(this.lastStep, Math.floor((this.now() - this.origin) / this.stepMs));
    const N = this.steps;
    // Drop the steps that left the window: those numbered n-N or less.
    for (let s = this.lastStep + 1; s <= n && s <= this.lastStep + N; s++) this.clearSlot(s % N, n - N);
    this.lastStep = n;
    const slot = n % N;
    if (this.slotStep[slot] !== n) {
      this.clearSlot(slot, n);
      this.slotStep[slot] = n;
    }
    const p = this.takeDelta();
    let any = false;
    for (let k = 0; k < p.length; k++) if (p[k] !== 0) any = true;
    for (let k = 0; k < R; k++) {
      const b = p[k] as number;
      this.ring[slot * R + k] = (this.ring[slot * R + k] as number) + b;
      this.sums[k] = (this.sums[k] as number) + b;
      this.rates[k] = Math.round((this.sums[k] as number) * this.perSecond);
      if (this.rates[k] !== this.published[k]) any = true;
    }
    if (!any) return;
    this.c.publish(TALLIED, p, RATES, this.rates);
    this.published.set(this.rates);
  }

  /**
   * Milliseconds until just after the next step boundary. Stepping once per slot, early in it,
   * keeps a step's bytes in the rate for N slots on average even when timers run late (with a
   * plain interval they stay longer, and the rate's integral overshoots its counter).
   */
  msToNextStep(): number {
    const t = this.now() - this.origin;
    return this.stepMs - (t % this.stepMs) + 1;
  }

  /**
   * The engine stopped (its worker is gone, so no group is open): publish what is left, and the
   * rates drop to 0 (nothing moves any more).
   */
  close(): void {
    this.c.publish(TALLIED, this.takeDelta(), RATES, new Float64Array(R));
    this.ring.fill(0);
    this.sums.fill(0);
    this.slotStep.fill(-1);
    this.published.fill(0);
    this.rates.fill(0);
  }

  /** What the worker tallied since the last call (nothing, if it was writing just then). */
  private takeDelta(): Float64Array {
    if (!this.tallies.read(this.current)) return this.delta.fill(0);
    for (let k = 0; k < TALLIES; k++) this.delta[k] = (this.current[k] as number) - (this.last[k] as number);
    this.last.set(this.current);
    return this.delta;
  }

  /** Empty a slot whose step is `before` or older. */
  private clearSlot(slot: number, before: number): void {
    if ((this.slotStep[slot] as number) > before) return;
    for (let k = 0; k < R; k++) {
      this.sums[k] = (this.sums[k] as number) - (this.ring[slot * R + k] as number);
      this.ring[slot * R + k] = 0;
    }
    this.slotStep[slot] = -1;
  }
}
