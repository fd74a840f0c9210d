import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Message, MessageHeader } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalPath, readSessionFile } from '../../src/main/storage/sessionFiles';
import { SessionWriter } from '../../src/main/storage/sessionWriter';
import { ensureZstd } from '../../src/main/storage/zstd';
import { decodeSession, encodeSession } from '../../src/shared/session/arrow';
import { sliceByTime } from '../../src/shared/session/data';
import { EVENTS_KEY, MAX_SESSION_EVENTS, type SessionEvent, sessionEvent } from '../../src/shared/session/events';
import { scanStream } from '../../src/shared/session/ipcStream';
import { foldJournal } from '../../src/shared/session/journal';
import { decodeWal, encodeWalEvent } from '../../src/shared/session/wal';
import { cleanTempDirs, makeData, makeMeta, recordSession, tempDir } from './helpers';

beforeAll(() => ensureZstd());
afterAll(cleanTempDirs);

const T0 = makeMeta().startedAt;
const EVENTS: SessionEvent[] = [
  sessionEvent(T0 + 5_000, 'diagnostics-on', 'diagnostics switched on'),
  sessionEvent(T0 + 20_500, 'outage-start', 'source unreachable: connect ECONNREFUSED 127.0.0.1:9'),
  sessionEvent(T0 + 31_000, 'outage-end', 'source live again after 10.5 s'),
  sessionEvent(T0 + 44_000, 'alert', 'tracker_error: announce failed (HTTP 503)'),
];

/** Record 60 samples in batches of 25 with EVENTS written at their times, as the recorder does. */
function record(path: string, journal = true): SessionWriter {
  const data = makeData(60);
  const w = new SessionWriter(path, data.meta, { journal, batchRows: 25, batchMs: 1e9 });
  const row = new Float64Array(data.columns.length);
  let e = 0;
  for (let r = 0; r < data.length; r++) {
    const t = data.t[r] as number;
    while (e < EVENTS.length && (EVENTS[e] as SessionEvent).t <= t) w.event(EVENTS[e++] as SessionEvent);
    data.columns.forEach((c, i) => {
      row[i] = c[r] as number;
    });
    w.append(t, false, row);
    w.flush();
  }
  return w;
}

describe('session events in the file', () => {
  it('a closed recording keeps every event, each in the batch written after it', () => {
    const path = join(tempDir(), 'events.arrow');
    record(path).close();
    const bytes = new Uint8Array(readFileSync(path));
    const d = decodeSession(bytes);
    expect(d.warnings).toEqual([]);
    expect(d.data.events).toEqual(EVENTS);
    // Batches of 25 samples from T0: the events at 5 s and 20.5 s in the first, 31 s and 44 s in the second.
    const perBatch = scanStream(bytes)
      .messages.slice(1)
      .map((m) => JSON.parse(m.info.metadata.get(EVENTS_KEY) ?? '[]').length);
    expect(perBatch).toEqual([2, 2, 0]);
  });

  it('a killed recording keeps the events of its journal: read beside the file and folded into it', async () => {
    const dir = tempDir();
    const path = join(dir, 'killed.arrow');
    const w = record(path);
    // One more event after the last batch: only the journal holds it.
    const late = sessionEvent(T0 + 59_500, 'diagnostics-off', 'diagnostics switched off');
    w.event(late);
    w.abandon();
    const wal = decodeWal(new Uint8Array(readFileSync(journalPath(path))));
    expect(wal.events).toEqual([late]);
    expect(wal.damaged).toEqual([]);
    const opened = await readSessionFile(path);
    expect(opened.state).toBe('interrupted');
    expect(opened.data.events).toEqual([...EVENTS, late]);
    expect(opened.journal?.foldedEvents).toBe(1);
    expect(opened.journal?.keep).toBe(false);
    // What the library's fold writes (encodeSession of the folded data) reads back the same.
    expect(decodeSession(encodeSession(opened.data)).data.events).toEqual([...EVENTS, late]);
  });

  it('a crash between a batch and the journal cut-back does not double the events', () => {
    const path = join(tempDir(), 'twice.arrow');
    record(path).close();
    const file = decodeSession(new Uint8Array(readFileSync(path)));
    // A journal still holding event frames the file's batches already carry.
    const copy = join(tempDir(), 'twice2.arrow');
    const w2 = new SessionWriter(copy, file.data.meta, { journal: true });
    for (const e of EVENTS) w2.event(e);
    w2.abandon();
    const fold = foldJournal(file, new Uint8Array(readFileSync(journalPath(copy))), 'twice.wal');
    expect(fold.foldedEvents).toBe(0);
    expect(fold.data.events).toEqual(EVENTS);
  });

  it('old files without events still open with none', () => {
    const d = decodeSession(encodeSession(makeData(30)));
    expect(d.data.events).toBeUndefined();
    expect(d.warnings).toEqual([]);
  });

  it('an export of a range keeps the events of that range', () => {
    const data = { ...makeData(60), events: EVENTS };
    const cut = sliceByTime(data, { fromS: 10, toS: 40 });
    expect(cut.events).toEqual(EVENTS.slice(1, 3));
  });

  it('holds at most MAX_SESSION_EVENTS events, counting the rest', () => {
    const path = join(tempDir(), 'storm.arrow');
    const data = makeData(2);
    const w = new SessionWriter(path, data.meta, { journal: true });
    for (let i = 0; i < MAX_SESSION_EVENTS + 5; i++) w.event(sessionEvent(T0 + i, 'alert', `alert ${i}`));
    w.append(T0 + 20_000, false, new Float64Array(data.columns.length));
    expect(w.events).toBe(MAX_SESSION_EVENTS);
    expect(w.droppedEvents).toBe(5);
    w.close();
    const d = decodeSession(new Uint8Array(readFileSync(path)));
    expect(d.data.events?.length).toBe(MAX_SESSION_EVENTS);
    expect(d.data.events?.[MAX_SESSION_EVENTS - 1]?.text).toBe(`alert ${MAX_SESSION_EVENTS - 1}`);
  });

  it('cuts an event text to 500 characters', () => {
    expect(sessionEvent(0, 'alert', 'x'.repeat(2000)).text).toHaveLength(500);
  });

  it('a recording closed with events after its last batch writes them in a batch of their own', () => {
    const path = join(tempDir(), 'tail.arrow');
    const data = makeData(3);
    const w = recordSession(path, data, { journal: true, batchRows: 3 });
    w.event(sessionEvent(T0 + 10_000, 'source', 'switched to Tidegauge at 127.0.0.1:7420'));
    w.close();
    const d = decodeSession(new Uint8Array(readFileSync(path)));
    expect(d.data.length).toBe(3);
    expect(d.data.events?.map((e) => e.kind)).toEqual(['source']);
    expect(d.warnings).toEqual([]);
  });
});

/** The file with its first batch's events metadata replaced by `json` (checksum of the events dropped). */
function withEventsJson(json: string, keepChecksum = false): Uint8Array {
  const data = { ...makeData(40), events: EVENTS };
  const bytes = encodeSession(data, { batchRows: 20 });
  const scan = scanStream(bytes);
  const m = scan.messages[1];
  if (!m) throw new Error('no batch');
  const prefix = 8;
  const metaLen = new DataView(bytes.buffer, bytes.byteOffset + m.offset + 4, 4).getInt32(0, true);
  const msg = Message.decode(bytes.subarray(m.offset + prefix, m.offset + prefix + metaLen));
  const metadata = new Map(msg.metadata);
  metadata.set(EVENTS_KEY, json);
  if (!keepChecksum) metadata.delete('tidegauge.events.crc32');
  const header = Message.encode(
    new Message(msg.bodyLength, msg.version, MessageHeader.RecordBatch, msg.header(), metadata),
  );
  const padded = (8 + header.length + 7) & ~7;
  const head = new Uint8Array(padded);
  const dv = new DataView(head.buffer);
  dv.setInt32(0, -1, true);
  dv.setInt32(4, padded - 8, true);
  head.set(header, 8);
  const body = bytes.subarray(m.bodyOffset, m.offset + m.size);
  const out = new Uint8Array(m.offset + head.length + body.length + (bytes.length - m.offset - m.size));
  out.set(bytes.subarray(0, m.offset), 0);
  out.set(head, m.offset);
  out.set(body, m.offset + head.length);
  out.set(bytes.subarray(m.offset + m.size), m.offset + head.length + body.length);
  return out;
}

describe('damaged events', () => {
  it("an event with a wrong field: the file opens without that batch's events, the warning names the field", () => {
    const bad = JSON.stringify([{ t: T0 + 1000, kind: 'meteor', text: 'x' }]);
    const d = decodeSession(withEventsJson(bad));
    expect(d.data.length).toBe(40);
    expect(d.warnings.join('\n')).toMatch(/record batch 0 .*tidegauge\.events: 0\.kind: .*; its events are left out/);
    // The second batch's events are still there.
    expect(d.data.events).toEqual(EVENTS.slice(1));
  });

  it('events that are not JSON, or a missing field, are named', () => {
    expect(decodeSession(withEventsJson('[{')).warnings.join('\n')).toMatch(/tidegauge\.events is not valid JSON/);
    const noText = JSON.stringify([{ t: T0, kind: 'alert' }]);
    expect(decodeSession(withEventsJson(noText)).warnings.join('\n')).toMatch(/0\.text: /);
  });

  it('events changed after they were written fail their checksum', () => {
    const changed = JSON.stringify(EVENTS.slice(0, 2).map((e) => ({ ...e, text: `${e.text}!` })));
    const d = decodeSession(withEventsJson(changed, true));
    expect(d.warnings.join('\n')).toMatch(/its events failed their checksum/);
    expect(d.data.events).toEqual(EVENTS.slice(1));
  });

  it('a journal event frame with a good checksum but a bad event keeps the journal and says why', () => {
    const path = join(tempDir(), 'badwal.arrow');
    const w = recordSession(path, makeData(5), { journal: true });
    w.flush();
    w.abandon();
    const file = decodeSession(new Uint8Array(readFileSync(path)));
    const frame = encodeWalEvent({ t: T0, kind: 'nonsense' as 'alert', text: 'x' });
    const wal = Buffer.concat([readFileSync(journalPath(path)), frame]);
    writeFileSync(journalPath(path), wal);
    const fold = foldJournal(file, wal, 'badwal.wal');
    expect(fold.folded).toBe(5);
    expect(fold.keep).toBe(true);
    expect(fold.reason).toMatch(/1 event could not be read \(the event at byte \d+: kind: /);
  });

  it('a torn event frame at the end of the journal costs only that event', () => {
    const path = join(tempDir(), 'torn.arrow');
    const w = recordSession(path, makeData(5), { journal: true });
    w.event(EVENTS[0] as SessionEvent);
    w.event(EVENTS[1] as SessionEvent);
    w.abandon();
    const wal = readFileSync(journalPath(path));
    const j = decodeWal(new Uint8Array(wal.subarray(0, wal.length - 9)));
    expect(j.events).toEqual([EVENTS[0]]);
    expect(j.rows).toHaveLength(5);
  });
});
