import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recorder } from '../../src/main/live/recorder';
import { StatsHost } from '../../src/main/live/statsHost';
import { resolveDataDir } from '../../src/main/storage/dataDir';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import { startWebShell, type WebShell } from '../../src/main/web/WebShell';
import { decodeColumns } from '../../src/shared/session/wire';
import { cleanTempDirs, expectSameData, FakeSource, LT, makeData, makeMeta, tempDir } from './helpers';

afterAll(cleanTempDirs);

describe('data folder', () => {
  it('--data-dir, then TIDEGAUGE_DATA_DIR, then the platform folder', () => {
    expect(resolveDataDir('/x', { TIDEGAUGE_DATA_DIR: '/y' }, 'linux', '/home/u')).toBe('/x');
    expect(resolveDataDir(undefined, { TIDEGAUGE_DATA_DIR: '/y' }, 'linux', '/home/u')).toBe('/y');
    expect(resolveDataDir(undefined, {}, 'linux', '/home/u')).toBe('/home/u/.local/share/tidegauge');
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: '/d' }, 'linux', '/home/u')).toBe('/d/tidegauge');
    expect(resolveDataDir(undefined, {}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Tidegauge');
    expect(resolveDataDir(undefined, { APPDATA: 'C:\\A' }, 'win32', 'C:\\U')).toMatch(/^C:\\A.Tidegauge$/);
  });
});

describe('SessionLibrary', () => {
  let base: string;
  let lib: SessionLibrary;
  beforeAll(async () => {
    base = tempDir();
    lib = new SessionLibrary(base);
    mkdirSync(lib.dir, { recursive: true });
    await writeSessionFile(makeData(100, makeMeta(undefined, { id: 'a' })), join(lib.dir, 'a.arrow'));
    await writeSessionFile(
      makeData(50, makeMeta(undefined, { id: 'b', startedAt: 1_800_000_000_000, title: 'Night run' })),
      join(lib.dir, 'b.arrow'),
    );
    writeFileSync(join(lib.dir, 'broken.arrow'), 'garbage');
  });

  it('lists sessions newest first, broken ones with their error', async () => {
    const list = await lib.list();
    // b started in 2027, a in 2023; the broken file sorts by its modification time (now).
    expect(list.map((s) => s.id)).toEqual(['b', 'broken', 'a']);
    const b = list.find((s) => s.id === 'b')!;
    expect(b).toMatchObject({ title: 'Night run', samples: 50, durationMs: 49_000, state: 'complete', metrics: 99 });
    expect(b.source?.label).toBe('Test source');
    const broken = list.find((s) => s.id === 'broken')!;
    expect(broken.state).toBe('unreadable');
    expect(broken.error).toMatch(/broken\.arrow: not an Arrow IPC stream/);
    // The second listing comes from the summary cached in the sidecar, with the same answer.
    expect((await lib.list()).find((s) => s.id === 'b')).toEqual(b);
  });

  it('renames, annotates and tags in the sidecar; the session file is not touched', async () => {
    const file = join(lib.dir, 'a.arrow');
    const before = readFileSync(file);
    const s = await lib.update('a', { title: 'Renamed', notes: 'slow peers', tags: ['lab', 'lab', ' v2 '] });
    expect(s).toMatchObject({ title: 'Renamed', notes: 'slow peers', tags: ['lab', 'v2'] });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(JSON.parse(readFileSync(join(lib.dir, 'a.json'), 'utf8')).title).toBe('Renamed');
    await expect(lib.update('a', { title: 5 })).rejects.toThrow(/title: Invalid input: expected string/);
    await expect(lib.update('a', { colour: 'red' })).rejects.toThrow(/Unrecognized key/);
    await expect(lib.update('../etc/passwd', { title: 'x' })).rejects.toThrow(/is not a session id/);
  });

  it('adds files: sessions copied, other formats imported, inputs untouched', async () => {
    const csv = join(LT, 'user-export.csv');
    const r = await lib.add(csv);
    expect(r.report?.format).toBe('csv');
    expect(r.summary.samples).toBe(15);
    expect(r.summary.id).toMatch(/^user-export/);
    const again = await lib.add(csv);
    expect(again.summary.id).not.toBe(r.summary.id);
    await expect(lib.add(join(lib.dir, 'broken.arrow'))).rejects.toThrow(/broken\.arrow: cannot tell the format/);
  });

  it('deletes a session and its sidecar, refuses one being recorded', async () => {
    await lib.delete('a');
    expect(existsSync(join(lib.dir, 'a.arrow'))).toBe(false);
    expect(existsSync(join(lib.dir, 'a.json'))).toBe(false);
    await expect(lib.delete('a')).rejects.toThrow(/no session "a"/);

    const host = new StatsHost({ intervalMs: 20, source: new FakeSource() });
    const rec = new Recorder(host, { dir: lib.dir });
    await rec.start();
    await host.start();
    await new Promise((r) => setTimeout(r, 1300));
    const id = rec.current!.id;
    const live = await lib.get(id);
    expect(live.state).toBe('recording');
    expect(live.samples).toBeGreaterThan(10);
    await expect(lib.delete(id)).rejects.toThrow(/is being recorded/);
    await host.stop();
    await rec.stop();
    expect((await lib.get(id)).state).toBe('complete');
    await lib.delete(id);
  });
});

describe('library HTTP routes of the browser shell', () => {
  let shell: WebShell;
  let lib: SessionLibrary;
  let host: StatsHost;
  let base: string;
  const data = makeData(600, makeMeta(undefined, { id: 'web' }));
  beforeAll(async () => {
    base = tempDir();
    lib = new SessionLibrary(base);
    mkdirSync(lib.dir, { recursive: true });
    await writeSessionFile(data, join(lib.dir, 'web.arrow'));
    const staticDir = join(base, 'static');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
    host = new StatsHost({ intervalMs: 1000 });
    shell = await startWebShell({ host, staticDir, port: 0, library: { library: lib } });
  });
  afterAll(async () => {
    await shell.close();
    await host.stop();
  });
  const url = (p: string) => `http://127.0.0.1:${shell.port}${p}`;
  // biome-ignore lint/suspicious/noExplicitAny: test reads JSON bodies loosely
  const body = async (r: Response): Promise<any> => r.json();

  it('GET /api/v1/library lists, GET /api/v1/library/:id adds the registry', async () => {
    const list = await body(await fetch(url('/api/v1/library')));
    expect(list.dir).toBe(lib.dir);
    expect(list.sessions.map((s: { id: string }) => s.id)).toEqual(['web']);
    const one = await body(await fetch(url('/api/v1/library/web')));
    expect(one.registry).toHaveLength(99);
    expect(one.samples).toBe(600);
    const missing = await fetch(url('/api/v1/library/nope'));
    expect(missing.status).toBe(404);
    expect((await body(missing)).error).toBe('no session "nope"');
  });

  it('GET /api/v1/sessions/:id/data streams columns, a range, a stride, Arrow and CSV', async () => {
    const res = await fetch(url('/api/v1/sessions/web/data'));
    expect(res.headers.get('content-type')).toBe('application/x-tidegauge-columns');
    expectSameData(decodeColumns(await res.arrayBuffer()), data);
    const part = decodeColumns(await (await fetch(url('/api/v1/sessions/web/data?from=60&to=119'))).arrayBuffer());
    expect(part.length).toBe(60);
    expect(part.t[0]).toBe(data.t[60]);
    const coarse = decodeColumns(await (await fetch(url('/api/v1/sessions/web/data?every=60'))).arrayBuffer());
    expect(coarse.length).toBe(11);
    const arrow = await fetch(url('/api/v1/sessions/web/data?format=arrow'));
    expect(arrow.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    expect((await arrow.arrayBuffer()).byteLength).toBeGreaterThan(600 * 99 * 8);
    const csv = await (await fetch(url('/api/v1/sessions/web/data?format=csv&to=9'))).text();
    expect(csv.trim().split('\n')).toHaveLength(11);
    expect((await fetch(url('/api/v1/sessions/web/data?from=abc'))).status).toBe(400);
  });

  it('PATCH edits, DELETE removes, POST imports an upload; cross-origin changes are refused', async () => {
    const patch = await fetch(url('/api/v1/library/web'), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'From the web', tags: ['x'] }),
    });
    expect(patch.status).toBe(200);
    expect((await body(patch)).title).toBe('From the web');
    const evil = await fetch(url('/api/v1/library/web'), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ title: 'pwned' }),
    });
    expect(evil.status).toBe(400);
    const notJson = await fetch(url('/api/v1/library/web'), { method: 'PATCH', body: 'title=x' });
    expect(notJson.status).toBe(400);

    const up = await fetch(url('/api/v1/library/import?name=dl.log'), {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: readFileSync(join(LT, 'libtorrent-download.log')),
    });
    expect(up.status).toBe(201);
    const added = await body(up);
    expect(added.report.format).toBe('libtorrent');
    expect(added.summary.samples).toBe(15);
    const bad = await fetch(url('/api/v1/library/import?name=junk.csv'), { method: 'POST', body: 'no,data\n' });
    expect(bad.status).toBe(422);
    expect((await body(bad)).error).toMatch(/^junk\.csv: csv: a header row but no data rows/);

    expect((await fetch(url(`/api/v1/library/${added.summary.id}`), { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(url(`/api/v1/library/${added.summary.id}`))).status).toBe(404);
  });
});
