import type { SessionSummary } from '../../shared/library';
import { overlaps, type TotalsQuery, type TotalsReport, totalsReport } from '../../shared/totals/report';
import { type SessionSlots, sessionSlots, slotsInput } from '../../shared/totals/slots';
import { fileStamp } from './libraryPaths';
import { LruCache } from './lruCache';
import type { OpenedSession } from './sessionFiles';

/*
 * The library's calendar totals. A session's 15-minute slots do not depend on the zone or the
 * unit asked for, so they are kept per file (by its size and time) and a session is decoded
 * once for every later day/week/month, zone and range; sessions whose span (known from the
 * listing, which reads no samples) lies outside the range are not decoded at all.
 */

/** Slots of a decoded session, titled as the library shows it. */
export function slotsOfOpened(opened: OpenedSession, title: string): SessionSlots {
  return sessionSlots(slotsInput(opened.data, title));
}

export class TotalsCache {
  /** ~100 numbers per hour of session: a year of day-long sessions is a few MB. */
  private readonly cache = new LruCache<SessionSlots>(2000);

  constructor(private readonly load: (id: string, file: string) => Promise<OpenedSession>) {}

  async slots(s: SessionSummary): Promise<SessionSlots> {
    const slots = await this.cache.get(s.id, await fileStamp(s.file), async () =>
      slotsOfOpened(await this.load(s.id, s.file), s.title),
    );
    return slots.title === s.title ? slots : { ...slots, title: s.title };
  }

  /** Totals over the listed sessions that meet the range; unreadable ones are named in the notes. */
  async report(sessions: readonly SessionSummary[], q: TotalsQuery, now = Date.now()): Promise<TotalsReport> {
    const picked = sessions.filter((s) => s.state !== 'unreadable' && overlaps(s.startedAt, s.endedAt, q));
    const slots: SessionSlots[] = [];
    const skipped: string[] = [];
    for (const s of picked) {
      try {
        slots.push(await this.slots(s));
      } catch (e) {
        skipped.push(`${s.title}: not counted, it does not open (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    for (const s of sessions) if (s.state === 'unreadable') skipped.push(`${s.title}: not counted, it does not open`);
    const r = totalsReport(slots, q, now);
    return skipped.length ? { ...r, notes: [...r.notes, ...skipped] } : r;
  }
}
