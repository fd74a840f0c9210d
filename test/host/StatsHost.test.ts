import { describe, expect, it } from 'vitest';
import { WorkerDriverSource } from '../../e2e/fixtures/WorkerDriverSource';
import { StatsHost } from '../../src/main/live/statsHost';
import type { Source } from '../../src/main/sources/Source';
import { M, NUM_METRICS } from '../../src/shared/registry';
import type { Snapshot } from '../../src/shared/snapshot';

function collect(host: StatsHost, n: number): Promise<Snapshot[]> {
  return new Promise((resolve) => {
    const got: Snapshot[] = [];
    const on = (s: Snapshot) => {
      got.push(s);
      if (got.length === n) {
        host.off('snapshot', on);
        resolve(got);
      }
    };
    host.on('snapshot', on);
  });
}

describe('StatsHost', () => {
  it('samples what a worker thread writes and derives rates from it', async () => {
    const driver = new WorkerDriverSource();
    // A long tick while we take samples by hand, so no tick lands between them.
    const host = new StatsHost({ intervalMs: 60_000, source: driver });
    await host.start();
    try {
      await driver.send({ op: 'set', index: M.NET_NUM_CONNECTIONS, value: 4 });
      const a = host.sample();
      await driver.send({ op: 'inc', index: M.NET_BYTES_RECV, value: 1_000_000 });
      await new Promise((r) => setTimeout(r, 100));
      const b = host.sample();
      const dt = (b.t - a.t) / 1000;
      expect(b.values[M.NET_BYTES_RECV]).toBe(1_000_000);
      expect(b.rates[M.NET_BYTES_RECV]).toBeCloseTo(1_000_000 / dt, 6);
      expect(b.rates[M.NET_NUM_CONNECTIONS]).toBe(4);
      expect(b.seq).toBe(a.seq + 1);
      host.setIntervalMs(20);
      const ticks = await collect(host, 3);
      expect(ticks.map((s) => s.seq)).toEqual([b.seq + 1, b.seq + 2, b.seq + 3]);
      expect(host.notReported()).toEqual({ 39: 'the test driver has no web seeds' });
    } finally {
      await host.stop();
    }
  });

  it('ticks at the configured interval without drifting', async () => {
    const host = new StatsHost({ intervalMs: 20 });
    await host.start();
    const snaps = await collect(host, 26);
    await host.stop();
    const span = (snaps[25] as Snapshot).t - (snaps[0] as Snapshot).t;
    // 25 intervals of 20 ms, never early. No upper bound here: on a busy machine a tick may be
    // late and missed ticks are skipped, which is scheduling, not the host; that the schedule
    // does not drift is tested on a fake clock (test/host/sampler.test.ts).
    expect(span).toBeGreaterThanOrEqual(25 * 20 - 5);
  });

  it('refuses an interval outside 10 ms .. 60 s', () => {
    expect(() => new StatsHost({ intervalMs: 5 })).toThrow(/10 to 60000/);
    const host = new StatsHost();
    expect(() => host.setIntervalMs(60_001)).toThrow(RangeError);
    expect(host.intervalMs).toBe(1000);
  });

  it('without a source reports every metric as not reported', () => {
    const host = new StatsHost();
    const nr = host.notReported();
    expect(Object.keys(nr)).toHaveLength(NUM_METRICS);
    expect(host.hello()).toMatchObject({ type: 'hello', source: null, registry: expect.any(Array) });
  });

  it('keeps running and says why when its source fails to start', async () => {
    const broken: Source = {
      info: { kind: 'broken', label: 'Broken source' },
      notReported: new Map(),
      start: async () => {
        throw new Error('cannot reach 127.0.0.1:1');
      },
      stop: async () => undefined,
    };
    const host = new StatsHost({ intervalMs: 20, source: broken });
    await host.start();
    expect(host.state().error).toBe('Broken source failed to start: cannot reach 127.0.0.1:1');
    await collect(host, 2);
    await host.stop();
  });

  it('the diagnostics switch reaches the counters and the status stream', async () => {
    const host = new StatsHost();
    const statuses: boolean[] = [];
    host.on('status', (s) => statuses.push(s.diagnostics));
    host.setDiagnostics(true);
    host.counters.incDiag(M.PIECE_STEALS_TOTAL, 2);
    host.setDiagnostics(false);
    host.counters.incDiag(M.PIECE_STEALS_TOTAL, 2);
    expect(statuses).toEqual([true, false]);
    expect(host.counters.get(M.PIECE_STEALS_TOTAL)).toBe(2n);
  });
});
