import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatsHost } from '../../src/main/live/statsHost';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { SessionFileError } from '../../src/main/storage/sessionFiles';
import { LibraryError, SessionLibrary } from '../../src/main/storage/sessionLibrary';
import { figuresOf, inThreadReader, type SessionReader } from '../../src/main/storage/sessionReader';
import { WorkerSessionReader } from '../../src/main/storage/sessionReaderPool';
import { startWebShell, type WebShell } from '../../src/main/web/WebShell';
import { compareSessions } from '../../src/shared/compare/compareSessions';
import { compareDerived } from '../../src/shared/compare/derivedRows';
import {
  combineFigures,
  parseComparisonJson,
  sessionFigures,
  summarizeComparison,
} from '../../src/shared/compare/sessionFigures';
import { cleanTempDirs, expectSameData, makeData, makeMeta, tempDir } from './helpers';

/*
 * The comparison summary computed by the host: session files decoded in worker threads (into
 * shared memory), each session's figures computed by a worker, joined on the host; served over
 * HTTP. Ground truth: the same numbers compareSessions computes on one thread from the files.
 */

let dir: string;
let lib: SessionLibrary;
let reader: WorkerSessionReader;
const A = makeData(3_000, makeMeta(undefined, { id: 'a', title: 'Run A' }));
const B = makeData(2_000, makeMeta(undefined, { id: 'b', startedAt: 1_800_000_000_000 }));

beforeAll(async () => {
  dir = tempDir();
  reader = new WorkerSessionReader(2);
  lib = new SessionLibrary(dir, { reader });
  mkdirSync(lib.dir, { recursive: true });
  await writeSessionFile(A, join(lib.dir, 'a.arrow'));
  await writeSessionFile(B, join(lib.dir, 'b.arrow'));
  writeFileSync(join(lib.dir, 'broken.arrow'), 'not a session');
});
afterAll(async () => {
  await reader.close();
  cleanTempDirs();
});

describe('WorkerSessionReader', () => {
  it('decodes in a worker into shared memory: the same columns as on this thread', async () => {
    const file = join(lib.dir, 'a.arrow');
    const [w, t] = await Promise.all([reader.read(file), inThreadReader.read(file)]);
    expectSameData(w.data, t.data);
    expect(w.data.t.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(w.state).toBe(t.state);
    expect(w.sizeBytes).toBe(statSync(file).size);
  });

  it("computes a session's figures in a worker equal to those computed here", async () => {
    const opened = await reader.read(join(lib.dir, 'b.arrow'));
    const req = { id: 'b', title: 'b', markers: [], alignment: { kind: 'start' } as const, nudgeMs: 2000 };
    expect(await reader.figures(opened.data, req)).toEqual(figuresOf(opened.data, req));
  });

  it('a worker that dies fails only its own tasks; the next read starts a replacement', async () => {
    const r = new WorkerSessionReader(2).warm();
    try {
      const slots = (r as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots;
      const doomed = r.read(join(lib.dir, 'a.arrow')); // the first of two idle workers takes it
      await slots[0]?.worker.terminate();
      await expect(doomed).rejects.toThrow(/session reader worker exited/);
      // At once, not after some delay: the old worker's exit does not fail the new ones.
      const [x, y] = await Promise.all([r.read(join(lib.dir, 'a.arrow')), r.read(join(lib.dir, 'b.arrow'))]);
      expect([x.data.length, y.data.length]).toEqual([3_000, 2_000]);
    } finally {
      await r.close();
    }
  });

  it('a reply that does not validate fails its task with a message naming the worker', async () => {
    const r = new WorkerSessionReader(1).warm();
    try {
      const slots = (r as unknown as { slots: { worker: Worker }[] }).slots;
      const task = r.read(join(lib.dir, 'a.arrow')); // request 1 of the only worker
      // What a worker built from another version of the protocol might send back.
      slots[0]?.worker.emit('message', { type: 'opened', req: 1, opened: { path: 'x', data: { length: 3 } } });
      await expect(task).rejects.toThrow(/^session reader worker sent an invalid reply: opened\./);
      // The worker's real reply, arriving later, changes nothing; the pool still works.
      expect((await r.read(join(lib.dir, 'b.arrow'))).data.length).toBe(2_000);
    } finally {
      await r.close();
    }
  });

  it('close() fails the tasks under way and refuses new ones', async () => {
    const r = new WorkerSessionReader(2).warm();
    const under = r.read(join(lib.dir, 'a.arrow')).catch((e: unknown) => e);
    await r.close();
    expect(await under).toMatchObject({ message: 'the session reader is closed' });
    await expect(r.read(join(lib.dir, 'a.arrow'))).rejects.toThrow('the session reader is closed');
  });

  it('a process that used the pool and never closed it exits by itself, after its reads', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(__dirname, 'children/reader-no-close.ts'),
        join(lib.dir, 'a.arrow'),
        join(lib.dir, 'b.arrow'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (b) => {
      out += String(b);
    });
    child.stderr.on('data', (b) => {
      out += String(b);
    });
    // Generous: a hang is what this catches, not a slow start on a busy machine.
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    const [code, signal] = await new Promise<[number | null, string | null]>((res) =>
      child.once('exit', (c, s) => res([c, s])),
    );
    clearTimeout(timer);
    expect({ code, signal, out: out.trim() }).toEqual({ code: 0, signal: null, out: 'samples 3000 2000' });
  });

  it('reports a broken file as a SessionFileError naming it', async () => {
    const file = join(lib.dir, 'broken.arrow');
    const e = await reader.read(file).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SessionFileError);
    expect((e as Error).message).toContain(file);
    // The pool still works after an error.
    expect((await reader.read(join(lib.dir, 'a.arrow'))).data.length).toBe(3_000);
  });
});

describe('per-session figures', () => {
  it('joined per-session figures (through JSON) equal compareSessions + compareDerived', () => {
    const inputs = [
      { id: 'a', title: 'a', data: A },
      { id: 'b', title: 'b', data: B, nudgeMs: 5000 },
    ];
    const want = compareSessions(inputs, { baseline: 1 });
    const perSession = inputs.map((i) => throughJson(sessionFigures(i, { kind: 'start' })));
    const got = combineFigures(perSession, { baseline: 1 });
    expect(got.comparison).toEqual(want);
    expect(got.derived).toEqual(compareDerived(inputs, want));
    expect(summarizeComparison(inputs, { baseline: 1 })).toEqual(got);
  });
});

/** A half sent as JSON (NaN arrives as null) and read back. */
function throughJson<T>(x: T): T {
  return parseComparisonJson(JSON.stringify(x)) as unknown as T;
}

describe('SessionLibrary.compare', () => {
  it('equals the summary computed on one thread from the files, titles from the library', async () => {
    const got = await lib.compare({ ids: ['a', 'b'], baseline: 0, nudges: [0, 3] });
    const want = summarizeComparison(
      [
        { id: 'a', title: 'Run A', data: A },
        { id: 'b', title: 'b', data: B, nudgeMs: 3000 },
      ],
      { baseline: 0 },
    );
    expect(got.comparison.sessions.map((s) => s.title)[0]).toBe('Run A');
    expect({ ...got.comparison, sessions: got.comparison.sessions.map((s) => ({ ...s, title: '' })) }).toEqual({
      ...want.comparison,
      sessions: want.comparison.sessions.map((s) => ({ ...s, title: '' })),
    });
    expect(got.derived).toEqual(want.derived);
    // Ground truth a user would check: counter a's total is what it added over the file.
    const row = got.comparison.rows.find((r) => r.name === A.meta.registry[0]?.name);
    const col = A.columns[0] as Float64Array;
    expect(row?.sessions[0]).toMatchObject({ total: (col[col.length - 1] as number) - (col[0] as number) });
  });

  it('works on the calling thread too, and refuses bad requests with the reason', async () => {
    const plain = new SessionLibrary(dir, { reader: inThreadReader as SessionReader });
    const a = await plain.compare({ ids: ['a', 'b'] });
    const b = await lib.compare({ ids: ['a', 'b'] });
    expect(a).toEqual(b);
    await expect(lib.compare({ ids: ['a'] })).rejects.toThrow(/2 to 4 sessions/);
    await expect(lib.compare({ ids: ['a', 'nope'] })).rejects.toMatchObject({ status: 404 });
    const e = await lib.compare({ ids: ['a', 'broken'] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LibraryError);
    expect((e as LibraryError).status).toBe(422);
    expect((e as Error).message).toContain('broken.arrow');
    await expect(lib.compare({ ids: ['a', 'b'], baseline: 2 })).rejects.toThrow(/from 1 to 2/);
  });

  it('marker alignment uses the markers saved with the session', async () => {
    const t0 = B.t[0] as number;
    await lib.update('b', { markers: [{ name: 'go', t: t0 + 100_000 }] });
    const c = await lib.compare({ ids: ['a', 'b'], alignment: { kind: 'marker', name: 'go' } });
    expect(c.comparison.sessions[1]?.origin).toBe(t0 + 100_000);
    expect(c.comparison.sessions[0]?.alignmentError).toMatch(/no marker named "go"/);
  });

  it('titles follow a rename at once; diagnostics are counted over every sample', async () => {
    await lib.compare({ ids: ['a', 'b'] });
    await lib.update('a', { title: 'Renamed A' });
    const c = await lib.compare({ ids: ['a', 'b'] });
    expect(c.comparison.sessions[0]?.title).toBe('Renamed A');
    expect((await lib.figures('a')).info.title).toBe('Renamed A');
    const on = A.diagnostics.reduce((n, d) => n + d, 0);
    expect(on).toBeGreaterThan(0);
    expect((await lib.figures('a')).info.diagnosticSamples).toBe(on);
    await lib.update('a', { title: 'Run A' });
  });

  it('never changes the session files', async () => {
    const before = readFileSync(join(lib.dir, 'a.arrow'));
    await lib.compare({ ids: ['a', 'b'], nudges: [1, 2] });
    expect(readFileSync(join(lib.dir, 'a.arrow')).equals(before)).toBe(true);
  });
});

describe('GET /api/v1/compare', () => {
  let shell: WebShell;
  let host: StatsHost;
  const url = (p: string) => `http://127.0.0.1:${shell.port}${p}`;
  beforeAll(async () => {
    const staticDir = join(dir, 'static');
    mkdirSync(staticDir, { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
    host = new StatsHost({});
    shell = await startWebShell({ host, staticDir, port: 0, library: { library: lib } });
  });
  afterAll(async () => {
    await shell?.close();
    await host?.stop();
  });

  it('answers the summary as JSON (NaN as null, read back by parseComparisonJson)', async () => {
    const res = await fetch(url('/api/v1/compare?ids=a,b&baseline=1&align=start&nudges=0,2'));
    expect(res.status).toBe(200);
    const got = parseComparisonJson(await res.text());
    expect(got).toEqual(await lib.compare({ ids: ['a', 'b'], baseline: 1, nudges: [0, 2] }));
  });

  it('names what is wrong with a bad query', async () => {
    const bad = async (q: string) => {
      const r = await fetch(url(`/api/v1/compare?${q}`));
      return { status: r.status, error: ((await r.json()) as { error: string }).error };
    };
    expect(await bad('ids=a')).toEqual({ status: 400, error: expect.stringMatching(/ids must name 2 to 4/) });
    expect(await bad('ids=a,b&align=sideways')).toEqual({ status: 400, error: expect.stringMatching(/align must be/) });
    expect(await bad('ids=a,b&baseline=5')).toEqual({ status: 400, error: expect.stringMatching(/baseline/) });
    expect(await bad('ids=a,b&nudges=x')).toEqual({ status: 400, error: expect.stringMatching(/nudges/) });
    expect((await bad('ids=a,zzz')).status).toBe(404);
    expect(await bad('ids=a,broken')).toEqual({ status: 422, error: expect.stringMatching(/broken\.arrow/) });
    // A bad %-escape in the path is a 400, not a crash of the host.
    const r = await fetch(url('/api/v1/sessions/%ZZ/figures'));
    expect(r.status).toBe(400);
    expect((await fetch(url('/api/v1/sessions/a/figures'))).status).toBe(200);
  });
});
