import type { TimeSpan } from './types';

/* What the rules' texts share: how long a set of ranges lasts. (stream.ts has the scans.) */

export const total = (ranges: readonly TimeSpan[]) => ranges.reduce((a, r) => a + (r.to - r.from), 0);
