import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatsHost } from '../../src/main/live/statsHost';
import { createDefaultSource } from '../../src/main/sources/default';
import { EngineSource } from '../../src/main/sources/engine/EngineSource';
import { rateStepMs } from '../../src/main/sources/engine/meters';
import { DEFAULT_LOOPBACK } from '../../src/main/sources/engine/swarm';
import { checkInvariants, DEFAULT_RATE_WINDOW, samplesFromRows } from '../../src/shared/invariants';
import { builtinRegistry, NUM_METRICS } from '../../src/shared/registry';
import { M } from '../../src/shared/registry-data';
import type { Snapshot } from '../../src/shared/snapshot';

/*
 * The default session as the app runs it (default source, StatsHost sampling every second),
 * recorded for 30 s, with every invariant checked on every sample. A second host on the same
 * counters samples every 100 ms: there the rate-vs-counter bracket is tight (0.9 to 1.1 of the
 * window), at 1 s it only bounds the gauge from above. Nothing here depends on timing: the
 * bracket allows for the engine's 20 ms steps, any scheduling delay of its thread and any burst
 * inside a sample interval (src/shared/invariants.ts).
 */

const RECORD_MS = 30_000;

interface Recording {
  readonly t: number[];
  readonly rows: Float64Array[];
}

function record(host: StatsHost): Recording {
  const r: Recording = { t: [], rows: [] };
  host.on('snapshot', (s: Snapshot) => {
    r.t.push(s.t);
    r.rows.push(s.values.slice());
  });
  return r;
}

describe('the default loopback swarm, recorded for 30 s', () => {
  const source = createDefaultSource();
  const host = new StatsHost({ source, intervalMs: 1000 });
  const fine = new StatsHost({ counters: host.counters, intervalMs: 100 });
  const coarse = record(host);
  const dense = record(fine);
  const errors: string[] = [];
  let notReported: ReadonlyMap<number, string> = new Map();
  /** When the engine was running (host.start resolves once the source has started). */
  let runningAt = 0;

  beforeAll(async () => {
    if (!(source instanceof EngineSource)) throw new Error('the default source is not the engine');
    source.onError((e) => errors.push(e.message));
    await host.start();
    runningAt = Date.now();
    await fine.start();
    await new Promise((r) => setTimeout(r, RECORD_MS));
    await fine.stop();
    notReported = source.notReported;
    // Stops the sampler first, then the source: every sample is of the running engine.
    await host.stop();
  }, RECORD_MS + 90_000);

  afterAll(async () => {
    await fine.stop();
    await host.stop();
  });

  /** As a recording stores them: metrics the source cannot report are missing (NaN). */
  function samples(r: Recording) {
    const rows = r.rows.map((row) => row.map((v, i) => (notReported.has(i) ? Number.NaN : v)));
    return samplesFromRows(r.t, rows, NUM_METRICS);
  }

  it('moved real traffic both ways over both transports, without errors', () => {
    expect(errors).toEqual([]);
    const last = coarse.rows.at(-1) as Float64Array;
    expect(last[M.BW_TOTAL_DOWNLOADED]).toBeGreaterThan(DEFAULT_LOOPBACK.contentSize);
    expect(last[M.BW_TOTAL_UPLOADED]).toBeGreaterThan(0);
    expect(last[M.NET_TCP_BYTES_RECV]).toBeGreaterThan(0);
    expect(last[M.NET_UTP_BYTES_RECV]).toBeGreaterThan(0);
    expect(last[M.PROTO_HASHFAILS]).toBeGreaterThan(0);
    // How many samples a loaded machine lets the samplers take varies (they skip late ticks).
    expect(coarse.t.length).toBeGreaterThan(1);
    expect(dense.t.length).toBeGreaterThan(coarse.t.length);
  });

  it('the engine steps its rates within the window the checker assumes', () => {
    expect(rateStepMs(DEFAULT_RATE_WINDOW.windowMs)).toBeLessThanOrEqual(DEFAULT_RATE_WINDOW.startJitterMs);
  });

  it('every invariant holds on every 1 s sample', () => {
    const v = checkInvariants(builtinRegistry(), samples(coarse), { pieceLength: DEFAULT_LOOPBACK.pieceLength });
    expect(v).toEqual([]);
  });

  it('every invariant holds on every 100 ms sample', () => {
    const v = checkInvariants(builtinRegistry(), samples(dense), { pieceLength: DEFAULT_LOOPBACK.pieceLength });
    expect(v).toEqual([]);
  });

  it('the host checked every sample live as it took it, and found nothing either', () => {
    const live = host.state().invariants;
    // Every sample since the engine ran (the host samples while the engine starts, unchecked).
    const sinceRunning = coarse.t.filter((t) => t >= runningAt).length;
    expect(sinceRunning).toBeGreaterThan(0);
    expect(live.checked).toBeGreaterThanOrEqual(sinceRunning);
    expect(live.checked).toBeLessThanOrEqual(coarse.t.length);
    expect(live.recent).toEqual([]);
    expect(live.violations).toBe(0);
  });

  it('the checker is not vacuous here: a gauge off by a fifth is caught', () => {
    // Scale every bw.download_rate sample by 0.8 or 1.2: outside the 0.9..1.1 bracket wherever traffic moved.
    for (const f of [0.8, 1.2]) {
      const s = samples(dense);
      const col = s.columns[M.BW_DOWNLOAD_RATE] as Float64Array;
      for (let j = 0; j < col.length; j++) col[j] = Math.round((col[j] as number) * f);
      const v = checkInvariants(builtinRegistry(), s).filter((x) => x.rule === 'rate-vs-counter');
      expect(v.length, `scaled by ${f}`).toBeGreaterThan(0);
    }
  });
});
