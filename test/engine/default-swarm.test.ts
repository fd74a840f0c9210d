import { expect, it } from 'vitest';
import { createDefaultSource } from '../../src/main/sources/default';
import { SessionCounters } from '../../src/shared/counters';
import { M } from '../../src/shared/registry-data';
import { waitFor } from './helpers';

/*
 * The default source as the app starts it: numbers move soon after it starts, and stopping it in the
 * middle of transfers is quick and clean (utp-native sockets with live connections used to
 * hold the engine thread, and ending it then aborted the whole process).
 */
it('the default loopback swarm moves the numbers at once and stops cleanly mid-transfer', async () => {
  const counters = new SessionCounters();
  const source = createDefaultSource();
  if (!source) throw new Error('no default source');
  const errors: string[] = [];
  source.onError?.((e) => errors.push(e.message));
  await source.start(counters);
  try {
    // A deadline, not a measurement: how soon depends on the machine (tsx compiles the worker
    // and the member processes first under tests, and a busy machine slows all of it).
    await waitFor(
      () => counters.get(M.BW_PAYLOAD_DOWNLOAD_RATE) > 0n && counters.get(M.NET_NUM_CONNECTIONS) > 0n,
      45_000,
    );
    await new Promise((r) => setTimeout(r, 2000));
  } finally {
    // Ends at all, mid-transfer (it used to hang or abort the process); its own bounds are
    // 20 s for the session and 5 s per member.
    await source.stop();
  }
  expect(errors).toEqual([]);
  expect(counters.get(M.NET_NUM_CONNECTIONS)).toBe(0n);
  expect(counters.get(M.BW_DOWNLOAD_RATE)).toBe(0n);
  expect(counters.get(M.BW_TOTAL_DOWNLOADED)).toBeGreaterThan(0n);
}, 120_000);
