import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/dispatch/Dispatcher';
import { StatsHost } from '../../src/main/live/statsHost';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import { startWebShell, type WebShell } from '../../src/main/web/WebShell';
import { cleanTempDirs, LT, makeData, makeMeta, tempDir } from '../sessions/helpers';

/*
 * The browser shell's HTTP adapter: it only translates. Wrong methods get 405 with Allow, the
 * dispatcher's failures keep their status, its limits are the schema's (the same message as a
 * request over IPC), and bodies are bounded before they are read.
 */

afterAll(cleanTempDirs);

let shell: WebShell;
let host: StatsHost;
let lib: SessionLibrary;
const url = (p: string) => `http://127.0.0.1:${shell.port}${p}`;

beforeAll(async () => {
  const base = tempDir();
  lib = new SessionLibrary(base);
  mkdirSync(lib.dir, { recursive: true });
  await writeSessionFile(makeData(60, makeMeta(undefined, { id: 'one' })), join(lib.dir, 'one.arrow'));
  await writeSessionFile(makeData(60, makeMeta(undefined, { id: 'two' })), join(lib.dir, 'two.arrow'));
  const staticDir = join(base, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
  host = new StatsHost({ intervalMs: 1000 });
  shell = await startWebShell({ host, staticDir, port: 0, library: { library: lib, maxUpload: 64 * 1024 } });
});
afterAll(async () => {
  await shell.close();
  await host.stop();
});

describe('HTTP adapter: methods', () => {
  it('answers a wrong method with 405 and the methods the route takes', async () => {
    const cases: [string, string, string][] = [
      ['PUT', '/api/v1/library', 'GET, HEAD'],
      ['POST', '/api/v1/library/one', 'GET, HEAD, PATCH, DELETE'],
      ['GET', '/api/v1/library/import', 'POST'],
      ['DELETE', '/api/v1/sessions/one/data', 'GET, HEAD'],
      ['PATCH', '/api/v1/sessions/one/figures', 'GET, HEAD'],
      ['POST', '/api/v1/compare', 'GET, HEAD'],
      ['POST', '/api/v1/session/counters', 'GET, HEAD'],
      ['DELETE', '/', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const r = await fetch(url(path), { method });
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.headers.get('allow'), `${method} ${path}`).toBe(allow);
    }
    const body = await (await fetch(url('/api/v1/library'), { method: 'PUT' })).json();
    expect(body).toEqual({ error: 'PUT is not allowed here; use GET or HEAD' });
  });

  it('answers HEAD like GET without a body, and an unknown endpoint with 404', async () => {
    const head = await fetch(url('/api/v1/library/one'), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/json');
    expect(await head.text()).toBe('');
    const none = await fetch(url('/api/v1/sessions/one/nothing'));
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ error: 'no such endpoint' });
  });
});

describe('HTTP adapter: answers', () => {
  it('translates each kind of answer into its status: 200, 201, 204, 400, 404, 422', async () => {
    expect((await fetch(url('/api/v1/library'))).status).toBe(200);
    const up = await fetch(url('/api/v1/library/import?name=dl.log'), {
      method: 'POST',
      body: readFileSync(join(LT, 'libtorrent-download.log')),
    });
    expect(up.status).toBe(201);
    const { summary } = (await up.json()) as { summary: { id: string } };
    expect((await fetch(url(`/api/v1/library/${summary.id}`), { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(url(`/api/v1/library/${summary.id}`))).status).toBe(404);
    expect((await fetch(url('/api/v1/library/import?name=x.csv'), { method: 'POST', body: 'a,b\n' })).status).toBe(422);
    expect((await fetch(url('/api/v1/compare?ids=one'))).status).toBe(400);
  });

  it('applies the same limits as the schema, with the same message as a request over IPC', async () => {
    const ipc = createDispatcher({ host, library: lib });
    const pairs: [string, unknown][] = [
      ['/api/v1/sessions/one/data?every=1.5', { op: 'data', id: 'one', every: 1.5 }],
      ['/api/v1/sessions/one/data?from=abc', { op: 'data', id: 'one', from: Number.NaN }],
      ['/api/v1/sessions/one/data?points=1', { op: 'data', id: 'one', points: 1 }],
      [`/api/v1/sessions/${'x'.repeat(201)}/figures`, { op: 'figures', id: 'x'.repeat(201) }],
      ['/api/v1/compare?ids=one,two,one,two,one', { op: 'compare', ids: ['one', 'two', 'one', 'two', 'one'] }],
      ['/api/v1/compare?ids=one,two&baseline=2', { op: 'compare', ids: ['one', 'two'], baseline: 2 }],
      ['/api/v1/compare?ids=one,two&nudges=1,2,3', { op: 'compare', ids: ['one', 'two'], nudges: [1, 2, 3] }],
      [
        `/api/v1/library/import?name=${'n'.repeat(201)}`,
        { op: 'import', name: 'n'.repeat(201), bytes: new Uint8Array(1) },
      ],
      [
        '/api/v1/library/import?name=a.log&interval=0',
        { op: 'import', name: 'a.log', bytes: new Uint8Array(1), interval: 0 },
      ],
    ];
    for (const [path, raw] of pairs) {
      const over = await ipc.library(raw);
      if (over.ok) throw new Error(`IPC accepted ${JSON.stringify(raw)}`);
      const method = path.includes('/import') ? 'POST' : 'GET';
      const r = await fetch(url(path), { method, body: method === 'POST' ? 'x' : undefined });
      expect(r.status, path).toBe(400);
      expect(await r.json(), path).toEqual({ error: over.error });
    }
  });

  it('bounds request bodies: a large JSON body and a large upload are 413 before they are kept', async () => {
    const big = await fetch(url('/api/v1/library/one'), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ notes: 'x'.repeat(2 << 20) }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ error: 'the body is larger than 1 MiB' });
    const upload = await fetch(url('/api/v1/library/import?name=big.csv'), {
      method: 'POST',
      body: new Uint8Array(200 * 1024),
    });
    expect(upload.status).toBe(413);
    expect(await upload.json()).toEqual({ error: 'the upload is larger than 65536 bytes' });
    // Without a declared length (chunked), the count stops the stream just the same.
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url('/api/v1/library/import?name=big.csv'), { method: 'POST' }, (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      // Text that looks like a CSV, so the format check on the first bytes lets it through.
      req.write('time,a\n');
      for (let i = 0; i < 20; i++) req.write('1,1\n'.repeat(2048));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toEqual({ error: 'the upload is larger than 65536 bytes' });
    expect((await lib.list()).map((s) => s.id).sort()).toEqual(['one', 'two']);
  });
});
