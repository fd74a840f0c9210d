import { afterEach, describe, expect, it } from 'vitest';
import { WorkerDriverSource } from '../../e2e/fixtures/WorkerDriverSource';
import { StatsHost } from '../../src/main/live/statsHost';
import type { HostStatus } from '../../src/shared/api';
import { M } from '../../src/shared/registry';

/*
 * One uptime: the header counts from HostState.startedAt; the Uptime panel draws the source's
 * ses.uptime_secs. Both must come from the source's clock when it has one.
 */

let host: StatsHost | null = null;
afterEach(async () => {
  await host?.stop();
  host = null;
});

/** Header uptime at time t, as Header.tsx computes it. */
const headerUptime = (h: StatsHost, t: number) => Math.floor((t - h.state().startedAt) / 1000);

describe('uptime', () => {
  it("counts from the source's own start, not the host's, and follows a restart of the source", async () => {
    const driver = new WorkerDriverSource();
    // A long tick: samples are taken by hand.
    host = new StatsHost({ intervalMs: 60_000, source: driver });
    await host.start();
    const statuses: HostStatus[] = [];
    host.on('status', (s) => statuses.push(s));
    // The source says it has been up for 100 s (it started long before the host, or the host was late).
    await driver.send({ op: 'set', index: M.SES_UPTIME_SECS, value: 100 });
    const a = host.sample();
    expect(host.state().startedAt).toBe(a.t - 100_000);
    expect(headerUptime(host, a.t)).toBe(100);
    expect(statuses.at(-1)?.startedAt).toBe(a.t - 100_000);
    // Between samples the header advances by the wall clock, as the gauge will at the next sample.
    expect(headerUptime(host, a.t + 999)).toBe(100);
    await driver.send({ op: 'set', index: M.SES_UPTIME_SECS, value: 3 });
    const b = host.sample();
    expect(host.state().startedAt).toBe(b.t - 3000);
    expect(headerUptime(host, b.t)).toBe(3);
  });

  it('counts from the host start for a source that does not report an uptime, and for no source', async () => {
    const driver = new (class extends WorkerDriverSource {
      override readonly notReported = new Map([[M.SES_UPTIME_SECS, 'this source has no clock']]);
    })();
    host = new StatsHost({ intervalMs: 60_000, source: driver });
    await host.start();
    await driver.send({ op: 'set', index: M.SES_UPTIME_SECS, value: 100 });
    host.sample();
    expect(host.state().startedAt).toBe(host.startedAt);
    await host.stop();
    host = new StatsHost({ intervalMs: 60_000 });
    await host.start();
    host.sample();
    expect(host.state().startedAt).toBe(host.startedAt);
  });
});
