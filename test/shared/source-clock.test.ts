import { describe, expect, it } from 'vitest';
import { advanceSourceClock, type SourceClock } from '../../src/shared/source-clock';

const T = 1_700_000_000_000;

describe('advanceSourceClock', () => {
  it.each([
    { name: 'the first uptime gives the start', prev: null, t: T, up: 4, want: { startedAt: T - 4000, uptime: 4 } },
    {
      name: 'a later reading that puts the start earlier wins (whole seconds read late)',
      prev: { startedAt: T - 4000, uptime: 4 },
      t: T + 1900,
      up: 6,
      want: { startedAt: T - 4100, uptime: 6 },
    },
    {
      name: 'a reading that puts it later does not move it',
      prev: { startedAt: T - 4100, uptime: 6 },
      t: T + 3000,
      up: 7,
      want: { startedAt: T - 4100, uptime: 7 },
    },
    {
      name: 'an uptime that goes down is a new session of the source',
      prev: { startedAt: T - 600_000, uptime: 600 },
      t: T,
      up: 2,
      want: { startedAt: T - 2000, uptime: 2 },
    },
    { name: 'zero (not yet written) says nothing', prev: null, t: T, up: 0, want: null },
    {
      name: 'NaN says nothing',
      prev: { startedAt: T - 1000, uptime: 1 },
      t: T,
      up: Number.NaN,
      want: { startedAt: T - 1000, uptime: 1 },
    },
  ] as { name: string; prev: SourceClock | null; t: number; up: number; want: SourceClock | null }[])(
    '$name',
    ({ prev, t, up, want }) => expect(advanceSourceClock(prev, t, up)).toEqual(want),
  );
});
