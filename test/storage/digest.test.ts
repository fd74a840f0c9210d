import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { info } from '../../src/main/cli/commands/info';
import { readInfo, readInfoWhole } from '../../src/main/cli/commands/infoSource';
import { digestPath } from '../../src/main/storage/digestFile';
import { levelsPath } from '../../src/main/storage/levelsFile';
import { openDigest } from '../../src/main/storage/sessionDigest';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { LEVELS_MIN_BYTES, openLevels } from '../../src/main/storage/sessionLevels';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import { ensureZstd } from '../../src/main/storage/zstd';
import { builtinRegistry } from '../../src/shared/registry';
import { ColumnBuilder, type SessionData } from '../../src/shared/session/data';
import { decodedBatchCount } from '../../src/shared/session/decode';
import { cleanTempDirs, makeMeta, tempDir } from '../sessions/helpers';

/*
 * The digest sidecar (sessionDigest.ts): `info` from it prints what a full decode prints, a
 * second `info` decodes no batch, a digest that is damaged or of other bytes is built again,
 * and the library moves and deletes it with the session.
 */

/** `rows` noisy 1 Hz samples (payload sometimes above wire: invariant violations to count). */
function session(rows: number, id: string): SessionData {
  const meta = makeMeta(builtinRegistry(), { id, notReported: {} });
  const b = new ColumnBuilder(meta.registry.length, rows);
  const v = new Float64Array(meta.registry.length);
  let rnd = 11;
  const r = () => {
    rnd = (rnd * 1103515245 + 12345) & 0x7fffffff;
    return rnd / 0x7fffffff;
  };
  for (let k = 0; k < rows; k++) {
    meta.registry.forEach((e, i) => {
      if (e.kind === 'counter') v[i] = (v[i] as number) + Math.round(r() * (i + 1) * 1000);
      else v[i] = i === 2 && k % 97 < 5 ? Number.NaN : Math.round(r() * 100 + i);
    });
    b.push(meta.startedAt + k * 1000, k % 700 < 200, v);
  }
  return b.build(meta);
}

async function infoLines(file: string): Promise<string[]> {
  const out: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((s: string) => {
    out.push(String(s));
  });
  try {
    expect(await info.run([file])).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return out;
}

let dir: string;
let file: string;

beforeAll(async () => {
  await ensureZstd();
  dir = tempDir();
  file = join(dir, 'long.arrow');
  await writeSessionFile(session(40_000, 'long'), file);
}, 60_000);
afterAll(cleanTempDirs);

describe('session digest', () => {
  it('is large enough for info to take the digest path', () => {
    expect(statSync(file).size).toBeGreaterThanOrEqual(LEVELS_MIN_BYTES);
  });

  it('info via the digest equals info via a full decode; the second info decodes no batch', async () => {
    expect(() => statSync(digestPath(file))).toThrow();
    const whole = await readInfoWhole(file, {});
    expect(whole.invariants.violations).toBeGreaterThan(0); // something to compare beyond zeros
    let before = decodedBatchCount();
    const first = await infoLines(file);
    expect(decodedBatchCount()).toBeGreaterThan(before); // no digest yet: one decode builds it
    expect(statSync(digestPath(file)).isFile()).toBe(true);
    expect(statSync(levelsPath(file)).isFile()).toBe(true); // built from the same decode
    before = decodedBatchCount();
    const second = await infoLines(file);
    const viaDigest = await readInfo(file, {});
    expect(decodedBatchCount()).toBe(before);
    expect(second).toEqual(first);
    expect(viaDigest).toEqual(whole);
  }, 60_000);

  it('a damaged, stale or foreign digest is built again, never trusted', async () => {
    const good = readFileSync(digestPath(file), 'utf8');
    const outer = JSON.parse(good) as { body: string };
    // A changed figure inside the body: its CRC no longer holds.
    const forged = JSON.stringify({ ...outer, body: outer.body.replace('"samples":40000', '"samples":40001') });
    expect(forged).not.toBe(good);
    for (const bad of [forged, good.slice(0, good.length / 2), '{}', 'not json']) {
      writeFileSync(digestPath(file), bad);
      const before = decodedBatchCount();
      const got = await openDigest(file);
      expect(got?.built).toBe(true);
      expect(got?.digest.samples).toBe(40_000);
      expect(decodedBatchCount()).toBeGreaterThan(before);
      expect(readFileSync(digestPath(file), 'utf8')).toBe(good);
    }
    // The digest of other bytes (same size, another end): keyed to the file, so rebuilt.
    const other = join(dir, 'other.arrow');
    writeFileSync(other, readFileSync(file));
    writeFileSync(digestPath(other), good);
    expect((await openDigest(other))?.built).toBe(false); // a copy keeps its digest
    const bytes = readFileSync(other);
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] as number) ^ 0xff;
    writeFileSync(other, bytes);
    writeFileSync(digestPath(other), good);
    const before = decodedBatchCount();
    await openDigest(other).catch(() => null); // the changed bytes may make it damaged; it is not trusted
    expect(decodedBatchCount()).toBeGreaterThan(before);
  }, 60_000);

  it('building levels for a file without them writes its digest from the same decode', async () => {
    const f = join(dir, 'levels-first.arrow');
    await writeSessionFile(session(3000, 'levels-first'), f);
    expect((await openLevels(f))?.built).toBe(true);
    const before = decodedBatchCount();
    const got = await openDigest(f);
    expect(got?.built).toBe(false);
    expect(decodedBatchCount()).toBe(before);
    const whole = await readInfoWhole(f, {});
    expect(got?.digest.findings).toEqual(whole.findings);
    expect(got?.digest.invariants).toEqual(whole.invariants);
  }, 60_000);

  it('the library deletes and quarantines the digest with its session', async () => {
    const dataDir = join(dir, 'data');
    const library = new SessionLibrary(dataDir);
    const lib = library.dir;
    mkdirSync(lib, { recursive: true });
    for (const id of ['gone', 'moved']) {
      const f = join(lib, `${id}.arrow`);
      await writeSessionFile(session(3000, id), f);
      await openDigest(f);
      expect(statSync(digestPath(f)).isFile()).toBe(true);
    }
    await library.delete('gone');
    expect(() => statSync(digestPath(join(lib, 'gone.arrow')))).toThrow();
    const q = await library.quarantine('moved');
    expect(() => statSync(digestPath(join(lib, 'moved.arrow')))).toThrow();
    expect(q.files.some((p) => p.endsWith('moved.digest.json'))).toBe(true);
  }, 60_000);
});
