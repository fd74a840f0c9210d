import { afterEach, describe, expect, it, vi } from 'vitest';
import { LegendFeed, type SampleJobs } from '../../src/renderer/src/panels/legendFeed';

/** A scheduler stand-in: `arrive()` is what a new sample does (runs every registered job). */
function jobs(): SampleJobs & { arrive(): void; count(): number } {
  const set = new Set<() => void>();
  return {
    register(job) {
      set.add(job);
      return () => set.delete(job);
    },
    arrive() {
      for (const j of set) j();
    },
    count: () => set.size,
  };
}

afterEach(() => vi.useRealTimers());

describe('LegendFeed: a live legend follows samples at a readable rate', () => {
  it('shows the newest sample once samples stop, even when they came faster than its rate', () => {
    vi.useFakeTimers();
    let value = 1;
    const s = jobs();
    const feed = new LegendFeed(
      () => [value],
      s,
      250,
      () => Date.now(),
    );
    let changes = 0;
    const off = feed.subscribe(() => changes++);
    expect(feed.get()).toEqual([1]);
    // Ten samples at 10 Hz over one second: the numbers change at most every 250 ms.
    for (let i = 2; i <= 11; i++) {
      value = i;
      s.arrive();
      vi.advanceTimersByTime(100);
    }
    expect(changes).toBeLessThanOrEqual(5);
    expect(changes).toBeGreaterThanOrEqual(3);
    // Samples stop: the wait ends on the last one.
    vi.advanceTimersByTime(1000);
    expect(feed.get()).toEqual([11]);
    off();
    expect(s.count()).toBe(0);
  });

  it('keeps the same array while the numbers do not change (no render for an equal sample)', () => {
    vi.useFakeTimers();
    const s = jobs();
    const feed = new LegendFeed(
      () => [Number.NaN, 5],
      s,
      250,
      () => Date.now(),
    );
    let changes = 0;
    feed.subscribe(() => changes++);
    const first = feed.get();
    for (let i = 0; i < 5; i++) {
      s.arrive();
      vi.advanceTimersByTime(300);
    }
    expect(changes).toBe(0);
    expect(feed.get()).toBe(first);
  });

  it('off the screen (no scheduler) it reads once and waits', () => {
    let reads = 0;
    const feed = new LegendFeed(() => [++reads], null);
    feed.subscribe(() => {});
    expect(feed.get()).toEqual([2]); // construction, then the subscription's catch-up read
  });
});
