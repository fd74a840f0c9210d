import { performance } from 'node:perf_hooks';
import type { SessionCounters } from '../../../shared/counters';
import { M } from '../../../shared/registry-data';

/*
 * What the engine worker keeps next to the shared counters: worker-local byte tallies for the
 * bw.* rate gauges (the engine sets those itself, like libtorrent's rate meters; the host's
 * derived rates are a separate thing) and the disk job bookkeeping.
 */
export class EngineMeters {
  /** Bytes moved since the last rate tick, per direction and transport (raw) and payload. */
  recvTcp = 0;
  recvUtp = 0;
  recvOther = 0;
  sentTcp = 0;
  sentUtp = 0;
  sentOther = 0;
  payloadIn = 0;
  payloadOut = 0;
  private lastRateAt = performance.now();

  constructor(readonly c: SessionCounters) {}

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
   * Turn the bytes moved since the last call into the bw.* gauges (bytes per second over the
   * window that just ended), then start a new window.
   */
  publishRates(): void {
    const now = performance.now();
    const secs = (now - this.lastRateAt) / 1000;
    this.lastRateAt = now;
    if (secs <= 0) return;
    const rate = (bytes: number) => Math.round(bytes / secs);
    const c = this.c;
    c.set(M.BW_DOWNLOAD_RATE, rate(this.recvTcp + this.recvUtp + this.recvOther));
    c.set(M.BW_UPLOAD_RATE, rate(this.sentTcp + this.sentUtp + this.sentOther));
    c.set(M.BW_DOWNLOAD_RATE_TCP, rate(this.recvTcp));
    c.set(M.BW_UPLOAD_RATE_TCP, rate(this.sentTcp));
    c.set(M.BW_DOWNLOAD_RATE_UTP, rate(this.recvUtp));
    c.set(M.BW_UPLOAD_RATE_UTP, rate(this.sentUtp));
    c.set(M.BW_PAYLOAD_DOWNLOAD_RATE, rate(this.payloadIn));
    c.set(M.BW_PAYLOAD_UPLOAD_RATE, rate(this.payloadOut));
    this.recvTcp = this.recvUtp = this.recvOther = 0;
    this.sentTcp = this.sentUtp = this.sentOther = 0;
    this.payloadIn = this.payloadOut = 0;
  }
}
