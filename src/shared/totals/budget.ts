import { bucketAt, type CalendarUnit } from './calendar';
import { type SessionSlots, SLOT_MS } from './slots';

/*
 * A data cap and where the period is heading: what the current period (the day, week or month
 * holding `asOf`, in the zone) has used so far, and that pace carried on to the period's end.
 * The pace is over the period's elapsed wall time, recorded or not: an engine that was off
 * moved nothing, and a straight line is all a projection should claim.
 */

const UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
  KIB: 2 ** 10,
  MIB: 2 ** 20,
  GIB: 2 ** 30,
  TIB: 2 ** 40,
  PIB: 2 ** 50,
};

/** "1TiB", "750 GB", "1.5tib", "1000000" (bytes) as bytes; null when it is not a size. */
export function parseBytes(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]i?b|b)?\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]) * (UNITS[(m[2] ?? 'B').toUpperCase()] ?? Number.NaN);
  return Number.isFinite(n) && n > 0 ? n : null;
}

export type CapCounts = 'both' | 'down' | 'up';
export const CAP_COUNTS: readonly CapCounts[] = ['both', 'down', 'up'];

export interface Budget {
  readonly capBytes: number;
  readonly period: CalendarUnit;
  readonly counts: CapCounts;
  /** The period holding asOf: its key and its first and next-period instants (ms epoch). */
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly asOf: number;
  readonly usedBytes: number;
  readonly remainingBytes: number;
  /** used / cap. */
  readonly usedShare: number;
  /** used at the same pace until the period ends; null before any of the period has passed. */
  readonly projectedBytes: number | null;
  readonly projectedShare: number | null;
  /** When the cap is reached at that pace (ms epoch), or null when it is not within the period. */
  readonly reachedAt: number | null;
}

const counted = (counts: CapCounts, down: number, up: number) =>
  counts === 'both' ? down + up : counts === 'down' ? down : up;

export function capBudget(
  sessions: readonly SessionSlots[],
  opts: { capBytes: number; period: CalendarUnit; tz: string; asOf: number; counts?: CapCounts },
): Budget {
  const counts = opts.counts ?? 'both';
  const b = bucketAt(opts.asOf, opts.period, opts.tz);
  let used = 0;
  for (const s of sessions) {
    for (const slot of s.slots)
      if (slot.start >= b.start && slot.start < b.end && slot.start < opts.asOf)
        used += counted(counts, slot.down, slot.up);
    // Bytes across a gap count once both its ends are inside the period.
    for (const g of s.gaps)
      if (g.from >= b.start && g.to <= b.end && g.to <= opts.asOf + SLOT_MS) used += counted(counts, g.down, g.up);
  }
  const elapsed = Math.min(opts.asOf, b.end) - b.start;
  const length = b.end - b.start;
  const projected = elapsed > 0 ? (used * length) / elapsed : null;
  const pace = elapsed > 0 ? used / elapsed : 0;
  const reachedAt =
    used >= opts.capBytes
      ? null
      : pace > 0 && b.start + opts.capBytes / pace < b.end
        ? Math.round(b.start + opts.capBytes / pace)
        : null;
  return {
    capBytes: opts.capBytes,
    period: opts.period,
    counts,
    key: b.key,
    start: b.start,
    end: b.end,
    asOf: opts.asOf,
    usedBytes: used,
    remainingBytes: Math.max(0, opts.capBytes - used),
    usedShare: used / opts.capBytes,
    projectedBytes: projected,
    projectedShare: projected === null ? null : projected / opts.capBytes,
    reachedAt,
  };
}
