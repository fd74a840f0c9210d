import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatcher, type HandlerValues } from '../../src/main/dispatch/Dispatcher';
import { StatsHost } from '../../src/main/live/statsHost';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import type { LibraryOp } from '../../src/shared/library';
import { cleanTempDirs, expectSameData, LT, makeData, makeMeta, tempDir } from '../sessions/helpers';

/*
 * The one dispatcher behind both shells, tested once: every library request and every live
 * command, the limits of the shared schemas, and the status each kind of failure carries.
 * Real library on real files; the transports have tests of their own (translation only).
 */

afterAll(cleanTempDirs);

let lib: SessionLibrary;
let host: StatsHost;
let d: Dispatcher;
const data = makeData(120, makeMeta(undefined, { id: 'a' }));

beforeAll(async () => {
  const base = tempDir();
  lib = new SessionLibrary(base);
  await writeSessionFile(data, join(base, 'in-a.arrow'));
  await writeSessionFile(makeData(60, makeMeta(undefined, { id: 'b' })), join(base, 'in-b.arrow'));
  await lib.add(join(base, 'in-a.arrow'));
  await lib.add(join(base, 'in-b.arrow'));
  writeFileSync(join(lib.dir, 'broken.arrow'), 'not an arrow file');
  host = new StatsHost({ intervalMs: 1000 });
  d = createDispatcher({ host, library: lib });
});

/** The value of an answer that must be ok, narrowed to its op. */
async function ok<K extends LibraryOp>(raw: { op: K } & Record<string, unknown>): Promise<HandlerValues[K]> {
  const a = await d.library(raw);
  if (!a.ok) throw new Error(`${raw.op} failed: ${a.status} ${a.error}`);
  expect(a.op).toBe(raw.op);
  return a.value as HandlerValues[K];
}

async function refused(raw: unknown): Promise<{ status: number; error: string }> {
  const a = await d.library(raw);
  if (a.ok) throw new Error(`expected a refusal of ${JSON.stringify(raw)}`);
  return { status: a.status, error: a.error };
}

describe('library requests', () => {
  it('list, get, data, figures, compare, update and remove answer from the library', async () => {
    const listing = await ok({ op: 'list' });
    expect(listing.dir).toBe(lib.dir);
    expect(listing.recording).toBeNull();
    expect(listing.sessions.map((s) => s.id).sort()).toEqual(['broken', 'in-a', 'in-b']);

    const detail = await ok({ op: 'get', id: 'in-a' });
    expect(detail.samples).toBe(120);
    expect(detail.registry).toHaveLength(99);

    expectSameData(await ok({ op: 'data', id: 'in-a' }), data);
    const part = await ok({ op: 'data', id: 'in-a', from: 10, to: 19 });
    expect(part.length).toBe(10);
    expect(part.t[0]).toBe(data.t[10]);

    expect(await ok({ op: 'figures', id: 'in-a' })).toEqual(await lib.figures('in-a'));
    expect(await ok({ op: 'compare', ids: ['in-a', 'in-b'], baseline: 1 })).toEqual(
      await lib.compare({ ids: ['in-a', 'in-b'], baseline: 1 }),
    );

    expect(await ok({ op: 'update', id: 'in-b', fields: { title: 'Second', tags: ['x', 'x'] } })).toMatchObject({
      title: 'Second',
      tags: ['x'],
    });
    expect(await ok({ op: 'remove', id: 'in-b' })).toBeNull();
    expect(await refused({ op: 'get', id: 'in-b' })).toEqual({ status: 404, error: 'no session "in-b"' });
  });

  it('imports bytes (IPC) and a body written by the transport (HTTP) the same way', async () => {
    const bytes = new Uint8Array(readFileSync(join(LT, 'libtorrent-download.log')));
    const viaBytes = await ok({ op: 'import', name: 'dl.log', bytes });
    expect(viaBytes.summary.samples).toBe(15);
    const viaUpload = await d.upload({ name: 'dl.log' }, async (file) => writeFileSync(file, bytes));
    expect(viaUpload).toMatchObject({ ok: true, op: 'import', value: { summary: { samples: 15 } } });

    // Errors name the file the user gave, never the staging copy.
    const junk = await refused({ op: 'import', name: 'junk.csv', bytes: new TextEncoder().encode('no,data\n') });
    expect(junk.status).toBe(422);
    expect(junk.error).toMatch(/^junk\.csv: csv: a header row but no data rows/);
    expect(await refused({ op: 'import', name: 'empty.csv', bytes: new Uint8Array(0) })).toEqual({
      status: 400,
      error: 'empty.csv: the file is empty',
    });
    // A name is a name, not a path: it cannot reach outside the staging folder.
    const sneaky = await ok({ op: 'import', name: '../../x/dl.log', bytes });
    expect(sneaky.summary.id).toMatch(/^dl/);
  });

  it('refuses what the shared schema refuses, naming the field and the rule', async () => {
    const cases: [unknown, RegExp][] = [
      [{ op: 'nope' }, /^bad request: op: /],
      [{ op: 'get' }, /^bad request: id: /],
      [{ op: 'get', id: 'x'.repeat(201) }, /^bad request: id must be at most 200 characters$/],
      [{ op: 'data', id: 'in-a', every: 1.5 }, /^bad request: every must be a whole number from 1 to 1000000$/],
      [{ op: 'data', id: 'in-a', from: Number.NaN }, /^bad request: from must be a number of seconds >= 0$/],
      [{ op: 'data', id: 'in-a', points: 1 }, /^bad request: points must be a whole number from 2 to 10000000$/],
      [{ op: 'compare', ids: ['in-a'] }, /^bad request: ids must name 2 to 4 sessions$/],
      [
        { op: 'compare', ids: ['in-a', 'b'], baseline: 2 },
        /^bad request: baseline must be a session index from 0 to 1$/,
      ],
      [{ op: 'compare', ids: ['in-a', 'b'], nudges: [1, 2, 3] }, /^bad request: nudges must be up to 2 numbers/],
      [{ op: 'import', name: 'a.csv', bytes: new Uint8Array(1), interval: 0 }, /^bad request: interval must be/],
      [{ op: 'import', name: 'a.csv', bytes: new Uint8Array(1), format: 'xml' }, /^bad request: format must be auto/],
      [{ op: 'list', extra: 1 }, /^bad request: request: Unrecognized key: "extra"$/],
    ];
    for (const [raw, message] of cases) {
      const r = await refused(raw);
      expect(r.status, JSON.stringify(raw)).toBe(400);
      expect(r.error, JSON.stringify(raw)).toMatch(message);
    }
    expect(await d.upload({ name: '' }, async () => {})).toMatchObject({ ok: false, status: 400 });
  });

  it('carries the status of each kind of failure: 404 missing, 422 unreadable, 404 without a library', async () => {
    expect((await refused({ op: 'figures', id: 'zzz' })).status).toBe(404);
    const broken = await refused({ op: 'compare', ids: ['in-a', 'broken'] });
    expect(broken.status).toBe(422);
    expect(broken.error).toMatch(/broken\.arrow/);
    const bare = createDispatcher({ host });
    expect(await bare.library({ op: 'list' })).toEqual({
      ok: false,
      status: 404,
      error: 'this host keeps no saved sessions',
    });
  });
});

describe('live commands', () => {
  it('carry out diagnostics and interval, and refuse what this host cannot do with the reason', async () => {
    const h = new StatsHost({ intervalMs: 1000 });
    const c = createDispatcher({ host: h });
    expect(await c.command({ type: 'setDiagnostics', enabled: true })).toEqual({ ok: true });
    expect(h.counters.diagnosticsEnabled()).toBe(true);
    expect(await c.command({ type: 'setInterval', ms: 250 })).toEqual({ ok: true });
    expect(h.intervalMs).toBe(250);
    expect(await c.command({ type: 'setInterval', ms: 5 })).toEqual({
      ok: false,
      status: 400,
      error: 'invalid command: ms: Too small: expected number to be >=10',
    });
    expect(await c.command({ type: 'setRecording', enabled: true })).toEqual({
      ok: false,
      status: 409,
      error: 'this host has no data folder to record into',
    });
    expect(await c.command({ type: 'torrent', action: 'pause', infoHash: 'a'.repeat(40) })).toEqual({
      ok: false,
      status: 409,
      error: 'this source does not manage torrents',
    });
    expect(h.intervalMs).toBe(250);
    await h.stop();
  });
});
