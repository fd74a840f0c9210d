import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../src/main/dispatch/failure';
import { StatsHost } from '../../src/main/live/statsHost';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import { startWebShell, type WebShell } from '../../src/main/web/WebShell';
import { cleanTempDirs, LT, tempDir } from '../sessions/helpers';

/*
 * The upload route against a running browser shell: 201 only for a session that opens, every
 * refusal with its reason; the format told from the first bytes and a declared length judged
 * before the rest is sent or stored; a refused body answered readably while the client is still
 * sending; staged files removed; no host path in any error body.
 */

afterAll(cleanTempDirs);

const LIMIT = 1 << 20;
let shell: WebShell;
let host: StatsHost;
let lib: SessionLibrary;
let base: string;
const url = (p: string) => `http://127.0.0.1:${shell.port}${p}`;
const importUrl = (name: string, extra = '') => url(`/api/v1/library/import?name=${encodeURIComponent(name)}${extra}`);

/** Whether this machine lets the test mount a small tmpfs (root), for a real full disk. */
const CAN_MOUNT = (() => {
  const probe = mkdtempSync(join(tmpdir(), 'tg-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe]);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

/** Our process's staging folders still on disk (every request must have removed its own). */
const staged = () => readdirSync(tmpdir()).filter((n) => n.startsWith(`tidegauge-import-${process.pid}-`));

beforeAll(async () => {
  base = tempDir();
  lib = new SessionLibrary(base);
  const staticDir = join(base, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
  host = new StatsHost({ intervalMs: 1000 });
  shell = await startWebShell({ host, staticDir, port: 0, library: { library: lib, maxUpload: LIMIT } });
});
afterAll(async () => {
  await shell.close();
  await host.stop();
});

async function post(name: string, body: string | Buffer, extra = '') {
  const r = await fetch(importUrl(name, extra), { method: 'POST', body });
  const json = (await r.json()) as {
    error?: string;
    summary?: { id: string; state: string };
    report?: { notes: string[] };
  };
  return { status: r.status, json, text: JSON.stringify(json) };
}

/**
 * Send `first` and then keep sending `more` until an answer arrives, with no end to the body:
 * an answer proves the host judged the body without waiting for the rest of it.
 */
function answerWhileSending(path: string, first: Buffer, more: Buffer, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
    let answered = false;
    let sent = 0;
    const req = request(url(path), { method: 'POST', headers }, (res) => {
      answered = true;
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, sent });
        req.destroy();
      });
    });
    req.on('error', (e) => (answered ? undefined : reject(e)));
    const pump = () => {
      while (!answered && sent < 256 << 20) {
        sent += more.length;
        if (!req.write(more)) return void req.once('drain', pump);
      }
    };
    req.flushHeaders();
    if (first.length) req.write(first);
    sent += first.length;
    if (more.length) pump();
  });
}

describe('uploads: 201 only for a session that opens, each refusal with its reason', () => {
  it('imports a good file, maps a column named t, refuses what the reader would reject', async () => {
    const good = await post('dl.log', readFileSync(join(LT, 'libtorrent-download.log')));
    expect(good.status).toBe(201);
    expect(good.json.summary?.state).toBe('complete');
    expect((await fetch(url(`/api/v1/library/${good.json.summary?.id}`))).status).toBe(200);

    const mapped = await post('t.csv', 'time,t,a\n1,5,1\n2,6,2\n');
    expect(mapped.status).toBe(201);
    expect(mapped.json.report?.notes).toContain(
      'metric "t" renamed to "t_": "t" and "diagnostics" are the session file\'s own columns',
    );
    const before = (await lib.list()).length;
    const refused: [string, string, RegExp][] = [
      [
        'inf.csv',
        'time,a\n1,1\n2,1e309\n',
        /^inf\.csv: csv: line 3, column 2: "a" holds "1e309", too large for a number/,
      ],
      ['step.csv', 'time,a\n0,1\n100000,2\n', /^step\.csv: csv: the rows are 27\.8 h apart/],
      ['yes.csv', 'time,diagnostics,a\n1,yes,1\n', /^yes\.csv: csv: line 2, column 2: .*must be 1, 0, true or false/],
    ];
    for (const [name, body, message] of refused) {
      const r = await post(name, body);
      expect(r.status, name).toBe(422);
      expect(r.json.error, name).toMatch(message);
    }
    const interval = await post('x.log', 'session stats header: a\n', '&interval=86401');
    expect(interval.status).toBe(400);
    expect(interval.json.error).toContain('interval must be a number of seconds from 0.001 to 86400');
    expect((await lib.list()).length).toBe(before);
    expect(staged()).toEqual([]);
  });
});

describe('uploads: judged before they are stored', () => {
  it('tells the format from the first bytes, before the rest is sent (415)', async () => {
    const words = Buffer.from('just some words and no header\n'.repeat(3000));
    const r = await answerWhileSending(
      '/api/v1/library/import?name=notes.txt',
      words,
      Buffer.from('more words\n'.repeat(6000)),
    );
    expect(r.status).toBe(415);
    expect(JSON.parse(r.body).error).toMatch(/^notes\.txt: cannot tell the format/);
    const binary = await answerWhileSending(
      '/api/v1/library/import?name=x.csv&format=csv',
      Buffer.alloc(70_000),
      Buffer.alloc(0),
    );
    expect(binary.status).toBe(415);
    expect(JSON.parse(binary.body).error).toBe('x.csv: binary data (a NUL byte at byte 0), not csv');
    expect(staged()).toEqual([]);
  });

  it('a declared length over the limit: 413 before a byte of the body is sent', async () => {
    const r = await answerWhileSending('/api/v1/library/import?name=big.csv', Buffer.alloc(0), Buffer.alloc(0), {
      'content-length': String(2 ** 31),
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toEqual({ error: 'the upload is larger than 1 MiB' });
    expect(r.sent).toBe(0);
    expect(staged()).toEqual([]);
  });

  it('a chunked body over the limit: a readable 413 while the client is still sending, nothing kept', async () => {
    const r = await answerWhileSending(
      '/api/v1/library/import?name=big.csv',
      Buffer.from('time,a\n'),
      Buffer.from('1,1\n'.repeat(16_384)),
    );
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toEqual({ error: 'the upload is larger than 1 MiB' });
    expect(r.sent).toBeGreaterThan(LIMIT);
    expect(staged()).toEqual([]);
    expect((await lib.list()).some((s) => s.id.startsWith('big'))).toBe(false);
  });
});

describe('error bodies name the problem, never a host path', () => {
  const noPath = (text: string) => {
    expect(text).not.toContain(tmpdir());
    expect(text).not.toContain(base);
    expect(text).not.toMatch(/\/(tmp|home|root|var|proc)\//);
  };

  it('odd names (.., NUL, folders, a stray %), a malformed path, a damaged session', async () => {
    for (const name of ['..', '\u0000', 'a\u0000b.csv', '../../etc/passwd', '%', 'dir/x.csv']) {
      const r = await post(name, 'no,data\n');
      expect(r.status, JSON.stringify(name)).toBeLessThan(500);
      noPath(r.text);
    }
    expect((await post('a\u0000b.csv', 'no,data\n')).json.error).toMatch(
      /^a_b\.csv: csv: a header row but no data rows/,
    );
    expect((await post('..', 'no,data\n')).json.error).toMatch(/^upload: /);
    const bad = await fetch(url('/%'));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('the path is not valid URL encoding (a stray %)\n');
    writeFileSync(join(lib.dir, 'damaged.arrow'), Buffer.from('ARROW1 and then nothing of use'));
    const damaged = await fetch(url('/api/v1/library/damaged'));
    expect(damaged.status).toBe(422);
    const text = await damaged.text();
    expect(text).toContain('damaged.arrow: ');
    noPath(text);
    expect(staged()).toEqual([]);
  });

  it('a full disk is a 507 in words, without the path the system error names', () => {
    const e = Object.assign(new Error(`ENOSPC: no space left on device, write '${tmpdir()}/x'`), { code: 'ENOSPC' });
    expect(failure(e)).toEqual({
      ok: false,
      status: 507,
      error: 'the disk is full: there is no space left to store the file',
    });
  });

  it.runIf(CAN_MOUNT)('a real full disk (a 64 KiB tmpfs as the staging folder): 507, nothing left on it', async () => {
    const disk = join(base, 'tiny');
    mkdirSync(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk]);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = disk;
    try {
      const csv = `time,a\n${Array.from({ length: 20_000 }, (_, i) => `${i},${i}`).join('\n')}\n`;
      const r = await post('full.csv', csv);
      expect(r.status).toBe(507);
      expect(r.json.error).toBe('the disk is full: there is no space left to store the file');
      noPath(r.text);
      expect(readdirSync(disk)).toEqual([]);
    } finally {
      process.env.TMPDIR = saved;
      execFileSync('umount', [disk]);
    }
  });
});
