import { z } from 'zod';
import { describeIssues, MAX_TIME_MS } from './meta';

/*
 * What happened to a session besides its numbers: the source's alerts, outages (its connection
 * lost and found again), diagnostics switched, a source switch. The host records them as they
 * happen; a session file keeps them in the custom_metadata of the record batch that was written
 * after them (EVENTS_KEY), and the journal keeps the ones not yet in a batch, so they survive a
 * crash like the samples do. Charts draw them as annotations.
 */

export const SESSION_EVENT_KINDS = [
  'alert',
  'outage-start',
  'outage-end',
  'diagnostics-on',
  'diagnostics-off',
  'source',
] as const;
export type SessionEventKind = (typeof SESSION_EVENT_KINDS)[number];

/** Record batch custom_metadata: the JSON array of the events recorded since the batch before. */
export const EVENTS_KEY = 'tidegauge.events';
/** Record batch custom_metadata: CRC-32 of EVENTS_KEY's UTF-8 bytes (the batch checksum covers the body only). */
export const EVENTS_CHECKSUM_KEY = 'tidegauge.events.crc32';
/**
 * Most events a session keeps: a flapping connection or an alert storm must not make a file
 * (or one batch header) grow without end; beyond it new events are counted, not kept.
 */
export const MAX_SESSION_EVENTS = 10_000;
export const MAX_EVENT_TEXT = 500;

/**
 * An outage's text starts with its cause and a colon; its end names the same cause, which is
 * how a start and its end pair up (a lost connection and a swarm with no peers can overlap).
 */
export const OUTAGE_UNREACHABLE = 'source unreachable';
export const OUTAGE_NO_CONNECTIONS = 'no connections';

/** The cause of an outage event: its text up to the first colon. */
export function outageCause(text: string): string {
  const i = text.indexOf(':');
  return i < 0 ? text : text.slice(0, i);
}

export const SessionEventSchema = z
  .object({
    t: z.number().min(-MAX_TIME_MS).max(MAX_TIME_MS),
    kind: z.enum(SESSION_EVENT_KINDS),
    text: z.string().max(MAX_EVENT_TEXT),
  })
  .strict();
export type SessionEvent = z.infer<typeof SessionEventSchema>;

const EventsSchema = z.array(SessionEventSchema).max(MAX_SESSION_EVENTS);

/** An event as the host makes it: the text cut to what a file keeps. */
export function sessionEvent(t: number, kind: SessionEventKind, text: string): SessionEvent {
  return { t, kind, text: text.length > MAX_EVENT_TEXT ? `${text.slice(0, MAX_EVENT_TEXT - 1)}…` : text };
}

/** Parse a batch's EVENTS_KEY JSON; the error names the field that is wrong (e.g. "3.kind: …"). */
export function parseEvents(json: string): { ok: true; events: SessionEvent[] } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    return { ok: false, error: `${EVENTS_KEY} is not valid JSON (${(e as Error).message})` };
  }
  const r = EventsSchema.safeParse(raw);
  if (!r.success) return { ok: false, error: `${EVENTS_KEY}: ${describeIssues(r.error, 'events')}` };
  return { ok: true, events: r.data };
}

const key = (e: SessionEvent) => `${e.t}\u0000${e.kind}\u0000${e.text}`;

/**
 * `more` appended to `kept`, leaving out what `kept` already holds (a crash between a batch
 * write and the journal's cut-back leaves a batch's events in both), in time order, bounded.
 */
export function mergeEvents(kept: readonly SessionEvent[], more: readonly SessionEvent[]): SessionEvent[] {
  const seen = new Set(kept.map(key));
  const out = [...kept, ...more.filter((e) => !seen.has(key(e)))];
  // Stable: events of one instant keep the order they happened in.
  out.sort((a, b) => a.t - b.t);
  return out.length > MAX_SESSION_EVENTS ? out.slice(0, MAX_SESSION_EVENTS) : out;
}

/** The events with from <= t <= to. */
export function eventsBetween(events: readonly SessionEvent[], from: number, to: number): SessionEvent[] {
  return events.filter((e) => e.t >= from && e.t <= to);
}
