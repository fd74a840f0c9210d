import { z } from 'zod';
import { calendarTotals, type TotalsTable } from './buckets';
import { type Budget, CAP_COUNTS, capBudget } from './budget';
import { CALENDAR_UNITS, isTimeZone } from './calendar';
import type { SessionSlots } from './slots';

/*
 * What `tidegauge totals --json` prints and the Library's Totals view shows: one function over
 * the sessions' slots, so both say the same numbers for the same files and zone.
 */

const msEpoch = (name: string) =>
  z
    .number({ error: `${name} must be a time in ms since the epoch` })
    .int(`${name} must be a whole number of ms`)
    .min(0, `${name} must be a time in ms since the epoch`)
    .max(8.64e15, `${name} must be a time in ms since the epoch`);

/** The fields of a totals request, as either shell carries it (validated once in the host's dispatcher). */
export const TOTALS_FIELDS = {
  by: z.enum(CALENDAR_UNITS, { error: 'by must be day, week or month' }),
  tz: z.string().refine(isTimeZone, 'tz must be an IANA time zone such as Europe/Berlin or UTC'),
  from: msEpoch('from').optional(),
  to: msEpoch('to').optional(),
  cap: z
    .number({ error: 'cap must be a number of bytes above 0' })
    .positive('cap must be a number of bytes above 0')
    .max(1e21, 'cap must be at most 1e21 bytes')
    .optional(),
  period: z.enum(CALENDAR_UNITS, { error: 'period must be day, week or month' }).optional(),
  capCounts: z.enum(CAP_COUNTS, { error: 'capCounts must be both, down or up' }).optional(),
  /** The instant the budget is for (default: now). */
  asOf: msEpoch('asOf').optional(),
};

/** A range must run forwards (a refinement both the query and the library request carry). */
export const rangeForwards: [(q: { from?: number; to?: number }) => boolean, { message: string; path: string[] }] = [
  (q) => q.from === undefined || q.to === undefined || q.from < q.to,
  { message: 'from must be before to', path: ['from'] },
];

export const TotalsQuery = z
  .object(TOTALS_FIELDS)
  .strict()
  .refine(...rangeForwards);
export type TotalsQuery = z.infer<typeof TotalsQuery>;

export interface TotalsSession {
  readonly id: string;
  readonly title: string;
  readonly first: number;
  readonly last: number;
}

export interface TotalsReport extends TotalsTable {
  readonly from: number | null;
  readonly to: number | null;
  readonly sessions: readonly TotalsSession[];
  readonly budget: Budget | null;
  /** Things to know about the numbers (a direction a session did not report, a reset). */
  readonly notes: readonly string[];
}

/** Whether a session's span meets [from, to): sessions outside it need not be decoded. */
export function overlaps(first: number, last: number, q: Pick<TotalsQuery, 'from' | 'to'>): boolean {
  return (q.to === undefined || first < q.to) && (q.from === undefined || last >= q.from);
}

export function totalsReport(sessions: readonly SessionSlots[], q: TotalsQuery, now: number): TotalsReport {
  const table = calendarTotals(sessions, q.by, q.tz, { from: q.from, to: q.to });
  const budget =
    q.cap === undefined
      ? null
      : capBudget(sessions, {
          capBytes: q.cap,
          period: q.period ?? 'month',
          tz: q.tz,
          asOf: q.asOf ?? now,
          counts: q.capCounts,
        });
  const notes: string[] = [];
  for (const s of sessions) {
    if (!s.reported.down && !s.reported.up)
      notes.push(`${s.title}: reports neither bytes received nor sent; not counted`);
    else if (!s.reported.down) notes.push(`${s.title}: does not report bytes received`);
    else if (!s.reported.up) notes.push(`${s.title}: does not report bytes sent`);
  }
  if (table.resets)
    notes.push(`${table.resets} counter reset${table.resets === 1 ? '' : 's'} (an engine restart): counted from zero`);
  if (table.unattributed.length)
    notes.push(
      `${table.unattributed.length} gap${table.unattributed.length === 1 ? '' : 's'} across a bucket boundary: their bytes are listed apart, not spread`,
    );
  return {
    ...table,
    from: q.from ?? null,
    to: q.to ?? null,
    sessions: [...sessions]
      .sort((a, b) => a.first - b.first)
      .map((s) => ({ id: s.id, title: s.title, first: s.first, last: s.last })),
    budget,
    notes,
  };
}
