import { performance } from 'node:perf_hooks';
import type { SessionCounters } from '../../../shared/counters';
import { M } from '../../../shared/registry-data';

/*
 * What the engine worker keeps next to the shared counters: the byte and piece tallies that are
 * published in steps together with the bw.* rate gauges computed from them, and the disk job
 * bookkeeping.
 *
 * Why steps: wire bytes, payload, pieces, waste and the rates must agree at every instant a
 * reader samples them (payload never above wire bytes, a rate equal to the change of its counter
 * over the rate's window). Counting them live into the shared buffer while the rates are set on
 * their own timer let a sample see one without the other. So these are tallied here and written
 * by one `publish` every step (20 ms): a reader sees all of a step or none of it.
 *
 * bw.*_rate: the bytes published in the steps of the trailing window (`windowMs`, the engine's
 * tickMs, 1 s by default: the host's default sample interval) divided by that window. A step's
 * bytes count in the steps numbered n..n+N-1 after the one that published them (step numbers
 * come from a fixed schedule, so a late timer shortens nothing), hence the gauge integrates to
 * the counter over time, and at a sample it covers the window ending at the last step (at most
 * one step, 20 ms, before the sample while the worker runs).
 */

/** Tallies published in steps (index into EngineMeters.pending) and the metric each feeds. */
export const Q = {
  SENT: 0,
  RECV: 1,
  TCP_SENT: 2,
  TCP_RECV: 3,
  UTP_SENT: 4,
  UTP_RECV: 5,
  PAY_UP: 6,
  PAY_DOWN: 7,
  PIECES_UP: 8,
  PIECES_DOWN: 9,
  WASTE: 10,
} as const;

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
  /** Increments since the last step, indexed by Q (the hot path adds here: plain doubles). */
  readonly pending = new Float64Array(TALLIED.length);
  readonly stepMs: number;
  private readonly steps: number;
  private readonly origin: number;
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
    windowMs = 1000,
    /** The clock (ms); tests pass their own. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.origin = now();
    this.stepMs = rateStepMs(windowMs);
    this.steps = Math.max(1, Math.round(windowMs / this.stepMs));
    this.perSecond = 1000 / (this.steps * this.stepMs);
    this.ring = new Float64Array(this.steps * R);
    this.slotStep = new Float64Array(this.steps).fill(-1);
  }

  /** Tally `n` for quantity `k` (of Q) until the next step publishes it. */
  add(k: number, n: number): void {
    this.pending[k] = (this.pending[k] as number) + n;
  }

  /** A disk job starts: it joins the queue (in flight until its callback). */
  jobStart(): number {
    this.c.inc(M.DISK_QUEUE_DEPTH, 1);
    return performance.now();
  }

  jobEnd(started: number): void {
    this.c.inc(M.DISK_QUEUE_DEPTH, -1);
    this.c.inc(M.DISK_JOB_TIME_US, Math.round((performance.now() - started) * 1000));
  }

  /**
   * Publish the tallies since the last step and the rates of the window that ends now, as one
   * write. Call every `stepMs`; a late call is numbered by the clock, so missed steps are empty.
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
    const p = this.pending;
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
    p.fill(0);
  }

  /**
   * Milliseconds until just after the next step boundary. Stepping once per slot, early in it,
   * keeps a step's bytes in the gauge for N slots on average even when timers run late (with a
   * plain interval they stay longer, and the gauge's integral overshoots its counter).
   */
  msToNextStep(): number {
    const t = this.now() - this.origin;
    return this.stepMs - (t % this.stepMs) + 1;
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

  /** The engine stopped: publish what is left, and the rates drop to 0 (nothing moves any more). */
  close(): void {
    this.c.publish(TALLIED, this.pending, RATES, new Float64Array(R));
    this.pending.fill(0);
    this.ring.fill(0);
    this.sums.fill(0);
    this.slotStep.fill(-1);
    this.published.fill(0);
    this.rates.fill(0);
  }
}
