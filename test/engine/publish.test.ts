import { expect, it } from 'vitest';
import { SessionCounters } from '../../src/shared/counters';
import { M } from '../../src/shared/registry-data';
import { once, tsWorker } from '../helpers/worker';

/*
 * SessionCounters.publish, which the engine uses to write its bytes, payload and rates: a reader
 * in another thread sees each write whole or not at all, never half of one.
 */
it('a reader never sees half of a publish from another thread', async () => {
  const c = new SessionCounters();
  const w = tsWorker(new URL('./publish-worker.ts', import.meta.url), { buffer: c.buffer, ms: 1500 });
  await once(w, 'ready');
  const done = once<{ a: number }>(w, 'done');
  let finished = false;
  void done.then(() => {
    finished = true;
  });
  let reads = 0;
  let torn = 0;
  let moving = 0;
  let last = -1;
  while (!finished) {
    const v = c.snapshot();
    const a = v[M.NET_BYTES_RECV] as number;
    if (v[M.BW_TOTAL_DOWNLOADED] !== 2 * a || v[M.BW_DOWNLOAD_RATE] !== a) torn++;
    if (a !== last) moving++;
    last = a;
    reads++;
    // Let the 'done' message in now and then.
    if (reads % 2000 === 0) await new Promise((r) => setImmediate(r));
  }
  const { a } = await done;
  await w.terminate();
  expect(torn).toBe(0);
  // The reads really overlapped the writes (each change seen is a write between two reads).
  expect(moving).toBeGreaterThan(10);
  expect(c.get(M.NET_BYTES_RECV)).toBe(BigInt(a));
  expect(c.get(M.BW_TOTAL_DOWNLOADED)).toBe(BigInt(2 * a));
}, 30_000);
