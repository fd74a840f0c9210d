import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSessionFile } from '../../src/main/storage/sessionFiles';
import { ensureZstd } from '../../src/main/storage/zstd';
import { decodeSession, SessionFormatError, scanStream } from '../../src/shared/session/arrow';
import type { SessionData } from '../../src/shared/session/data';
import { cleanTempDirs, expectSameData, FIXTURES, makeData, recordSession, tempDir } from './helpers';

beforeAll(() => ensureZstd());
afterAll(cleanTempDirs);

const ROWS = 3000;
const BATCH = 500;
const data = makeData(ROWS);
let dir: string;
let good: Buffer;

beforeAll(() => {
  dir = tempDir();
  const path = join(dir, 'recorded.arrow');
  // Written as the recorder writes: sample by sample, a batch every 500 samples.
  const w = recordSession(path, data, { batchRows: BATCH, batchMs: 1e9 });
  w.close();
  good = readFileSync(path);
});

let rnd = 20261202;
const next = (n: number) => {
  rnd = (rnd * 1103515245 + 12345) & 0x7fffffff;
  return rnd % n;
};

/**
 * Never silently wrong: every sample read back is the recorded sample at that time, all 99
 * values, and every recorded sample that is missing lies inside a time range a warning names.
 */
function expectFaithful(got: SessionData, damaged: readonly { after: number | null; before: number | null }[]) {
  const at = new Map<number, number>();
  data.t.forEach((t, r) => {
    at.set(t, r);
  });
  const present = new Set<number>();
  for (let i = 0; i < got.length; i++) {
    const r = at.get(got.t[i] as number);
    if (r === undefined) throw new Error(`sample ${i} has a time (${got.t[i]}) that was never recorded`);
    present.add(r);
    for (let c = 0; c < 99; c++) {
      const x = got.columns[c]?.[i] as number;
      const y = data.columns[c]?.[r] as number;
      if (!(x === y || (Number.isNaN(x) && Number.isNaN(y))))
        throw new Error(`row ${r} column ${c}: ${x} read as ${y}`);
    }
  }
  for (let r = 0; r < ROWS; r++) {
    if (present.has(r)) continue;
    const t = data.t[r] as number;
    const covered = damaged.some((d) => (d.after === null || d.after < t) && (d.before === null || t < d.before));
    if (!covered) throw new Error(`sample ${r} is missing but no warning covers its time`);
  }
}

describe('record batch checksums', () => {
  it('every batch the recorder writes carries a CRC-32 of its body, and the schema says so', () => {
    const scan = scanStream(new Uint8Array(good));
    expect(scan.checksummed).toBe(true);
    const batches = scan.messages.slice(1);
    expect(batches.map((m) => m.rows)).toEqual([500, 500, 500, 500, 500, 500]);
    expect(batches.map((m) => m.checksum)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
  });

  it('42 single-bit flips in batch data: each time the one damaged batch is reported with its time range, the rest intact', async () => {
    const scan = scanStream(new Uint8Array(good));
    const batches = scan.messages.slice(1);
    for (let k = 0; k < 42; k++) {
      const b = Buffer.from(good);
      const which = k % batches.length;
      const m = batches[which]!;
      const at = m.bodyOffset + next(m.offset + m.size - m.bodyOffset);
      b[at] = (b[at] as number) ^ (1 << next(8));
      const f = join(dir, `flip-${k}.arrow`);
      writeFileSync(f, b);
      const opened = await readSessionFile(f);
      expect(opened.data.length, `flip ${k} at byte ${at}`).toBe(ROWS - BATCH);
      const first = which * BATCH;
      const iso = (r: number) => new Date(data.t[r] as number).toISOString();
      const range =
        which === 0
          ? `the samples before ${iso(BATCH)} are missing`
          : which === batches.length - 1
            ? `the samples after ${iso(first - 1)} are missing`
            : `the samples between ${iso(first - 1)} and ${iso(first + BATCH)} are missing`;
      expect(opened.warnings).toEqual([
        `record batch ${which} (bytes ${m.offset}–${m.offset + m.size}, 500 samples) failed its checksum (the bytes changed after it was written); skipped: ${range}`,
      ]);
      expect(opened.state).toBe('complete');
      expectFaithful(opened.data, [{ after: data.t[first - 1] ?? null, before: data.t[first + BATCH] ?? null }]);
    }
  });

  it('120 single-bit flips anywhere in the batch messages, headers included: never a silently changed value', async () => {
    const scan = scanStream(new Uint8Array(good));
    const from = scan.messages[1]!.offset;
    let reported = 0;
    let refused = 0;
    for (let k = 0; k < 120; k++) {
      const copy = new Uint8Array(good);
      // Half in the headers (the first ~5 KB of each message), half anywhere.
      const m = scan.messages[1 + (k % 6)]!;
      const at = k % 2 ? from + next(good.length - from - 8) : m.offset + next(m.bodyOffset - m.offset);
      copy[at] = (copy[at] as number) ^ (1 << next(8));
      let d: ReturnType<typeof decodeSession>;
      try {
        d = decodeSession(copy);
      } catch (e) {
        expect(e).toBeInstanceOf(SessionFormatError); // a clear refusal, not a crash
        refused++;
        continue;
      }
      if (d.damaged.length || d.warnings.length) reported++;
      expectFaithful(d.data, d.damaged);
    }
    // A flip in padding or an unused byte changes nothing; most are caught.
    expect(reported + refused).toBeGreaterThan(90);
  });

  it('files written before checksums keep opening, with no warning', async () => {
    const f = join(FIXTURES, 'no-checksums-v1.arrow');
    const bytes = readFileSync(f);
    const scan = scanStream(new Uint8Array(bytes));
    expect(scan.checksummed).toBe(false);
    expect(scan.messages.slice(1).map((m) => m.checksum)).toEqual(['none', 'none']);
    const opened = await readSessionFile(f);
    expect(opened.warnings).toEqual([]);
    expect(opened.state).toBe('complete');
    expectSameData(opened.data, makeData(120));
    expect(readFileSync(f).equals(bytes)).toBe(true);
  });
});

describe('CRC-32', () => {
  it('is the CRC zlib computes, in JavaScript and through a registered native one', async () => {
    const { crc32, setNativeCrc32 } = await import('../../src/shared/session/crc32');
    const zlib = await import('node:zlib');
    const b = new Uint8Array(10_007).map((_, i) => (i * 2654435761) >>> 13);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    for (const [s, e] of [
      [0, b.length],
      [3, 9000],
      [5, 12],
      [0, 0],
    ] as const) {
      const want = zlib.crc32(b.subarray(s, e));
      expect(crc32(b, s, e)).toBe(want);
      setNativeCrc32(zlib.crc32);
      expect(crc32(b, s, e)).toBe(want);
      setNativeCrc32(null);
    }
  });
});
