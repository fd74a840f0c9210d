import { afterEach, describe, expect, it, vi } from 'vitest';
import { Sampler } from '../../src/main/live/sampler';

afterEach(() => vi.useRealTimers());

// On a fake clock, so the figures are the scheduler's and not the machine's.
describe('Sampler: a fixed schedule that does not drift', () => {
  it('ticks once per interval, at the interval, over a long run', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const at: number[] = [];
    const s = new Sampler(20, () => at.push(performance.now()));
    const t0 = performance.now();
    s.start();
    vi.advanceTimersByTime(20 * 1000);
    s.stop();
    expect(at).toHaveLength(1000);
    expect(at[999]! - t0).toBe(20 * 1000);
  });
});
