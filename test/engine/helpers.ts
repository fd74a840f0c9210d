import { EngineSource, type EngineSourceOptions } from '../../src/main/sources/engine/EngineSource';
import type { LoopbackOptions } from '../../src/main/sources/engine/swarm';
import { SessionCounters } from '../../src/shared/counters';
import { M } from '../../src/shared/registry-data';

export const MiB = 1024 * 1024;

/** Gauge samples taken from the main thread while the engine runs (as a sampler would). */
export interface RateTrace {
  readonly t: number[];
  readonly rows: Float64Array[];
}

/** Integrate a gauge over time as the step function the samples describe (value held until the next sample). */
export function integrate(trace: RateTrace, index: number): number {
  let sum = 0;
  for (let i = 0; i + 1 < trace.t.length; i++) {
    sum +=
      ((trace.rows[i] as Float64Array)[index] as number) *
      (((trace.t[i + 1] as number) - (trace.t[i] as number)) / 1000);
  }
  return sum;
}

export interface SwarmRun {
  readonly counters: SessionCounters;
  readonly source: EngineSource;
  readonly trace: RateTrace;
  readonly errors: Error[];
  /** Bytes that the swarm's members saw go to / come from the session. */
  readonly seen: { wires: number; payloadSent: number; payloadReceived: number; corruptBlocks: number };
  readonly final: BigInt64Array;
}

/**
 * Run one loopback cycle (download from the seeders, then seed to the leechers) with a fresh
 * session, sampling the counters every `sampleMs` from this thread, and stop everything.
 */
export async function runOneCycle(
  loopback: Partial<LoopbackOptions>,
  opts: { diagnostics: boolean; engine?: EngineSourceOptions; sampleMs?: number },
): Promise<SwarmRun> {
  const counters = new SessionCounters({ diagnostics: opts.diagnostics });
  const source = new EngineSource({
    loopback: { cycle: false, seederUploadLimit: -1, ...loopback },
    tickMs: 200,
    ...opts.engine,
  });
  const errors: Error[] = [];
  source.onError((e) => errors.push(e));
  const trace: RateTrace = { t: [], rows: [] };
  const sample = () => {
    trace.t.push(performance.now());
    trace.rows.push(counters.snapshot());
  };
  const sampler = setInterval(sample, opts.sampleMs ?? 20);
  try {
    await source.start(counters);
    const swarm = source.swarm;
    if (!swarm) throw new Error('no loopback swarm');
    await swarm.finished();
    // Let the engine publish the windows in which the last bytes moved, and one quiet window.
    await waitFor(() => counters.get(M.BW_DOWNLOAD_RATE) === 0n && counters.get(M.BW_UPLOAD_RATE) === 0n, 5000);
    sample();
    const seen = await swarm.peerStats(source.peerId);
    await source.stop();
    return { counters, source, trace, errors, seen, final: counters.snapshotExact() };
  } finally {
    clearInterval(sampler);
    await source.stop();
  }
}

export async function waitFor(cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function num(final: BigInt64Array, index: number): number {
  return Number(final[index]);
}
