import { bucketAt, type CalendarBucket, type CalendarUnit, nextBucket } from './calendar';
import { type GapBytes, type SessionSlots, SLOT_MS } from './slots';

/*
 * The calendar table: the slots of every session summed into days, ISO weeks or months of a
 * zone. A bucket's covered time is the time some session was read in it (sessions that ran at
 * the same time each count theirs); the rest of its span was not recorded, and nothing is
 * made up for it. Bytes seen across a gap go to the bucket that holds the whole gap, else to
 * `unattributed`, with the gap's ends.
 */

export interface TotalsRow {
  readonly key: string;
  /** ms epoch, the bucket's first instant and the next bucket's. */
  readonly start: number;
  readonly end: number;
  readonly downloaded: number;
  readonly uploaded: number;
  /** ms of the bucket some session covered, and of gaps inside it (their bytes are counted). */
  readonly coveredMs: number;
  readonly gapMs: number;
  readonly sessions: number;
  /** Highest rate over one sample interval, B/s, and when (ms epoch; null without traffic). */
  readonly peakDownloadRate: number;
  readonly peakDownloadAt: number | null;
  readonly peakUploadRate: number;
  readonly peakUploadAt: number | null;
}

export interface UnattributedBytes {
  readonly from: number;
  readonly to: number;
  readonly downloaded: number;
  readonly uploaded: number;
  readonly session: string;
}

export interface TotalsTable {
  readonly by: CalendarUnit;
  readonly tz: string;
  readonly rows: readonly TotalsRow[];
  readonly total: { readonly downloaded: number; readonly uploaded: number; readonly coveredMs: number };
  readonly unattributed: readonly UnattributedBytes[];
  readonly resets: number;
}

export interface TotalsRange {
  /** ms epoch, inclusive; slots starting before it are left out. */
  readonly from?: number;
  /** ms epoch, exclusive. */
  readonly to?: number;
}

interface Acc {
  bucket: CalendarBucket;
  downloaded: number;
  uploaded: number;
  coveredMs: number;
  gapMs: number;
  sessions: Set<string>;
  peakDownloadRate: number;
  peakDownloadAt: number | null;
  peakUploadRate: number;
  peakUploadAt: number | null;
}

/** Buckets met in time order, made once each (a month's 2,900 slots look one up 2,900 times). */
class BucketIndex {
  private readonly byKey = new Map<string, Acc>();
  private cursor: CalendarBucket | null = null;

  constructor(
    private readonly unit: CalendarUnit,
    private readonly tz: string,
  ) {}

  at(t: number): Acc {
    let b = this.cursor;
    if (b && t >= b.end && t < b.end + 40 * 86_400_000) while (t >= b.end) b = nextBucket(b, this.unit, this.tz);
    if (!b || t < b.start || t >= b.end) b = bucketAt(t, this.unit, this.tz);
    this.cursor = b;
    let acc = this.byKey.get(b.key);
    if (!acc) {
      acc = {
        bucket: b,
        downloaded: 0,
        uploaded: 0,
        coveredMs: 0,
        gapMs: 0,
        sessions: new Set(),
        peakDownloadRate: 0,
        peakDownloadAt: null,
        peakUploadRate: 0,
        peakUploadAt: null,
      };
      this.byKey.set(b.key, acc);
    }
    return acc;
  }

  find(t: number): Acc {
    const b = bucketAt(t, this.unit, this.tz);
    return this.byKey.get(b.key) ?? this.at(t);
  }

  all(): Acc[] {
    return [...this.byKey.values()].sort((a, b) => a.bucket.start - b.bucket.start);
  }
}

const inRange = (t: number, r: TotalsRange) =>
  t >= (r.from ?? Number.NEGATIVE_INFINITY) && t < (r.to ?? Number.POSITIVE_INFINITY);

/** Sum sessions' slots into calendar buckets of `by` in zone `tz`. */
export function calendarTotals(
  sessions: readonly SessionSlots[],
  by: CalendarUnit,
  tz: string,
  range: TotalsRange = {},
): TotalsTable {
  const index = new BucketIndex(by, tz);
  const unattributed: UnattributedBytes[] = [];
  let resets = 0;
  const ordered = [...sessions].sort((a, b) => a.first - b.first);
  for (const s of ordered) {
    resets += s.resets;
    for (const slot of s.slots) {
      if (!inRange(slot.start, range)) continue;
      const acc = index.at(slot.start);
      acc.downloaded += slot.down;
      acc.uploaded += slot.up;
      acc.coveredMs += slot.coveredMs;
      acc.sessions.add(s.id);
      if (slot.peakDown > acc.peakDownloadRate)
        [acc.peakDownloadRate, acc.peakDownloadAt] = [slot.peakDown, slot.peakDownAt];
      if (slot.peakUp > acc.peakUploadRate) [acc.peakUploadRate, acc.peakUploadAt] = [slot.peakUp, slot.peakUpAt];
    }
    for (const g of s.gaps) placeGap(g, s.id, index, range, unattributed, by, tz);
  }
  const rows: TotalsRow[] = index.all().map((a) => ({
    key: a.bucket.key,
    start: a.bucket.start,
    end: a.bucket.end,
    downloaded: a.downloaded,
    uploaded: a.uploaded,
    coveredMs: a.coveredMs,
    gapMs: a.gapMs,
    sessions: a.sessions.size,
    peakDownloadRate: a.peakDownloadRate,
    peakDownloadAt: a.peakDownloadAt,
    peakUploadRate: a.peakUploadRate,
    peakUploadAt: a.peakUploadAt,
  }));
  const total = rows.reduce(
    (t, r) => ({
      downloaded: t.downloaded + r.downloaded,
      uploaded: t.uploaded + r.uploaded,
      coveredMs: t.coveredMs + r.coveredMs,
    }),
    { downloaded: 0, uploaded: 0, coveredMs: 0 },
  );
  return { by, tz, rows, total, unattributed, resets };
}

function placeGap(
  g: GapBytes,
  session: string,
  index: BucketIndex,
  range: TotalsRange,
  unattributed: UnattributedBytes[],
  by: CalendarUnit,
  tz: string,
): void {
  // A gap is asked for when both its ends are: a range edge inside it cannot split its bytes either.
  const lastSlot = Math.floor((g.to - 1) / SLOT_MS) * SLOT_MS;
  if (!inRange(g.from, range) || !inRange(lastSlot, range)) return;
  const a = bucketAt(g.from, by, tz);
  if (g.to <= a.end) {
    const acc = index.find(g.from);
    acc.downloaded += g.down;
    acc.uploaded += g.up;
    acc.gapMs += g.to - g.from;
    acc.sessions.add(session);
  } else unattributed.push({ from: g.from, to: g.to, downloaded: g.down, uploaded: g.up, session });
}
