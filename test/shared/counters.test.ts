import { describe, expect, it } from 'vitest';
import { SessionCounters } from '../../src/shared/counters';
import { M, NUM_METRICS } from '../../src/shared/registry';
import { once, tsWorker } from '../helpers/worker';

const WORKER = new URL('../fixtures/counter-worker.ts', import.meta.url);

describe('SessionCounters, one thread', () => {
  it('adds to counters, sets gauges and reads them back', () => {
    const c = new SessionCounters();
    c.inc(M.NET_BYTES_SENT, 1000);
    c.inc(M.NET_BYTES_SENT);
    c.set(M.NET_NUM_CONNECTIONS, 7);
    c.inc(M.NET_NUM_CONNECTIONS, -2);
    expect(c.get(M.NET_BYTES_SENT)).toBe(1001n);
    expect(c.get(M.NET_NUM_CONNECTIONS)).toBe(5n);
    const snap = c.snapshot();
    expect(snap).toHaveLength(NUM_METRICS);
    expect(snap[M.NET_BYTES_SENT]).toBe(1001);
    expect(snap[M.NET_NUM_CONNECTIONS]).toBe(5);
  });

  it('keeps 64-bit integer precision up to 2^63-1', () => {
    const c = new SessionCounters();
    const max = 2n ** 63n - 1n;
    c.set(M.BW_TOTAL_DOWNLOADED, max - 10n);
    for (let k = 0; k < 10; k++) c.inc(M.BW_TOTAL_DOWNLOADED, 1);
    expect(c.get(M.BW_TOTAL_DOWNLOADED)).toBe(max);
    expect(c.snapshotExact()[M.BW_TOTAL_DOWNLOADED]).toBe(max);
  });

  it('stays exact when a counter passes 2^53 through number increments', () => {
    const c = new SessionCounters();
    const step = 2 ** 50;
    for (let k = 0; k < 40; k++) c.inc(M.NET_BYTES_RECV, step + 1);
    expect(c.get(M.NET_BYTES_RECV)).toBe(40n * (2n ** 50n + 1n));
  });

  it('rejects an index outside 0..98 with RangeError and a non-integer with TypeError', () => {
    const c = new SessionCounters();
    for (const bad of [-1, 99, 1.5, Number.NaN]) expect(() => c.inc(bad)).toThrow(RangeError);
    expect(() => c.get(99)).toThrow(/0\.\.98/);
    expect(() => c.set(100, 1)).toThrow(RangeError);
    expect(() => c.inc(0, 0.5)).toThrow(TypeError);
    expect(() => c.inc(0, '1' as unknown as number)).toThrow(TypeError);
    expect(() => c.set(0, Number.NaN)).toThrow(TypeError);
    expect(() => c.setMax(0, 2 ** 60)).toThrow(TypeError);
    expect(() => c.inc(0, 2n ** 64n)).toThrow(RangeError);
    expect(c.get(0)).toBe(0n);
  });

  it('ignores diagnostic writes while diagnostics are off', () => {
    const c = new SessionCounters();
    expect(c.diagnosticsEnabled()).toBe(false);
    c.incDiag(M.DISPATCH_ACQUIRE_TOTAL, 5);
    c.inc(M.PIECE_STEALS_TOTAL, 5);
    c.setMaxDiag(M.EVENT_TX_HIGH_WATER, 9);
    c.setMax(M.DISPATCH_TX_HIGH_WATER, 9);
    expect(c.get(M.DISPATCH_ACQUIRE_TOTAL)).toBe(0n);
    expect(c.get(M.PIECE_STEALS_TOTAL)).toBe(0n);
    expect(c.get(M.EVENT_TX_HIGH_WATER)).toBe(0n);
    c.setDiagnostics(true);
    c.incDiag(M.DISPATCH_ACQUIRE_TOTAL, 5);
    c.setMaxDiag(M.EVENT_TX_HIGH_WATER, 9);
    c.setMaxDiag(M.EVENT_TX_HIGH_WATER, 4);
    expect(c.get(M.DISPATCH_ACQUIRE_TOTAL)).toBe(5n);
    expect(c.get(M.EVENT_TX_HIGH_WATER)).toBe(9n);
    expect(c.diagnosticsEpoch()).toBe(1);
  });

  it('attaches to an existing buffer and refuses a foreign one', () => {
    const a = new SessionCounters();
    a.inc(3, 4);
    const b = SessionCounters.fromBuffer(a.buffer);
    b.inc(3, 6);
    expect(a.get(3)).toBe(10n);
    expect(b.buffer).toBe(a.buffer);
    expect(() => SessionCounters.fromBuffer(new SharedArrayBuffer(4096))).toThrow(/bad magic/);
    expect(() => SessionCounters.fromBuffer(new ArrayBuffer(64) as unknown as SharedArrayBuffer)).toThrow(TypeError);
  });

  it('keeps totals when handles run out of shards or give theirs back', () => {
    const a = new SessionCounters({ maxShards: 2 });
    const b = SessionCounters.fromBuffer(a.buffer);
    const c = SessionCounters.fromBuffer(a.buffer);
    expect(b.hasShard).toBe(true);
    expect(c.hasShard).toBe(false);
    a.inc(0, 1);
    b.inc(0, 10);
    c.inc(0, 100);
    b.release();
    const d = SessionCounters.fromBuffer(a.buffer);
    expect(d.hasShard).toBe(true);
    d.inc(0, 1000);
    b.inc(0, 10_000);
    expect(a.get(0)).toBe(11_111n);
    expect(a.snapshot()[0]).toBe(11_111);
  });
});

describe('SessionCounters across worker threads', () => {
  it('4 workers x 1,000,000 inc give the exact total', async () => {
    const c = new SessionCounters();
    const workers = Array.from({ length: 4 }, () =>
      tsWorker(WORKER, { buffer: c.buffer, job: { op: 'inc', index: M.PROTO_PIECE_REQUESTS, times: 1_000_000 } }),
    );
    await Promise.all(workers.map((w) => once(w, 'done')));
    // A finished worker's increments stay in its shard of the buffer after the thread is gone.
    await Promise.all(workers.map((w) => w.terminate()));
    expect(c.get(M.PROTO_PIECE_REQUESTS)).toBe(4_000_000n);
    expect(c.snapshot()[M.PROTO_PIECE_REQUESTS]).toBe(4_000_000);
  });

  it('concurrent setMax keeps the maximum', async () => {
    const c = new SessionCounters({ diagnostics: true });
    const values = (seed: number) => Array.from({ length: 20_000 }, (_, k) => (k * 7919 + seed * 104729) % 1_000_003);
    const all = [1, 2, 3, 4].map(values);
    const workers = all.map((vs) =>
      tsWorker(WORKER, { buffer: c.buffer, job: { op: 'setMax', index: M.DISPATCH_TX_HIGH_WATER, values: vs } }),
    );
    await Promise.all(workers.map((w) => once(w, 'done')));
    await Promise.all(workers.map((w) => w.terminate()));
    expect(c.get(M.DISPATCH_TX_HIGH_WATER)).toBe(BigInt(Math.max(...all.flat())));
  });

  it('a diagnostics toggle in one thread is seen by the others', async () => {
    const c = new SessionCounters();
    const w = tsWorker(WORKER, { buffer: c.buffer, job: { op: 'watchDiag', timeoutMs: 10_000 } });
    await once(w, 'ready');
    await new Promise((r) => setTimeout(r, 50));
    expect(c.get(M.DISPATCH_ACQUIRE_RTT_US)).toBe(0n);
    c.setDiagnostics(true);
    const done = await once<{ seen: boolean }>(w, 'done');
    await w.terminate();
    expect(done.seen).toBe(true);
    expect(c.get(M.DISPATCH_ACQUIRE_RTT_US)).toBeGreaterThan(0n);
  });
});
