/*
 * Calendar buckets (day, ISO week from Monday, month) in a named time zone, with nothing but
 * Intl: a local day is 23 or 25 hours long on a DST change, and a zone whose clocks jump at
 * midnight starts its day at 01:00. Every offset in use is a multiple of 15 minutes, so every
 * bucket boundary falls on a 15-minute slot boundary (slots.ts relies on that).
 */

export type CalendarUnit = 'day' | 'week' | 'month';
export const CALENDAR_UNITS: readonly CalendarUnit[] = ['day', 'week', 'month'];

export interface LocalDate {
  readonly y: number;
  /** 1-12 */
  readonly m: number;
  readonly d: number;
}

interface LocalParts extends LocalDate {
  readonly h: number;
  readonly mi: number;
  readonly s: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(tz, f);
  }
  return f;
}

/** Whether `tz` is an IANA zone this runtime knows ("Europe/Berlin", "UTC"). */
export function isTimeZone(tz: string): boolean {
  if (!tz || tz.length > 100) return false;
  try {
    format(tz);
    return true;
  } catch {
    return false;
  }
}

/** The zone of the machine (or browser) this runs on. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function parts(t: number, tz: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of format(tz).formatToParts(new Date(t))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return {
    y: out.year ?? 0,
    m: out.month ?? 1,
    d: out.day ?? 1,
    h: out.hour ?? 0,
    mi: out.minute ?? 0,
    s: out.second ?? 0,
  };
}

/** The local calendar date of instant t in tz. */
export function localDate(t: number, tz: string): LocalDate {
  const p = parts(t, tz);
  return { y: p.y, m: p.m, d: p.d };
}

/** ms the zone's clock is ahead of UTC at instant t. */
export function zoneOffsetMs(t: number, tz: string): number {
  const p = parts(t, tz);
  const whole = Math.floor(t / 1000) * 1000;
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - whole;
}

const dayNumber = (x: LocalDate) => Date.UTC(x.y, x.m - 1, x.d) / 86_400_000;
const sameDate = (a: LocalDate, b: LocalDate) => a.y === b.y && a.m === b.m && a.d === b.d;

/** The date `days` after x (calendar arithmetic, no zone). */
export function addDays(x: LocalDate, days: number): LocalDate {
  const u = new Date(Date.UTC(x.y, x.m - 1, x.d + days));
  return { y: u.getUTCFullYear(), m: u.getUTCMonth() + 1, d: u.getUTCDate() };
}

/** The first instant of local date x in tz (its midnight, or the first time that exists that day). */
export function startOfDate(x: LocalDate, tz: string): number {
  const guess = Date.UTC(x.y, x.m - 1, x.d);
  const a = guess - zoneOffsetMs(guess, tz);
  const b = guess - zoneOffsetMs(a, tz);
  const candidates = [a, b].filter((t) => sameDate(localDate(t, tz), x)).sort((p, q) => p - q);
  let t = candidates[0];
  if (t === undefined) {
    // Midnight does not exist (the clock jumped from 23:59 to 01:00): the day starts at the jump.
    t = Math.min(a, b);
    for (let k = 0; k < 16 && !sameDate(localDate(t, tz), x); k++) t += 15 * 60_000;
  }
  // An earlier instant of the same date (a day that starts before our guess, a fold at midnight).
  while (sameDate(localDate(t - 15 * 60_000, tz), x)) t -= 15 * 60_000;
  return t;
}

export interface CalendarBucket {
  /** "2024-03-31", "2024-W13", "2024-03". */
  readonly key: string;
  /** First local date of the bucket. */
  readonly first: LocalDate;
  /** ms epoch, inclusive. */
  readonly start: number;
  /** ms epoch, exclusive: the next bucket's start. */
  readonly end: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export const dateKey = (x: LocalDate) => `${x.y}-${pad(x.m)}-${pad(x.d)}`;

/** ISO 8601 week of a date: the year of its Thursday and the week number. */
function isoWeek(monday: LocalDate): { year: number; week: number } {
  const thursday = addDays(monday, 3);
  const jan1 = { y: thursday.y, m: 1, d: 1 };
  return { year: thursday.y, week: Math.floor((dayNumber(thursday) - dayNumber(jan1)) / 7) + 1 };
}

/** The first date of the unit holding date x. */
export function unitStart(x: LocalDate, unit: CalendarUnit): LocalDate {
  if (unit === 'day') return x;
  if (unit === 'month') return { y: x.y, m: x.m, d: 1 };
  const dow = new Date(Date.UTC(x.y, x.m - 1, x.d)).getUTCDay();
  return addDays(x, -((dow + 6) % 7));
}

function nextUnit(first: LocalDate, unit: CalendarUnit): LocalDate {
  if (unit === 'day') return addDays(first, 1);
  if (unit === 'week') return addDays(first, 7);
  return first.m === 12 ? { y: first.y + 1, m: 1, d: 1 } : { y: first.y, m: first.m + 1, d: 1 };
}

function keyOf(first: LocalDate, unit: CalendarUnit): string {
  if (unit === 'day') return dateKey(first);
  if (unit === 'month') return `${first.y}-${pad(first.m)}`;
  const w = isoWeek(first);
  return `${w.year}-W${pad(w.week)}`;
}

/** The bucket of `unit` that holds instant t, in tz. */
export function bucketAt(t: number, unit: CalendarUnit, tz: string): CalendarBucket {
  const first = unitStart(localDate(t, tz), unit);
  return { key: keyOf(first, unit), first, start: startOfDate(first, tz), end: startOfDate(nextUnit(first, unit), tz) };
}

/** The bucket after b. */
export function nextBucket(b: CalendarBucket, unit: CalendarUnit, tz: string): CalendarBucket {
  const first = nextUnit(b.first, unit);
  return { key: keyOf(first, unit), first, start: b.end, end: startOfDate(nextUnit(first, unit), tz) };
}

/** "2024-03-31" as a local date, or null. */
export function parseDate(text: string): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const x = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  const back = addDays(x, 0);
  return sameDate(back, x) ? x : null;
}
