import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli/index';
import { readSessionFile, SessionFileError } from '../../src/main/storage/sessionFiles';
import { ensureZstd } from '../../src/main/storage/zstd';
import {
  decodeSession,
  EOS,
  encodeSession,
  SessionFormatError,
  SessionStreamEncoder,
  scanStream,
} from '../../src/shared/session/arrow';
import { captureConsole } from '../helpers/console';
import { cleanTempDirs, decompressionBomb, makeData, makeMeta, rebuildBatch, recordSession, tempDir } from './helpers';

const { err } = captureConsole();
beforeAll(() => ensureZstd());
afterAll(cleanTempDirs);

const MB = 1024 * 1024;
let dir: string;
let small: Buffer;
const data = makeData(90);

beforeAll(() => {
  dir = tempDir();
  const path = join(dir, 'small.arrow');
  const w = recordSession(path, data, { batchRows: 30, batchMs: 1e9 });
  w.close();
  small = readFileSync(path);
});

function rss(): number {
  return process.memoryUsage().rss;
}

describe('decoding within bounds', () => {
  it('1–64 bytes inserted or deleted anywhere in a small recording: each fails or opens at once, memory bounded', async () => {
    expect(small.length).toBeLessThan(100 * 1024);
    let rnd = 4713;
    const next = (n: number) => {
      rnd = (rnd * 1103515245 + 12345) & 0x7fffffff;
      return rnd % n;
    };
    const base = rss();
    let peak = base;
    const outcomes = { opened: 0, refused: 0, warned: 0 };
    for (let k = 0; k < 160; k++) {
      const at = next(small.length);
      const n = 1 + next(64);
      const mutated =
        k % 2
          ? Buffer.concat([
              small.subarray(0, at),
              Buffer.from(Array.from({ length: n }, () => next(256))),
              small.subarray(at),
            ])
          : Buffer.concat([small.subarray(0, at), small.subarray(at + n)]);
      try {
        const d = decodeSession(new Uint8Array(mutated));
        outcomes.opened++;
        if (d.warnings.length) outcomes.warned++;
        // Whatever opened is the recording's own samples.
        for (let i = 0; i < d.data.length; i++) {
          const r = Math.round(((d.data.t[i] as number) - data.meta.startedAt) / 1000);
          expect(d.data.columns[0]?.[i], `mutation ${k}`).toBe(data.columns[0]?.[r]);
        }
      } catch (e) {
        if (!(e instanceof SessionFormatError)) throw new Error(`mutation ${k} (${at}, ${n}): ${(e as Error).stack}`);
        expect(e.message).not.toMatch(/\n\s+at /);
        outcomes.refused++;
      }
      peak = Math.max(peak, rss());
    }
    expect(peak - base).toBeLessThan(200 * MB);
    expect(outcomes.opened).toBeGreaterThan(0);
    expect(outcomes.warned).toBeGreaterThan(0);
  }, 120_000);

  it('a decompression bomb (900 samples whose columns inflate to 892 MB) is refused before it is inflated', async () => {
    const f = join(dir, 'bomb.arrow');
    writeFileSync(f, decompressionBomb(data.meta));
    expect(readFileSync(f).length).toBeLessThan(600 * 1024);
    const before = rss();
    await expect(readSessionFile(f)).rejects.toThrow(SessionFileError);
    await expect(readSessionFile(f)).rejects.toThrow(
      /bomb\.arrow: no record batch could be read: record batch 0 .* has the value buffer of column "net\.bytes_sent" that decompresses to 9000000 bytes, but its 900 samples need 7200: refused/,
    );
    expect(rss() - before).toBeLessThan(200 * MB);
  });

  it('a session larger than the decoded-size limit is refused by its declared size, before allocating', () => {
    expect(() => decodeSession(new Uint8Array(small), { maxDecodedBytes: 10_000 })).toThrow(
      /declares 90 samples of 99 metrics: 0 MiB decoded, more than the 0 MiB limit/,
    );
    expect(decodeSession(new Uint8Array(small)).data.length).toBe(90);
  });
});

/** An uncompressed session whose sample `r` has time `t`, its checksum made to match (as a bad writer would). */
function withTime(rows: number, batchRows: number, r: number, t: bigint): Buffer {
  const d = makeData(rows);
  const enc = new SessionStreamEncoder(d.meta, null);
  const parts: Uint8Array[] = [enc.header()];
  for (let a = 0; a < rows; a += batchRows) {
    const values = new Float64Array(batchRows * 99);
    for (let i = 0; i < 99; i++)
      for (let k = 0; k < batchRows; k++) values[k * 99 + i] = d.columns[i]?.[a + k] as number;
    const msg = enc.batch({
      length: batchRows,
      t: d.t.subarray(a, a + batchRows),
      diagnostics: d.diagnostics.subarray(a, a + batchRows),
      values,
    });
    parts.push(
      r >= a && r < a + batchRows
        ? rebuildBatch(msg, (i, old) => {
            if (i !== 1) return old;
            const b = Buffer.from(old);
            b.writeBigInt64LE(t, 8 * (r - a));
            return b;
          })
        : msg,
    );
  }
  parts.push(EOS);
  return Buffer.concat(parts);
}

describe('validating what is read', () => {
  it('a time outside ±8.64e15 ms in one batch: that batch is skipped with a warning naming the field, the rest opens', async () => {
    const f = join(dir, 'far-future-one.arrow');
    writeFileSync(f, withTime(120, 60, 70, 9_000_000_000_000_000_000n));
    expect(
      scanStream(new Uint8Array(readFileSync(f)))
        .messages.slice(1)
        .map((m) => m.checksum),
    ).toEqual(['ok', 'ok']);
    const opened = await readSessionFile(f);
    expect(opened.data.length).toBe(60);
    expect(opened.warnings.join('\n')).toMatch(
      /record batch 1 .* has sample 70 at time \(t\) 9000000000000000000 ms, outside the range of dates \(±8640000000000000 ms\); skipped: the samples after .* are missing/,
    );
  });

  it('a file whose only batch has such a time: info and export fail with one clear line, no stack trace', async () => {
    const f = join(dir, 'far-past.arrow');
    writeFileSync(f, withTime(30, 30, 4, -9_000_000_000_000_000_000n));
    await expect(readSessionFile(f)).rejects.toThrow(
      /far-past\.arrow: no record batch could be read: .*sample 4 at time \(t\)/,
    );
    for (const argv of [
      ['info', f],
      ['export', f, '--format', 'csv', '-o', join(dir, 'x.csv')],
    ]) {
      err.length = 0;
      expect(await main(argv), argv[0]).toBe(1);
      const text = err.join('\n');
      expect(text).toContain(`${f}: no record batch could be read`);
      expect(text).not.toMatch(/RangeError|\n\s+at /);
    }
  });

  it('time that goes back (a clock set back) opens with one warning, samples kept in file order', () => {
    const d = makeData(50);
    const t = d.t as Float64Array;
    t[20] = (t[19] as number) - 5000;
    const got = decodeSession(encodeSession(d));
    expect(got.data.length).toBe(50);
    expect(got.warnings).toEqual([
      'the time (t) goes back once, first at sample 20 by 5.000 s (a clock set back while recording?); the samples are kept in file order',
    ]);
  });

  it('a start time outside the range of dates is refused naming the field', () => {
    const d = makeData(5);
    expect(() => decodeSession(encodeSession({ ...d, meta: makeMeta(undefined, { startedAt: 1e17 }) }))).toThrow(
      /tidegauge\.session metadata: startedAt: .*8640000000000000/,
    );
  });
});
