import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli/index';
import { exportSession } from '../../src/main/storage/sessionExport';
import { readSessionFile } from '../../src/main/storage/sessionFiles';
import { ensureZstd } from '../../src/main/storage/zstd';
import { captureConsole } from '../helpers/console';
import { cleanTempDirs, FIXTURES, LT, makeData, recordSession, tempDir } from '../sessions/helpers';

/*
 * Every reader against a few hundred seeded mutations of real files: a recording (written the
 * way the recorder writes), a CSV export, an irontide NDJSON dump and a libtorrent log, each
 * bit-flipped, cut, spliced, padded with junk, given huge numbers, control characters, bytes
 * that are not UTF-8, or wrong metadata. `info`, `import`, `export` and `compare` run on each
 * file through the CLI's own entry: every run ends in time with exit 0 (maybe with warnings) or
 * exit 1 with a message naming the file, never a stack trace, and the file is unchanged. The
 * process's peak memory grows by a bounded amount over the whole run.
 */

const { out, err } = captureConsole();
afterAll(cleanTempDirs);

/** mulberry32: the same mutations on every machine. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const HUGE = ['1e309', '-1e309', '99999999999999999999999999', '1e16', 'NaN', '-0', '0x10', '1e-400', ''];
const JUNK = ['\u001b[2J\u001b]0;pwned\u0007', '\u202e', '\u0000', 'yes', 'maybe', '"', ',,,', '\n', '\r\n', '[', '}'];
const META = [
  ['"intervalMs":1000', '"intervalMs":1e12'],
  ['"startedAt":', '"startedAt":1e20,"x":'],
  ['"version":1', '"version":2'],
  ['"kind":"counter"', '"kind":"rate"'],
  ['"registry":[', '"registry":[{"name":"t","kind":"gauge","unit":""},'],
] as const;

/** One mutation of `seed`, chosen by `op`; text inputs also get text-shaped damage. */
function mutate(seed: Buffer, op: number, r: (n: number) => number, text: boolean): Buffer {
  const b = Buffer.from(seed);
  const at = r(b.length);
  switch (op % 9) {
    case 0:
      for (let j = 0; j < 1 + r(16); j++) {
        const i = r(b.length);
        b[i] = (b[i] as number) ^ (1 << r(8));
      }
      return b;
    case 1:
      return b.subarray(0, at);
    case 2:
      return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + r(4096)))]);
    case 3:
      return Buffer.concat([
        b.subarray(0, at),
        Buffer.from(Array.from({ length: 1 + r(64) }, () => r(256))),
        b.subarray(at),
      ]);
    case 4: {
      const from = r(b.length);
      return Buffer.concat([b.subarray(0, at), b.subarray(from, from + 1 + r(8192)), b.subarray(at)]);
    }
    case 5: {
      // A number (or the text after a separator) replaced by a huge, odd or empty one.
      const s = b.toString('latin1');
      const m = [...s.matchAll(/\d+(\.\d+)?/g)];
      const hit = m[r(Math.max(1, m.length))];
      if (!hit || hit.index === undefined) return b;
      return Buffer.concat([
        b.subarray(0, hit.index),
        Buffer.from(HUGE[r(HUGE.length)] as string),
        b.subarray(hit.index + hit[0].length),
      ]);
    }
    case 6:
      return Buffer.concat([b.subarray(0, at), Buffer.from(JUNK[r(JUNK.length)] as string), b.subarray(at)]);
    case 7:
      // Bytes that are not UTF-8 (a Latin-1 name, a stray continuation byte).
      return Buffer.concat([
        b.subarray(0, at),
        Buffer.from([[0xff, 0xe9, 0x80, 0xc0][r(4)] as number]),
        b.subarray(at),
      ]);
    default: {
      if (text) return Buffer.concat([b, Buffer.from(`\n${HUGE[r(HUGE.length)]},${JUNK[r(JUNK.length)]}`)]);
      const [from, to] = META[r(META.length)] as readonly [string, string];
      const k = b.indexOf(from);
      if (k < 0) return b;
      // Same length where it fits, so the Arrow framing around the JSON stays where it was.
      const replaced = Buffer.from(to.length <= from.length ? to.padEnd(from.length) : to);
      return Buffer.concat([b.subarray(0, k), replaced, b.subarray(k + from.length)]);
    }
  }
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** No run may take this long; a hang fails the test instead of stalling CI. */
const RUN_LIMIT_MS = 30_000;
/** Peak memory (maxRSS) may grow by at most this much over the whole fuzz run. */
const PEAK_GROWTH_BYTES = 1536 * 2 ** 20;

async function run(argv: string[]): Promise<{ code: number; text: string }> {
  out.length = 0;
  err.length = 0;
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hung: tidegauge ${argv.join(' ')}`)), RUN_LIMIT_MS);
  });
  try {
    const code = await Promise.race([main(argv), hang]);
    return { code, text: [...out, ...err].join('\n') };
  } finally {
    clearTimeout(timer);
  }
}

describe('fuzz: every reader on mutated recordings, CSVs, NDJSON dumps and libtorrent logs', () => {
  const dir = tempDir();
  const seeds: { kind: string; bytes: Buffer; text: boolean }[] = [];
  let good = '';

  beforeAll(async () => {
    await ensureZstd();
    // A recording written sample by sample, as the recorder does (two checksummed batches and a bit).
    const rec = join(dir, 'recording.arrow');
    recordSession(rec, makeData(1000), { journal: false }).close();
    good = rec;
    const csv = join(dir, 'export.csv');
    await exportSession((await readSessionFile(rec)).data, csv, { format: 'csv', range: { fromS: 0, toS: 60 } });
    seeds.push(
      { kind: 'recording', bytes: readFileSync(rec), text: false },
      { kind: 'v1', bytes: readFileSync(join(FIXTURES, 'no-checksums-v1.arrow')), text: false },
      { kind: 'csv', bytes: readFileSync(csv), text: true },
      { kind: 'user-csv', bytes: readFileSync(join(LT, 'user-export.csv')), text: true },
      { kind: 'ndjson', bytes: readFileSync(join(LT, 'irontide-dump.ndjson')), text: true },
      { kind: 'log', bytes: readFileSync(join(LT, 'libtorrent-download.log')), text: true },
    );
  });

  it('a clear error or a warning for each, in time, never a stack trace, the input unchanged', async () => {
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    const outcomes = new Map<string, number>();
    const PER_SEED = 60;
    for (const [s, seed] of seeds.entries()) {
      const r = prng(1000 + s);
      const ext = seed.kind.includes('csv')
        ? '.csv'
        : seed.kind === 'ndjson'
          ? '.ndjson'
          : seed.kind === 'log'
            ? '.log'
            : '.arrow';
      for (let k = 0; k < PER_SEED; k++) {
        const bytes = mutate(seed.bytes, k, r, seed.text);
        const f = join(dir, `fuzz-${seed.kind}-${k}${ext}`);
        writeFileSync(f, bytes);
        const before = sha(bytes);
        const runs: [string, string[]][] = [
          ['info', ['info', f]],
          ['import', ['import', f, '-o', `${f}.imported.arrow`]],
          ['export', ['export', f, '--format', k % 2 ? 'csv' : 'arrow', '-o', `${f}.exported`]],
          ['compare', ['compare', good, f]],
        ];
        for (const [name, argv] of runs) {
          const { code, text } = await run(argv);
          const what = `${name} ${basename(f)} (mutation ${k % 9})`;
          expect([0, 1], `${what}: exit ${code}\n${text}`).toContain(code);
          expect(text, what).not.toMatch(/internal error|\n\s+at |Error: /);
          if (code === 1)
            expect(text, what).toMatch(
              new RegExp(`^tidegauge ${name}: [^\\n]*${basename(f).replace(/[.]/g, '\\.')}`, 'm'),
            );
          const key = `${seed.kind} ${name} ${code === 0 ? (/warning/.test(text) ? 'warning' : 'ok') : 'error'}`;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        }
        expect(sha(readFileSync(f)), `${basename(f)} changed`).toBe(before);
        for (const n of readdirSync(dir)) if (n.startsWith(basename(f))) rmSync(join(dir, n), { force: true });
      }
    }
    const peakGrowth = process.resourceUsage().maxRSS * 1024 - peakBefore;
    // FUZZ_SUMMARY=1 prints how the runs ended, per input kind and command.
    if (process.env.FUZZ_SUMMARY)
      process.stdout.write(
        `${[...outcomes]
          .sort()
          .map(([k, n]) => `${k}: ${n}`)
          .join('\n')}\npeak memory +${peakGrowth >> 20} MiB\n`,
      );
    expect(peakGrowth, `peak memory grew by ${(peakGrowth / 2 ** 20).toFixed(0)} MiB`).toBeLessThan(PEAK_GROWTH_BYTES);
    // The corpus exercises both outcomes: files that still read (some with warnings) and refused ones.
    const count = (re: RegExp) => [...outcomes].filter(([k]) => re.test(k)).reduce((a, [, n]) => a + n, 0);
    expect(count(/^recording info (ok|warning)/)).toBeGreaterThan(0);
    expect(count(/^recording info error/)).toBeGreaterThan(0);
    expect(count(/^(csv|ndjson|log) import (ok|warning)/)).toBeGreaterThan(0);
    expect(count(/^(csv|ndjson|log) import error/)).toBeGreaterThan(0);
  }, 180_000);
});
