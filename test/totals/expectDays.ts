import { expect } from 'vitest';
import type { TotalsRow } from '../../src/shared/totals/buckets';
import { type Expected, MIDNIGHTS } from './berlin';

/** Rows of a by-day table are Berlin's days and hold what the test added up for each (vitest only). */
export function expectDays(rows: readonly TotalsRow[], days: ReadonlyMap<string, Expected>): void {
  expect(rows.map((r) => r.key)).toEqual([...days.keys()]);
  for (const r of rows) {
    const e = days.get(r.key) as Expected;
    expect(r.start).toBe(MIDNIGHTS[r.key]);
    expect(r.downloaded).toBeCloseTo(e.down, 3);
    expect(r.uploaded).toBeCloseTo(e.up, 3);
    expect(r.coveredMs).toBe(e.coveredMs);
    expect(r.gapMs).toBe(e.gapMs);
    expect(r.peakDownloadRate).toBeCloseTo(e.peakDown, 6);
  }
}
