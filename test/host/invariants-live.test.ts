import { describe, expect, it } from 'vitest';
import { WorkerDriverSource } from '../../e2e/fixtures/WorkerDriverSource';
import { StatsHost } from '../../src/main/live/statsHost';
import type { HostStatus } from '../../src/shared/api';
import { M } from '../../src/shared/registry';

/*
 * The host checks every sample against the invariants as it takes it: a source whose numbers
 * contradict each other (payload above wire) is flagged in the status every client gets, with
 * the metrics and the time, instead of being drawn as if nothing were wrong.
 */
describe('invariants checked live by the host', () => {
  it('counts honest samples as checked with no violation, then flags payload above wire at its sample', async () => {
    const driver = new WorkerDriverSource();
    const host = new StatsHost({ intervalMs: 60_000, source: driver });
    const statuses: HostStatus[] = [];
    host.on('status', (s) => statuses.push(s));
    await host.start();
    try {
      await driver.send({ op: 'inc', index: M.NET_BYTES_RECV, value: 10_000 });
      await driver.send({ op: 'inc', index: M.NET_TCP_BYTES_RECV, value: 10_000 });
      await driver.send({ op: 'inc', index: M.BW_TOTAL_DOWNLOADED, value: 9_000 });
      host.sample();
      host.sample();
      const honest = host.state().invariants;
      expect(honest.checked).toBeGreaterThanOrEqual(2);
      expect(honest.recent).toEqual([]);
      expect(honest.violations).toBe(0);

      // 5,000 B of payload counted on a path the wire total never saw.
      await driver.send({ op: 'inc', index: M.BW_TOTAL_DOWNLOADED, value: 6_000 });
      const before = statuses.length;
      const bad = host.sample();
      const tally = host.state().invariants;
      expect(tally.violations).toBe(1);
      const v = tally.recent[0];
      expect(v?.rule).toBe('payload-le-wire');
      expect(v?.metrics).toEqual(['bw.total_downloaded', 'net.bytes_recv']);
      expect(v?.t).toBe(bad.t);
      // Every client hears of it at once, not at the next unrelated status.
      expect(statuses.length).toBe(before + 1);
      expect(statuses.at(-1)?.invariants.violations).toBe(1);

      // The same contradiction on the next sample is a new violation at that sample, not a repeat of the old one.
      const again = host.sample();
      expect(host.state().invariants.recent.map((x) => x.t)).toEqual([bad.t, again.t]);
    } finally {
      await host.stop();
    }
  });

  it('does not count the zeros of metrics the source does not report', async () => {
    const driver = new WorkerDriverSource();
    // Payload counted, and the wire metric declared not reported (as qBittorrent's WebUI would).
    Object.assign(driver, { notReported: new Map([[M.NET_BYTES_RECV, 'payload only']]) });
    const host = new StatsHost({ intervalMs: 60_000, source: driver });
    await host.start();
    try {
      await driver.send({ op: 'inc', index: M.BW_TOTAL_DOWNLOADED, value: 6_000 });
      host.sample();
      host.sample();
      expect(host.state().invariants).toMatchObject({ violations: 0 });
      expect(host.state().invariants.checked).toBeGreaterThanOrEqual(2);
    } finally {
      await host.stop();
    }
  });
});
