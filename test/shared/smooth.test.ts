import { describe, expect, it } from 'vitest';
import { movingAverage } from '../../src/shared/smooth';

describe('movingAverage', () => {
  const t = [0, 1000, 2000, 3000, 4000, 5000];
  it.each([
    ['a constant stays', [5, 5, 5, 5, 5, 5], 3000, [5, 5, 5, 5, 5, 5]],
    ['a trailing mean over the window', [0, 10, 0, 10, 0, 10], 2000, [0, 5, 5, 5, 5, 5]],
    ['a window under one interval is the value', [1, 2, 3, 4, 5, 6], 500, [1, 2, 3, 4, 5, 6]],
  ])('%s', (_, v, w, want) => {
    expect([...movingAverage(t, v, w)]).toEqual(want);
  });
  it('a gap stays a gap and is not counted as zero', () => {
    const got = [...movingAverage(t, [4, Number.NaN, 8, 8, Number.NaN, 2], 3000)];
    expect(got[1]).toBeNaN();
    expect(got[4]).toBeNaN();
    expect(got[2]).toBe(6);
    expect(got[5]).toBe(5); // (2 s, 5 s]: 8 and 2, the gap not counted
  });
});
