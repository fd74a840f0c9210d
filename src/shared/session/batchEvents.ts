import { crc32 } from './crc32';
import {
  EVENTS_CHECKSUM_KEY,
  EVENTS_KEY,
  MAX_SESSION_EVENTS,
  mergeEvents,
  parseEvents,
  type SessionEvent,
} from './events';
import type { MessageSpan } from './ipcStream';

/**
 * The events a session file's record batches carry (EVENTS_KEY in each batch's custom_metadata).
 * Events are an annotation of the samples, not the samples: a batch whose events are damaged
 * (their checksum fails, the JSON or a field is wrong) loses its events alone, with a warning
 * naming the batch and the field, and the file opens with the rest, as a damaged batch's
 * samples are skipped. Old files carry none and read as no events.
 */
export function batchEvents(batches: readonly MessageSpan[]): { events: SessionEvent[]; warnings: string[] } {
  let events: SessionEvent[] = [];
  const warnings: string[] = [];
  let dropped = 0;
  batches.forEach((span, index) => {
    const json = span.info.metadata.get(EVENTS_KEY);
    if (json === undefined) return;
    const where = `record batch ${index} (byte ${span.offset})`;
    const want = span.info.metadata.get(EVENTS_CHECKSUM_KEY);
    const crc = crc32(new TextEncoder().encode(json)).toString(16).padStart(8, '0');
    if (want !== undefined && want !== crc) {
      warnings.push(`${where}: its events failed their checksum (the bytes changed after they were written); left out`);
      return;
    }
    const parsed = parseEvents(json);
    if (!parsed.ok) {
      warnings.push(`${where}: ${parsed.error}; its events are left out`);
      return;
    }
    const room = MAX_SESSION_EVENTS - events.length;
    if (parsed.events.length > room) dropped += parsed.events.length - Math.max(0, room);
    events = mergeEvents(events, parsed.events);
  });
  if (dropped) warnings.push(`${dropped} events beyond the ${MAX_SESSION_EVENTS} a session keeps were left out`);
  return { events, warnings };
}
