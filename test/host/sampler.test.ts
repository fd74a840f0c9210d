import { afterEach, describe, expect, it, vi } from 'vitest';
import { Sampler } from '../../src/main/live/sampler';

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/**
 * A fake clock on which each tick costs time: performance.now() runs `cost(i)` ms ahead of the
 * fake timers after tick i, as a real tick's work moves the clock while its timer waits. A
 * sampler that waits a fixed interval after each tick drifts by the ticks' cost; one scheduled
 * against a fixed origin does not.
 */
function run(intervalMs: number, durationMs: number, cost: (i: number) => number): number[] {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  const fakeNow = performance.now.bind(performance);
  let skew = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => fakeNow() + skew);
  const t0 = performance.now();
  const at: number[] = [];
  const s = new Sampler(intervalMs, () => {
    at.push(performance.now() - t0);
    skew += cost(at.length - 1);
  });
  s.start();
  // Fake timers fire by their own clock; the skewed clock is `skew` ahead of it.
  while (performance.now() - t0 < durationMs) vi.advanceTimersByTime(1);
  s.stop();
  return at;
}

// On a fake clock, so the figures are the scheduler's and not the machine's.
describe('Sampler: a fixed schedule that does not drift', () => {
  it('ticks once per interval, at the interval, over a long run of free ticks', () => {
    const at = run(20, 20 * 1000, () => 0);
    expect(at).toHaveLength(1000);
    expect(at[999]).toBe(20 * 1000);
  });

  it('does not drift when every tick costs 7 ms of a 20 ms interval', () => {
    const at = run(20, 20 * 1000, () => 7);
    expect(at).toHaveLength(1000);
    // Each tick starts on the schedule: a sampler that waited 20 ms after each tick would be at
    // 1000 * 27 ms by now.
    for (let i = 0; i < at.length; i++) expect(at[i]).toBe(20 * (i + 1));
  });

  it('skips the ticks a 75 ms tick missed instead of bunching them', () => {
    const at = run(20, 300, (i) => (i === 4 ? 75 : 0));
    // The 5th tick (at 100 ms) runs to 175 ms: the ticks due at 120, 140 and 160 are gone, the
    // next comes at 180 and the schedule goes on from there.
    expect(at.slice(0, 8)).toEqual([20, 40, 60, 80, 100, 180, 200, 220]);
  });
});
