import { makeSession, type Step } from './sessions';

/*
 * The totals tests' week in Europe/Berlin around the spring DST change (Sunday 2024-03-31 has
 * 23 hours), and what each day must hold, added up from the counter steps alone: the local
 * midnights are written down here as UTC instants, not computed by the code under test.
 */

export const TZ = 'Europe/Berlin';
export const Z = (s: string) => Date.parse(s);
// Local midnights of 2024-03-30 ... 2024-04-02 (CET +1 until 03-31 02:00, then CEST +2).
export const MIDNIGHTS: Record<string, number> = {
  '2024-03-30': Z('2024-03-29T23:00:00Z'),
  '2024-03-31': Z('2024-03-30T23:00:00Z'),
  '2024-04-01': Z('2024-03-31T22:00:00Z'),
  '2024-04-02': Z('2024-04-01T22:00:00Z'),
};
export const MARCH_START = Z('2024-02-29T23:00:00Z');

export function dayOf(t: number): string {
  const days = Object.keys(MIDNIGHTS).sort();
  for (let i = days.length - 1; i >= 0; i--)
    if (t >= (MIDNIGHTS[days[i] as string] as number)) return days[i] as string;
  throw new Error(`no day for ${new Date(t).toISOString()}`);
}

// Session A: 23:30 local on the 30th to 04:00 local on the 31st, over midnight and the DST
// jump; the engine restarts at 00:20 UTC; the source is unreachable 00:40-00:50 UTC.
export const sessionA = () =>
  makeSession({
    id: 'a',
    start: Z('2024-03-30T22:30:00Z'),
    end: Z('2024-03-31T02:00:00Z'),
    resetsAfter: [Z('2024-03-31T00:20:00Z')],
    gaps: [[Z('2024-03-31T00:40:00Z'), Z('2024-03-31T00:50:00Z')]],
    initial: 5e9,
  });
// Session B: over the next midnight (also a new ISO week and a new month), with a gap across it.
export const sessionB = () =>
  makeSession({
    id: 'b',
    start: Z('2024-03-31T21:50:00Z'),
    end: Z('2024-03-31T22:10:00Z'),
    gaps: [[Z('2024-03-31T21:58:00Z'), Z('2024-03-31T22:03:00Z')]],
  });

export interface Expected {
  down: number;
  up: number;
  coveredMs: number;
  gapMs: number;
  peakDown: number;
}

const isGap = (s: Step) => s.to - s.from > 3000;
/** A gap whose ends are on two days (an end exactly at midnight is still the day before's). */
export const crossesMidnight = (s: Step) =>
  isGap(s) && dayOf(s.to) !== dayOf(s.from) && s.to !== MIDNIGHTS[dayOf(s.to)];

/** What each day should hold, and the gaps whose bytes belong to no day, by the steps alone. */
export function expected(steps: readonly Step[]) {
  const days = new Map<string, Expected>();
  const apart: Step[] = [];
  for (const s of steps) {
    if (crossesMidnight(s)) {
      apart.push(s);
      continue;
    }
    const day = dayOf(s.from);
    const e = days.get(day) ?? { down: 0, up: 0, coveredMs: 0, gapMs: 0, peakDown: 0 };
    e.down += s.down;
    e.up += s.up;
    if (isGap(s)) e.gapMs += s.to - s.from;
    else {
      e.coveredMs += s.to - s.from;
      e.peakDown = Math.max(e.peakDown, s.down / ((s.to - s.from) / 1000));
    }
    days.set(day, e);
  }
  return { days, apart };
}
