import { describe, expect, it } from 'vitest';
import { calendarTotals } from '../../src/shared/totals/buckets';
import { capBudget, parseBytes } from '../../src/shared/totals/budget';
import { bucketAt, startOfDate } from '../../src/shared/totals/calendar';
import { totalsCsv } from '../../src/shared/totals/csv';
import { sessionSlots, slotsInput } from '../../src/shared/totals/slots';
import { crossesMidnight, expected, MARCH_START, MIDNIGHTS, sessionA, sessionB, TZ, Z } from './berlin';
import { expectDays } from './expectDays';

/*
 * Calendar totals against sums the test makes itself (berlin.ts): every counter step of the
 * sessions is added to the Berlin day that holds it, by midnights written down as UTC instants.
 */

const A = sessionA();
const B = sessionB();
const slots = [sessionSlots(slotsInput(A.data)), sessionSlots(slotsInput(B.data))];

describe('calendar totals', () => {
  const all = [...A.steps, ...B.steps];
  const want = expected(all);

  it('knows Berlin’s midnights, the 23-hour DST day and a zone whose midnight does not exist', () => {
    for (const [day, t] of Object.entries(MIDNIGHTS)) {
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      expect(startOfDate({ y, m, d }, TZ)).toBe(t);
    }
    const dst = bucketAt(Z('2024-03-31T10:00:00Z'), 'day', TZ);
    expect([dst.key, dst.end - dst.start]).toEqual(['2024-03-31', 23 * 3_600_000]);
    // Santiago's clocks jump from 24:00 to 01:00 on 2024-09-08: the day starts at 01:00 (-03).
    expect(startOfDate({ y: 2024, m: 9, d: 8 }, 'America/Santiago')).toBe(Z('2024-09-08T04:00:00Z'));
    expect(bucketAt(Z('2024-03-31T21:59:59Z'), 'week', TZ).key).toBe('2024-W13');
    expect(bucketAt(Z('2024-03-31T22:00:00Z'), 'week', TZ).key).toBe('2024-W14');
  });

  it('splits sessions at local midnight, counts a reset from zero and keeps gaps as gaps', () => {
    const t = calendarTotals(slots, 'day', TZ);
    expectDays(t.rows, want.days);
    // The restart: A's counter fell from above 5 GB to a few kB, and nothing went negative.
    expect(t.resets).toBe(1);
    // The 10-minute gap of A lies inside the 31st: its bytes are the day's, its time is not covered.
    expect(t.rows.find((r) => r.key === '2024-03-31')?.gapMs).toBe(10 * 60_000 + 1000);
    // B's gap crosses midnight: listed apart with its ends, in no day.
    expect(want.apart).toHaveLength(1);
    expect(t.unattributed).toEqual([
      {
        from: want.apart[0]?.from,
        to: want.apart[0]?.to,
        downloaded: want.apart[0]?.down,
        uploaded: want.apart[0]?.up,
        session: 'b',
      },
    ]);
    // Everything the counters moved is in a day or in the gap listed apart.
    const moved = all.reduce((n, s) => n + s.down, 0);
    expect(t.total.downloaded + (want.apart[0]?.down ?? 0)).toBeCloseTo(moved, 3);
    expect(t.rows.find((r) => r.key === '2024-04-01')?.sessions).toBe(1);
  });

  it('adds days into ISO weeks and months with the same boundaries', () => {
    const byDay = calendarTotals(slots, 'day', TZ);
    const march = byDay.rows.filter((r) => r.key < '2024-04-01');
    for (const by of ['week', 'month'] as const) {
      const t = calendarTotals(slots, by, TZ);
      expect(t.rows.map((r) => r.key)).toEqual(by === 'week' ? ['2024-W13', '2024-W14'] : ['2024-03', '2024-04']);
      expect(t.rows[0]?.downloaded).toBeCloseTo(
        march.reduce((n, r) => n + r.downloaded, 0),
        3,
      );
      expect(t.rows[1]?.start).toBe(MIDNIGHTS['2024-04-01']);
      expect(t.rows[0]?.coveredMs).toBe(march.reduce((n, r) => n + r.coveredMs, 0));
    }
  });

  it('the same sessions in another zone fall into other days', () => {
    const utc = calendarTotals(slots, 'day', 'UTC');
    expect(utc.rows.map((r) => r.key)).toEqual(['2024-03-30', '2024-03-31']);
    // In UTC both of B's gap ends are on the 31st: nothing is unattributed.
    expect(utc.unattributed).toEqual([]);
  });

  it('--from/--to keep whole slots inside the range', () => {
    const t = calendarTotals(slots, 'day', TZ, { from: MIDNIGHTS['2024-03-31'], to: MIDNIGHTS['2024-04-01'] });
    expect(t.rows.map((r) => r.key)).toEqual(['2024-03-31']);
    expect(t.unattributed).toEqual([]);
  });

  it('a cap budget: used so far in the month and that pace carried to its end', () => {
    const asOf = Z('2024-03-31T12:00:00Z');
    const b = capBudget(slots, { capBytes: 2 ** 30, period: 'month', tz: TZ, asOf });
    const used = all.filter((s) => s.to <= asOf && !crossesMidnight(s));
    const usedBytes = used.reduce((n, s) => n + s.down + s.up, 0);
    expect(b.key).toBe('2024-03');
    expect(b.usedBytes).toBeCloseTo(usedBytes, 3);
    const monthStart = MARCH_START;
    const monthEnd = MIDNIGHTS['2024-04-01'] as number;
    expect([b.start, b.end]).toEqual([monthStart, monthEnd]);
    expect(b.projectedBytes).toBeCloseTo((usedBytes * (monthEnd - monthStart)) / (asOf - monthStart), 0);
    expect(b.remainingBytes).toBeCloseTo(2 ** 30 - usedBytes, 3);
    const down = capBudget(slots, { capBytes: 2 ** 30, period: 'month', tz: TZ, asOf, counts: 'down' });
    expect(down.usedBytes).toBeCloseTo(
      used.reduce((n, s) => n + s.down, 0),
      3,
    );
  });

  it('reads sizes the way a data cap is written', () => {
    expect(parseBytes('1TiB')).toBe(2 ** 40);
    expect(parseBytes('750 GB')).toBe(750e9);
    expect(parseBytes('1.5gib')).toBe(1.5 * 2 ** 30);
    expect(parseBytes('1000')).toBe(1000);
    for (const bad of ['', 'lots', '1 TB extra', '-5GB', '0', '1XB']) expect(parseBytes(bad)).toBeNull();
  });

  it('writes one CSV row per bucket', () => {
    const csv = totalsCsv(calendarTotals(slots, 'day', TZ))
      .trim()
      .split('\n');
    expect(csv[0]).toBe(
      'bucket,start,end,downloaded_bytes,uploaded_bytes,covered_s,gap_s,sessions,peak_download_Bps,peak_upload_Bps',
    );
    expect(csv[2]?.startsWith('2024-03-31,2024-03-30T23:00:00.000Z,2024-03-31T22:00:00.000Z,')).toBe(true);
    expect(csv).toHaveLength(4);
  });
});
