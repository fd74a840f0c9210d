import type { SessionData } from '../session/data';

/*
 * One session's traffic on a fixed 15-minute grid (UTC), the zone-free half of the calendar
 * totals: every local midnight of every zone in use is a slot boundary, so the calendar
 * buckets of any zone are sums of whole slots (buckets.ts), and a session's slots can be kept
 * and reused whichever zone or unit is asked for.
 *
 * Bytes come from counter steps between consecutive readings. A step that went down is a
 * reset (the engine restarted): the new value is what moved since, as everywhere (rates.ts).
 * An interval between readings counts as covered time and its bytes are split over the slots
 * it spans by time (it is one sample interval long). An interval longer than the gap limit is a
 * gap: not covered, never spread. Its bytes are real but their time is unknown, so they stay
 * with the gap's two ends (`gaps`): buckets.ts gives them to the bucket holding both ends, or
 * lists them as unattributed when the gap crosses a boundary.
 */

export const SLOT_MS = 15 * 60_000;
/** The counters summed: every byte on the wire (payload and protocol), as a data cap counts them. */
export const DOWN_METRIC = 'net.bytes_recv';
export const UP_METRIC = 'net.bytes_sent';

export interface Slot {
  /** ms epoch, a multiple of SLOT_MS. */
  readonly start: number;
  down: number;
  up: number;
  coveredMs: number;
  /** Highest rate over one sample interval in this slot, B/s, and when that interval ended. */
  peakDown: number;
  peakDownAt: number;
  peakUp: number;
  peakUpAt: number;
}

export interface GapBytes {
  /** The last reading before the gap and the first after it, ms epoch. */
  readonly from: number;
  readonly to: number;
  readonly down: number;
  readonly up: number;
}

export interface SessionSlots {
  readonly id: string;
  readonly title: string;
  readonly first: number;
  readonly last: number;
  /** Slots with covered time, in time order. */
  readonly slots: readonly Slot[];
  readonly gaps: readonly GapBytes[];
  /** Counter steps that went down (an engine restart): counted from zero. */
  readonly resets: number;
  /** Whether each direction's counter was reported at all. */
  readonly reported: { readonly down: boolean; readonly up: boolean };
}

/** The gap limit for a session sampled every intervalMs: three intervals, at least 3 s. */
export function gapLimitMs(intervalMs: number): number {
  return Math.max(3 * intervalMs, 3000);
}

const step = (cur: number, prev: number) => (cur >= prev ? cur - prev : cur);

function anyFinite(c: Float64Array | null): boolean {
  if (!c) return false;
  for (let i = 0; i < c.length; i++) if (Number.isFinite(c[i] as number)) return true;
  return false;
}

export interface SlotsInput {
  readonly id: string;
  readonly title: string;
  readonly intervalMs: number;
  readonly t: ArrayLike<number>;
  readonly down: Float64Array | null;
  readonly up: Float64Array | null;
}

/** The columns slots read, by name (a session of another registry has them by the same names). */
export function slotsInput(data: SessionData, title = data.meta.title ?? data.meta.id): SlotsInput {
  const col = (name: string) => {
    const i = data.meta.registry.findIndex((e) => e.name === name);
    return i < 0 || String(i) in data.meta.notReported ? null : (data.columns[i] ?? null);
  };
  return {
    id: data.meta.id,
    title,
    intervalMs: data.meta.intervalMs,
    t: data.t,
    down: col(DOWN_METRIC),
    up: col(UP_METRIC),
  };
}

export function sessionSlots(input: SlotsInput): SessionSlots {
  const { t } = input;
  const reported = { down: anyFinite(input.down), up: anyFinite(input.up) };
  const down = reported.down ? input.down : null;
  const up = reported.up ? input.up : null;
  const gapMs = gapLimitMs(input.intervalMs);
  const slots: Slot[] = [];
  const gaps: GapBytes[] = [];
  let resets = 0;
  const slotAt = (start: number): Slot => {
    const last = slots[slots.length - 1];
    if (last && last.start === start) return last;
    const s: Slot = { start, down: 0, up: 0, coveredMs: 0, peakDown: 0, peakDownAt: 0, peakUp: 0, peakUpAt: 0 };
    slots.push(s);
    return s;
  };
  // A reading: a sample where every reported direction has a value (a lost connection is NaN).
  const reading = (i: number) =>
    (down === null || Number.isFinite(down[i] as number)) && (up === null || Number.isFinite(up[i] as number));
  let p = -1;
  let first = Number.NaN;
  let last = Number.NaN;
  for (let k = 0; k < t.length; k++) {
    if (!reading(k) || (down === null && up === null)) continue;
    const tk = t[k] as number;
    if (p < 0 || tk <= (t[p] as number)) {
      if (p < 0) first = tk;
      p = p < 0 ? k : p;
      continue;
    }
    const tp = t[p] as number;
    const dn = down ? step(down[k] as number, down[p] as number) : 0;
    const un = up ? step(up[k] as number, up[p] as number) : 0;
    if ((down && (down[k] as number) < (down[p] as number)) || (up && (up[k] as number) < (up[p] as number))) resets++;
    const dt = tk - tp;
    if (dt > gapMs) gaps.push({ from: tp, to: tk, down: dn, up: un });
    else {
      const rd = (dn / dt) * 1000;
      const ru = (un / dt) * 1000;
      for (let a = tp; a < tk; ) {
        const start = Math.floor(a / SLOT_MS) * SLOT_MS;
        const b = Math.min(tk, start + SLOT_MS);
        const s = slotAt(start);
        const share = (b - a) / dt;
        s.down += dn * share;
        s.up += un * share;
        s.coveredMs += b - a;
        if (rd > s.peakDown) [s.peakDown, s.peakDownAt] = [rd, tk];
        if (ru > s.peakUp) [s.peakUp, s.peakUpAt] = [ru, tk];
        a = b;
      }
    }
    last = tk;
    p = k;
  }
  return {
    id: input.id,
    title: input.title,
    first,
    last: Number.isNaN(last) ? first : last,
    slots,
    gaps,
    resets,
    reported,
  };
}
