import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_POINTS, PromClient, parsePromAddress } from '../../src/main/prometheus/promClient';
import { importFromPrometheus } from '../../src/main/prometheus/promImport';
import { counterTotal } from '../../src/shared/rates';
import type { SessionData } from '../../src/shared/session/data';
import { backfill, hasPrometheus, type Running, startPrometheus } from '../helpers/prometheusServer';
import { EXTRA, recvAt, type Synthetic, syntheticOpenMetrics } from '../helpers/syntheticMetrics';
import { dashboardQueries } from './dashboard';

/*
 * A range longer than Prometheus' 11,000 points per series imports whole: a real Prometheus
 * holds 4 h of 1 s samples (backfilled with promtool), with a 20-minute hole and a counter
 * reset; the import pages query_range and gets every sample back in our names and units.
 */

// A missing tool fails here rather than skipping: .ci/run installs Debian's prometheus.
const d = describe;
if (!hasPrometheus) throw new Error("Debian's prometheus is needed (apt-get install prometheus; .ci/run installs it)");
let prom: Running | null = null;
const now = Math.floor(Date.now() / 1000);
const S: Synthetic = {
  instance: 'synthetic:9',
  start: Math.floor((now - 8 * 3600) / 60) * 60,
  stepS: 1,
  count: 4 * 3600,
  resetAt: 11_000,
  hole: [5000, 6200],
};

afterAll(async () => {
  await prom?.stop();
});

function col(data: SessionData, name: string): Float64Array {
  const i = data.meta.registry.findIndex((e) => e.name === name);
  expect(i, name).toBeGreaterThanOrEqual(0);
  return data.columns[i] as Float64Array;
}

d('paging query_range against a real Prometheus', () => {
  beforeAll(async () => {
    prom = await startPrometheus([], (storage) => backfill(storage, syntheticOpenMetrics(S)));
  }, 90_000);

  it('4 h at 1 s (14,400 points, more than 11,000) comes back whole, in two pages', async () => {
    const r = await importFromPrometheus({
      address: (prom as Running).url,
      match: `instance="${S.instance}"`,
      from: S.start,
      to: S.start + S.count - 1,
      stepS: 1,
    });
    expect(S.count).toBeGreaterThan(MAX_POINTS);
    expect(r.pages).toBe(2);
    const data = r.data;
    const recv = col(data, 'net.bytes_recv');
    const job = col(data, 'disk.job_time_us');
    const conn = col(data, 'net.num_connections');
    expect(col(data, EXTRA)).toBeDefined();
    expect(r.report.kept).toContain(EXTRA);
    expect(data.t[0]).toBe(S.start * 1000);
    expect(data.t[data.length - 1]).toBe((S.start + S.count - 1) * 1000);
    const [h0, h1] = S.hole as [number, number];
    // Prometheus holds a vanished series for its lookback (5 min) when no staleness marker says it went away.
    const lookback = 300;
    let seen = 0;
    for (let r2 = 0; r2 < data.length; r2++) {
      const k = Math.round((data.t[r2] as number) / 1000) - S.start;
      const v = recv[r2] as number;
      if (k >= h0 + lookback && k < h1) {
        expect(Number.isNaN(v), `sample ${k} is in the hole`).toBe(true);
        continue;
      }
      if (k >= h0 && k < h1) continue;
      seen++;
      expect(v).toBe(recvAt(S, k));
      // µs counters are exported in seconds; they come back in µs.
      expect(job[r2]).toBeCloseTo(k * 0.25 * 1e6, 3);
      expect(conn[r2]).toBe(k % 50);
    }
    expect(seen).toBe(S.count - (h1 - h0));
    // The hole is one row of nulls, not 900 rows, and never zeros.
    const inHole = Array.from(data.t).filter((t) => t / 1000 - S.start >= h0 + lookback && t / 1000 - S.start < h1);
    expect(inHole.length).toBe(1);
    // The reset is kept: the total counts from zero after it.
    const total = counterTotal(Array.from(recv).filter((v) => !Number.isNaN(v)));
    expect(total).toBe(recvAt(S, S.resetAt - 1) + recvAt(S, S.count - 1));
    expect(r.report.notes.join(' ')).toMatch(/1 counter resets/);
    expect(data.meta.notReported['0']).toMatch(/not in Prometheus/);
  });

  it('a range where the instance has no samples is refused with the range named', async () => {
    await expect(
      importFromPrometheus({
        address: (prom as Running).url,
        match: `instance="${S.instance}"`,
        from: now - 60,
        to: now,
        stepS: 1,
      }),
    ).rejects.toThrow(/no series match \{instance="synthetic:9"\}/);
  });

  it('every query of the Grafana dashboard in docs/prometheus runs on the real server', async () => {
    const c = new PromClient(parsePromAddress((prom as Running).url));
    const at = S.start + 3600;
    for (const q of dashboardQueries()) await expect(c.query(q.expr, at), q.title).resolves.toBeDefined();
    const recv = await c.query(dashboardQueries(S.instance)[0]?.expr ?? '', at);
    expect(Number(recv[0]?.value[1])).toBeCloseTo(1000, 0);
  });
});
