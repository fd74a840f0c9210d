import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatsHost } from '../../src/main/live/statsHost';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import type { ReadOptions, SessionReader } from '../../src/main/storage/sessionReader';
import { WorkerSessionReader } from '../../src/main/storage/sessionReaderPool';
import { ensureZstd } from '../../src/main/storage/zstd';
import { startWebShell, type WebShell } from '../../src/main/web/WebShell';
import type { LibraryListing, SessionSummary } from '../../src/shared/library';
import { builtinRegistry } from '../../src/shared/registry';
import { EOS, encodeSession, SessionStreamEncoder, scanStream } from '../../src/shared/session/arrow';
import type { SessionData } from '../../src/shared/session/data';
import { decodeColumns } from '../../src/shared/session/wire';
import { cleanTempDirs, decompressionBomb, expectSameData, makeData, makeMeta, tempDir } from '../sessions/helpers';

/*
 * Damaged files dropped into a running browser shell's data folder, and uploaded to it. The
 * shell decodes in reader workers held to a small heap (so the file of 100,000 tiny batches
 * exhausts it); the reader counts what it is asked to decode.
 */

/** A reader that counts the files it is asked to decode. */
class CountingReader implements SessionReader {
  readonly reads: string[] = [];
  constructor(private readonly inner: SessionReader) {}
  read(file: string, options?: ReadOptions) {
    this.reads.push(basename(file));
    return this.inner.read(file, options);
  }
  figures(data: SessionData, request: Parameters<SessionReader['figures']>[1]) {
    return this.inner.figures(data, request);
  }
  close() {
    return this.inner.close();
  }
}

/** 100,000 one-sample batches of a one-metric session: 34 MB whose message bookkeeping needs ~200 MB of heap. */
function manyTinyBatches(): Buffer {
  const meta = makeMeta(builtinRegistry().slice(0, 1), { id: 'many' });
  const enc = new SessionStreamEncoder(meta, null);
  const one = enc.batch({ length: 1, t: [meta.startedAt], diagnostics: [0], values: [1] });
  return Buffer.concat([enc.header(), ...Array.from({ length: 100_000 }, () => one), EOS]);
}

const good = makeData(300, makeMeta(undefined, { id: 'good' }));
const other = makeData(120, makeMeta(undefined, { id: 'other', startedAt: 1_750_000_000_000 }));
let bytes: Buffer;
/** The good recording with one bit flipped in the body of its second batch (of three). */
let flipped: Buffer;
let damaged: Record<string, Buffer>;

let shell: WebShell;
let host: StatsHost;
let reader: CountingReader;
let dataDir: string;
let sessions: string;

beforeAll(async () => {
  await ensureZstd();
  bytes = Buffer.from(encodeSession(good, { batchRows: 100 }));
  flipped = Buffer.from(bytes);
  const batch1 = scanStream(flipped).messages[2];
  if (!batch1) throw new Error('expected three batches');
  flipped[batch1.bodyOffset + 64] = (flipped[batch1.bodyOffset + 64] as number) ^ 0x04;
  const schemaEnd = scanStream(bytes).messages[1]?.offset ?? 0;
  damaged = {
    'truncated.arrow': bytes.subarray(0, schemaEnd - 40),
    'inserted.arrow': Buffer.concat([bytes.subarray(0, 200), Buffer.alloc(37, 0xa5), bytes.subarray(200)]),
    'garbage.arrow': Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919 + 13) & 0xff)),
    'bomb.arrow': decompressionBomb(good.meta),
    'many.arrow': manyTinyBatches(),
    'empty.arrow': Buffer.alloc(0),
  };
  dataDir = tempDir();
  reader = new CountingReader(
    new WorkerSessionReader(2, { resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 } }),
  );
  const library = new SessionLibrary(dataDir, { reader });
  sessions = library.dir;
  const staticDir = join(dataDir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Tidegauge</title>');
  host = new StatsHost({ intervalMs: 1000 });
  shell = await startWebShell({ host, staticDir, port: 0, library: { library } });
  // Dropped into the folder of the running shell.
  mkdirSync(sessions, { recursive: true });
  await writeSessionFile(good, join(sessions, 'good.arrow'));
  await writeSessionFile(other, join(sessions, 'other.arrow'));
  writeFileSync(join(sessions, 'flipped.arrow'), flipped);
  for (const [name, b] of Object.entries(damaged)) writeFileSync(join(sessions, name), b);
}, 60_000);

afterAll(async () => {
  await shell?.close();
  await host?.stop();
  await reader?.close();
  cleanTempDirs();
});

const url = (p: string) => `http://127.0.0.1:${shell.port}${p}`;
async function listing(): Promise<LibraryListing> {
  const r = await fetch(url('/api/v1/library'));
  expect(r.status).toBe(200);
  return (await r.json()) as LibraryListing;
}
const byId = (l: LibraryListing) => new Map<string, SessionSummary>(l.sessions.map((s) => [s.id, s]));

describe('damaged files in a running shell', () => {
  it('lists every file, the damaged ones as damaged with why, each decoded once: the second listing decodes none', async () => {
    const first = byId(await listing());
    expect([...first.keys()].sort()).toEqual(
      ['bomb', 'empty', 'flipped', 'garbage', 'good', 'inserted', 'many', 'other', 'truncated'].sort(),
    );
    const errors: Record<string, RegExp> = {
      truncated: /truncated\.arrow: no complete Arrow message/,
      inserted:
        /inserted\.arrow: no complete Arrow message: the message at byte 0 does not parse \(a vector of \d+ elements .* runs past/,
      garbage: /garbage\.arrow: not an Arrow IPC stream/,
      bomb: /bomb\.arrow: no record batch could be read: .* decompresses to 9000000 bytes, but its 900 samples need 7200: refused/,
      many: /many\.arrow: cannot be decoded within the reader's memory limit \(64 MiB of heap\): damaged or hostile/,
      empty: /empty\.arrow: the file is empty/,
    };
    for (const [id, why] of Object.entries(errors)) {
      const s = first.get(id);
      expect(s?.state, id).toBe('unreadable');
      expect(s?.error, id).toMatch(why);
    }
    expect(first.get('good')).toMatchObject({ state: 'complete', samples: 300, warnings: [] });
    expect(first.get('other')).toMatchObject({ state: 'complete', samples: 120 });
    // The damaged batch is reported with its time range; the rest of the file opened.
    const f = first.get('flipped');
    expect(f).toMatchObject({ state: 'complete', samples: 200 });
    const iso = (r: number) => new Date(good.t[r] as number).toISOString();
    expect(f?.warnings).toContain(
      `record batch 1 (bytes ${scanStream(flipped).messages[2]?.offset}–${scanStream(flipped).messages[3]?.offset}, 100 samples) failed its checksum (the bytes changed after it was written); skipped: the samples between ${iso(99)} and ${iso(200)} are missing`,
    );
    const decoded = reader.reads.length;
    expect(new Set(reader.reads).size).toBe(decoded);
    expect(decoded).toBe(9);

    // Listed again (and again): nothing is decoded, the same answer.
    for (let k = 0; k < 2; k++) {
      const again = byId(await listing());
      expect(again).toEqual(first);
    }
    expect(reader.reads).toHaveLength(decoded);
  }, 60_000);

  it('opens the good sessions, refuses the damaged ones at once without decoding them again', async () => {
    const r = await fetch(url('/api/v1/sessions/good/data'));
    expect(r.status).toBe(200);
    expectSameData(decodeColumns(await r.arrayBuffer()), good);
    const before = reader.reads.length;
    for (const id of ['garbage', 'bomb', 'many']) {
      const res = await fetch(url(`/api/v1/library/${id}`));
      expect(res.status, id).toBe(422);
      expect(((await res.json()) as { error: string }).error).toContain(`${id}.arrow: `);
    }
    expect(reader.reads).toHaveLength(before);
    expect((await fetch(url('/api/v1/library/flipped'))).status).toBe(200);
  });

  it('uploads of the damaged files are refused, naming the file; the one with a damaged batch is added with its warning', async () => {
    const upload = (name: string, body: Buffer) =>
      fetch(url(`/api/v1/library/import?name=${name}`), {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body,
      });
    for (const [name, body] of Object.entries(damaged)) {
      const res = await upload(name, body);
      expect([400, 415, 422], name).toContain(res.status);
      const { error } = (await res.json()) as { error: string };
      expect(error, name).toContain(name);
      expect(error, name).not.toMatch(/tidegauge-import-|\/tmp\//);
    }
    const res = await upload('flipped-copy.arrow', flipped);
    expect(res.status).toBe(201);
    const { summary } = (await res.json()) as { summary: SessionSummary };
    expect(summary.samples).toBe(200);
    expect(summary.warnings.join('\n')).toMatch(/record batch 1 .* failed its checksum/);
    // The shell is still up and serving.
    expect((await fetch(url('/'))).status).toBe(200);
  }, 60_000);

  it('moves a damaged session to the quarantine folder, out of the library', async () => {
    const res = await fetch(url('/api/v1/library/garbage/quarantine'), { method: 'POST' });
    expect(res.status).toBe(200);
    const q = (await res.json()) as { dir: string; files: string[] };
    expect(q).toEqual({ dir: join(dataDir, 'quarantine'), files: ['garbage.arrow', 'garbage.json'] });
    expect(readFileSync(join(q.dir, 'garbage.arrow')).equals(damaged['garbage.arrow'] as Buffer)).toBe(true);
    expect(existsSync(join(sessions, 'garbage.arrow'))).toBe(false);
    expect(byId(await listing()).has('garbage')).toBe(false);
    expect((await fetch(url('/api/v1/library/nope/quarantine'), { method: 'POST' })).status).toBe(404);
  });

  it('a file that exhausts a reader worker fails only its own task: the ones queued beside it open', async () => {
    const pool = new WorkerSessionReader(1, {
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
    });
    try {
      const [many, a, b] = await Promise.allSettled(
        ['many.arrow', 'good.arrow', 'other.arrow'].map((f) => pool.read(join(sessions, f))),
      );
      expect(many?.status === 'rejected' && String(many.reason)).toMatch(
        /many\.arrow: cannot be decoded within the reader's memory limit/,
      );
      expect(a?.status === 'fulfilled' && a.value.data.length).toBe(300);
      expect(b?.status === 'fulfilled' && b.value.data.length).toBe(120);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('after a restart the damaged files are still known: listing decodes none of them', async () => {
    const fresh = new CountingReader(new WorkerSessionReader(1));
    try {
      const list = await new SessionLibrary(dataDir, { reader: fresh }).list();
      expect(list.find((s) => s.id === 'bomb')?.state).toBe('unreadable');
      expect(list.find((s) => s.id === 'good')?.state).toBe('complete');
      expect(fresh.reads).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});
