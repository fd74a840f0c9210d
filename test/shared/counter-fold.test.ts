import { describe, expect, it } from 'vitest';
import { foldCounter, startRun } from '../../src/shared/counterFold';

// The engine's readings of one counter -> the totals handed on, and which readings were resets.
const CASES: { name: string; readings: number[]; totals: number[]; resets: number[] }[] = [
  { name: 'rising', readings: [5, 7, 7, 10], totals: [5, 7, 7, 10], resets: [] },
  {
    name: 'a restart to 0, then counting again',
    readings: [100, 120, 0, 3, 9],
    totals: [100, 120, 120, 123, 129],
    resets: [2],
  },
  { name: 'a restart that already counted a little', readings: [50, 4, 6], totals: [50, 54, 56], resets: [1] },
  { name: 'two restarts', readings: [10, 2, 1, 5], totals: [10, 12, 13, 17], resets: [1, 2] },
];

describe('foldCounter: an engine counter as a total that never goes down', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const [first, ...rest] = c.readings;
      const run = startRun(first as number);
      const totals = [run.total];
      const resets: number[] = [];
      rest.forEach((v, i) => {
        if (foldCounter(run, v)) resets.push(i + 1);
        totals.push(run.total);
      });
      expect(totals).toEqual(c.totals);
      expect(resets).toEqual(c.resets);
      expect(totals.every((x, i) => i === 0 || x >= (totals[i - 1] as number))).toBe(true);
    });
  }
});
