import { describe, expect, it } from 'vitest';
import { INITIAL_TIME, resolveRange, timeReducer } from '../../src/renderer/src/time/TimeState';

describe('resolveRange', () => {
  const start = 1_000_000;
  const end = start + 60_000; // a minute of samples
  it.each([
    ['1 min', 60_000],
    ['5 min', 300_000],
    ['15 min', 900_000],
    ['1 h', 3_600_000],
  ])('%s spans the whole window, with a younger stream at its right end', (_, ms) => {
    const s = timeReducer(INITIAL_TIME, { type: 'window', ms });
    expect(resolveRange(s, start, end)).toEqual({ from: end - ms, to: end });
  });
  it('All starts at the first sample', () => {
    const s = timeReducer(INITIAL_TIME, { type: 'window', ms: null });
    expect(resolveRange(s, start, end)).toEqual({ from: start, to: end });
  });
  it('a pause freezes the right edge; a zoom overrides both', () => {
    const paused = timeReducer(INITIAL_TIME, { type: 'pause', at: end - 10_000 });
    expect(resolveRange(paused, start, end)).toEqual({ from: end - 10_000 - 300_000, to: end - 10_000 });
    const zoomed = timeReducer(paused, { type: 'zoom', from: start + 5, to: start + 50 });
    expect(resolveRange(zoomed, start, end)).toEqual({ from: start + 5, to: start + 50 });
  });
});
